package lookup

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// ErrOutside is wrapped by Locate's error when the point is in no zone of
// any level.
var ErrOutside = errors.New("outside the zoned area")

// Answer is the public answer for a point: per level, the zone's school(s).
// It holds no household or child data.
type Answer struct {
	County string `json:"county"`
	// Point is the WGS84 [lon, lat] a Locate answer is for (the caller's,
	// converted); nil in a Match answer, which never shows where a home is
	// (its distances are from a home of the place near its middle).
	Point  *orb.Point    `json:"point,omitempty"`
	Levels []LevelAnswer `json:"levels"`
}

// LevelAnswer is one level's zone at the point.
type LevelAnswer struct {
	Level     string `json:"level"`      // primary or junior
	LevelName string `json:"level_name"` // 小学 or 初中
	// ZoneID names a multi-school zone (多校划片): its schools admit by
	// lottery; "" for a single-school zone.
	ZoneID  string         `json:"zone_id,omitempty"`
	Schools []SchoolAnswer `json:"schools"`
	// Notice is the zone's paragraph of the enrollment notice (招生公告).
	Notice string `json:"notice"`
	// Split is true when the matched place's homes lie in more than one
	// zone of the level: the answer is that of most of them, so confirm it
	// with the bureau.
	Split bool `json:"split,omitempty"`
}

// SchoolAnswer is one school of a zone.
type SchoolAnswer struct {
	SchoolID string `json:"school_id"`
	Name     string `json:"name"`
	Address  string `json:"address,omitempty"` // campus address; "" when schools.csv gives none
	// DistanceM is the great-circle distance in metres from the point to
	// the campus; nil when the answer has no point (a house number known
	// only from a zones.csv range).
	DistanceM *float64 `json:"distance_m,omitempty"`
	// RouteM is the walk in metres along the county's roads from the point
	// to the campus, and WalkMin its time at the configured walking speed
	// (policy.walk_speed_m_per_min); nil without a road layer, without a
	// point, or when no road within the cut-off reaches the campus.
	RouteM  *float64 `json:"route_m,omitempty"`
	WalkMin *float64 `json:"walk_min,omitempty"`
	// LotteryOdds is, for a school of a multi-school zone, the share of its
	// first-choice applicants it admitted in the plan's year (metrics.json
	// lotteries); nil when not given.
	LotteryOdds *float64 `json:"lottery_odds,omitempty"`
}

// Locate answers for a point in WGS84 lon, lat (convert GCJ-02 or BD-09 with
// geo.ToWGS84 first). A level whose zones do not hold the point is left out;
// it is an error wrapping ErrOutside when no level's do, and an error when
// the coordinates are not finite or out of range.
func (p *Plan) Locate(pt orb.Point) (Answer, error) {
	if err := checkPoint(pt); err != nil {
		return Answer{}, err
	}
	zs := p.zoneAt(pt)
	if !slices.ContainsFunc(zs, func(z int) bool { return z >= 0 }) {
		return Answer{}, fmt.Errorf("lookup: point (%.6f, %.6f) is %w of %s", pt[0], pt[1], ErrOutside, p.county)
	}
	a := p.answer(pt, true, zs, nil)
	a.Point = &pt
	return a, nil
}

// checkPoint accepts finite WGS84 coordinates: lon in [-180, 180], lat in
// [-90, 90].
func checkPoint(pt orb.Point) error {
	for _, v := range pt {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errors.New("lookup: coordinates must be finite numbers")
		}
	}
	if pt[0] < -180 || pt[0] > 180 || pt[1] < -90 || pt[1] > 90 {
		return fmt.Errorf("lookup: point (%g, %g) out of range (accepted: lon -180..180, lat -90..90)", pt[0], pt[1])
	}
	return nil
}

// zoneAt returns per level the index of the zone holding pt, -1 for none.
func (p *Plan) zoneAt(pt orb.Point) []int {
	zs := make([]int, len(p.levels))
	for i, lp := range p.levels {
		zs[i] = -1
		if hits := lp.index.Locate(pt); len(hits) > 0 {
			zs[i] = hits[0]
		}
	}
	return zs
}

// answer builds the answer for zone zs[i] of each level i (-1: none), with
// distances from pt when hasPoint.
func (p *Plan) answer(pt orb.Point, hasPoint bool, zs []int, split []bool) Answer {
	a := Answer{County: p.county, Levels: []LevelAnswer{}}
	for i, lp := range p.levels {
		if zs[i] < 0 {
			continue
		}
		z := &lp.zones[zs[i]]
		la := LevelAnswer{Level: string(lp.level), LevelName: lp.level.Chinese(), ZoneID: z.id, Notice: z.notice}
		if split != nil {
			la.Split = split[i]
		}
		for k, id := range z.schools {
			s := p.schools[id]
			sa := SchoolAnswer{SchoolID: s.ID, Name: s.Name, Address: s.Address, LotteryOdds: z.odds[k]}
			if hasPoint {
				d := math.Round(geo.Distance(pt, s.Loc))
				sa.DistanceM = &d
				if p.routes != nil {
					if r, ok := p.routes.Walk(pt, s.Loc); ok {
						r = math.Round(r)
						sa.RouteM = &r
						if p.walkSpeed > 0 {
							m := math.Round(r / p.walkSpeed)
							sa.WalkMin = &m
						}
					}
				}
			}
			la.Schools = append(la.Schools, sa)
		}
		a.Levels = append(a.Levels, la)
	}
	return a
}
