package engine

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
)

// ProposedLocksFile is the locks file of the run's multi-school zone
// proposals (Result.ShareProposals), written into the output folder when
// there is at least one: the run's own locks followed by a share row per
// proposed school, ready for --locks. Nothing changes unless the planner
// passes it.
const ProposedLocksFile = "proposed-locks.csv"

// ShareProposal is a multi-school zone (多校划片) the run proposes where a
// school's nearby demand overflows its intake.
//
// The nearby demand is the school's share of the nearest-school partition:
// every unit goes to the zoned school (public, with intake places) nearest
// its centre by the run's metric (Problem.Metric: the walk along the roads
// when the run measures routes, else the great-circle distance), and a
// school's nearby demand is the entrants placed through the zones (those
// whose family chose a private school are not counted) of its units. A
// school whose nearby demand is above zoning.share_ratio times its intake
// overflows by demand − intake entrants.
//
// The neighbours are chosen greedily, nearest first: among the schools
// whose nearest-school area borders the zone's area so far (units next to
// each other on the unit graph), with spare intake (intake − nearby demand
// > 0), within zoning.share_reach_m of the overflowing school's campus, in
// no multi-school zone already and in no other proposal, the one nearest
// the overflowing school's campus (by the run's metric) joins, and its
// area with it; this repeats until the joint spare intake absorbs the
// overflow (the fewest of the nearest) or no such school is left (Short
// then counts the entrants not absorbed). A school with no such neighbour
// gets no proposal. The zone's area is one piece of the unit graph.
// Schools overflow in order of their ratio, highest first, each taking its
// neighbours before the next.
type ShareProposal struct {
	Level  dataset.Level
	ZoneID string // the proposed zone_id: the school's section name and 多校划片
	// School is the overflowing school (an index into ds.Schools);
	// Schools are the zone's schools, School first, then the neighbours
	// in the order they joined (nearest first).
	School  int
	Schools []int
	// NearbyDemand[i] and Intake[i]: the nearby demand and intake places
	// of Schools[i]; Ratio is NearbyDemand[0] / Intake[0].
	NearbyDemand []int
	Intake       []int
	Ratio        float64
	// ApartM[i]: the distance in metres from the overflowing school's
	// campus to Schools[i]'s, by the run's metric (0 for the first).
	ApartM []float64
	// Short counts the overflowing entrants the neighbours' joint spare
	// intake could not absorb; 0 when it does.
	Short int
	// Odds is the zone's lottery estimated with the run's seed: Place on
	// the nearest-school partition with the proposed schools' areas made
	// one shared zone, the level's entrants and intakes as the run placed
	// them. One entry per school of the zone, in the order of Schools.
	Odds []Odds
	// InZone[p]: the entrants of priority p (local, permit, other) living
	// in the zone's area, and Seated[p] those of them the estimate seats at
	// a school of the zone.
	InZone, Seated [3]int
	// The mean distance of the entrants living in the zone's area, metres,
	// along the roads when the run measures routes (as the service radius
	// counts them: Result.walkM): RedrawM as this run's redraw seated them
	// (no share), SingleM by Place on the nearest-school partition without
	// the share, SharedM with it. These are estimates of what the share
	// does, not a redraw with it: pass the locks file to see that.
	RedrawM, SingleM, SharedM float64
	Compared                  int // the entrants of the means: seated in all three
}

// SavedM returns the distance the share saves, metres per entrant of its
// area: this run's redraw's mean without the share minus the estimate's
// mean with it (negative: the share costs distance).
func (sp *ShareProposal) SavedM() float64 { return sp.RedrawM - sp.SharedM }

// ShareProposals returns the multi-school zones the run proposes, level by
// level, in order of the overflowing schools' ratio, highest first (see
// ShareProposal). None when no school's nearby demand is above
// zoning.share_ratio times its intake. A final result computes them once.
func (r *Result) ShareProposals() []ShareProposal {
	if r.derived == nil {
		return r.shareProposals()
	}
	r.derived.propOnce.Do(func() { r.derived.props = r.shareProposals() })
	return r.derived.props
}

func (r *Result) shareProposals() []ShareProposal {
	var out []ShareProposal
	if r.Units == nil {
		return nil
	}
	for _, lr := range r.Levels {
		out = append(out, r.levelProposals(lr)...)
	}
	return out
}

// levelProposals finds the proposals of one level.
func (r *Result) levelProposals(lr *LevelResult) []ShareProposal {
	p := lr.problem
	if p == nil || p.Units == nil || len(p.Demand) != len(r.Homes) || len(lr.Zoned) < 2 || len(lr.Schools) != len(r.Dataset.Schools) {
		return nil
	}
	ratio, reach := r.Config.Zoning.ShareRatio, r.Config.Zoning.ShareReachM
	if ratio <= 0 {
		ratio = 1.5
	}
	if reach <= 0 {
		reach = 5000
	}
	ds, us := r.Dataset, p.Units
	metric := p.Metric
	if metric == nil {
		metric = zones.Straight
	}
	zoned := lr.zonedSchools()
	near := nearestZoned(ds, us, metric, zoned) // unit → position in zoned
	dem := p.UnitDemand()
	nearby := make([]int, len(zoned))
	for u, k := range near {
		nearby[k] += dem[u]
	}
	// The schools that may take part: in no multi-school zone already.
	free := make([]bool, len(zoned))
	for k := range zoned {
		z := lr.Zoned[k].Zone
		free[k] = z >= len(lr.Zones) || len(lr.Zones[z].Schools) < 2
	}
	intake := func(k int) int { return lr.Schools[zoned[k]].Capacity }
	var over []int
	for k := range zoned {
		if free[k] && intake(k) > 0 && float64(nearby[k]) > ratio*float64(intake(k)) {
			over = append(over, k)
		}
	}
	rat := func(k int) float64 { return float64(nearby[k]) / float64(intake(k)) }
	slices.SortStableFunc(over, func(a, b int) int { return cmp.Compare(rat(b), rat(a)) })

	ids := map[string]bool{}
	for _, z := range lr.Zones {
		if z.ID != "" {
			ids[z.ID] = true
		}
	}
	var out []ShareProposal
	for _, k0 := range over {
		if !free[k0] {
			continue
		}
		in := map[int]bool{k0: true}
		members := []int{k0}
		need := nearby[k0] - intake(k0)
		home := ds.Schools[zoned[k0]].Loc
		apart := map[int]float64{} // from the overflowing school, by the metric
		for need > 0 {
			// The schools bordering the zone's area.
			border := map[int]bool{}
			for u, k := range near {
				if !in[k] {
					continue
				}
				for _, v := range us.Adj[u] {
					if b := near[v]; !in[b] && free[b] && intake(b) > nearby[b] {
						border[b] = true
					}
				}
			}
			best, bestD := -1, 0.0
			for b := range border {
				d, ok := apart[b]
				if !ok {
					d = metric.DistanceM(home, ds.Schools[zoned[b]].Loc)
					apart[b] = d
				}
				if d > reach {
					continue
				}
				if best < 0 || d < bestD || d == bestD && b < best {
					best, bestD = b, d
				}
			}
			if best < 0 {
				break
			}
			in[best] = true
			members = append(members, best)
			need -= intake(best) - nearby[best]
		}
		if len(members) < 2 {
			continue // no neighbour with a spare place borders it
		}
		sp := ShareProposal{Level: lr.Level, School: zoned[k0], Ratio: rat(k0), Short: max(need, 0)}
		for _, k := range members {
			free[k] = false
			j := zoned[k]
			sp.Schools = append(sp.Schools, j)
			sp.NearbyDemand = append(sp.NearbyDemand, nearby[k])
			sp.Intake = append(sp.Intake, intake(k))
			sp.ApartM = append(sp.ApartM, apart[k]) // 0 for the overflowing school
		}
		s := &ds.Schools[sp.School]
		id := s.SectionName(lr.Level) + "多校划片"
		if ids[id] {
			id += "（" + s.ID + "）"
		}
		ids[id] = true
		sp.ZoneID = id
		r.estimateShare(lr, &sp, near, in)
		out = append(out, sp)
	}
	return out
}

// nearestZoned returns, for each unit, the position in zoned of the school
// nearest its centre by the metric (ties to the lower position). The
// metric is never below the great-circle distance, so schools are tried in
// order of their straight distance until that exceeds the best found.
func nearestZoned(ds *dataset.Dataset, us *zones.Units, m zones.Metric, zoned []int) []int {
	near := make([]int, len(us.Units))
	order := make([]int, len(zoned))
	straight := make([]float64, len(zoned))
	for u := range us.Units {
		c := us.Units[u].Center
		for k, j := range zoned {
			order[k] = k
			straight[k] = zones.Straight.DistanceM(c, ds.Schools[j].Loc)
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(straight[a], straight[b]) })
		best, bestD := -1, 0.0
		for _, k := range order {
			if best >= 0 && straight[k] > bestD {
				break
			}
			d := m.DistanceM(c, ds.Schools[zoned[k]].Loc)
			if best < 0 || d < bestD || d == bestD && k < best {
				best, bestD = k, d
			}
		}
		near[u] = best
	}
	return near
}

// estimateShare places the level's entrants on the nearest-school
// partition twice, without and with the proposed zone, and sets the
// proposal's odds, priorities and mean distances. in marks the positions
// (in zoned) of the proposal's schools; near is each unit's nearest school.
func (r *Result) estimateShare(lr *LevelResult, sp *ShareProposal, near []int, in map[int]bool) {
	ds := r.Dataset
	capacity := lr.Capacities()
	var entrants []int
	for _, st := range lr.Seats {
		if st.Reason == SeatPrivateChoice {
			if st.School >= 0 {
				capacity[st.School]--
			}
			continue
		}
		entrants = append(entrants, st.Child)
	}
	var fallback []int
	for _, j := range lr.Sections {
		if !ds.Schools[j].Public && capacity[j] > 0 {
			fallback = append(fallback, j)
		}
	}
	// The zones: the run's (a multi-school zone in force stays one), the
	// proposal's schools' made one, last, in the shared estimate.
	single := lr.zoneSchools()
	shared := make([][]int, 0, len(single))
	sharedAt := make([]int, len(single)) // run's zone → the shared estimate's
	for z, m := range single {
		if len(m) == 1 && slices.Contains(sp.Schools, m[0]) {
			sharedAt[z] = -1
			continue
		}
		sharedAt[z] = len(shared)
		shared = append(shared, m)
	}
	pz := len(shared)
	shared = append(shared, sp.Schools)
	zoneSingle := make([]int, len(entrants))
	zoneShared := make([]int, len(entrants))
	area := make([]bool, len(entrants))
	for i, ci := range entrants {
		h := ds.HouseholdIndex(ds.Children[ci].HouseholdID)
		k := near[r.Units.HomeUnit[h]]
		z := lr.Zoned[k].Zone
		zoneSingle[i] = z
		area[i] = in[k]
		if zoneShared[i] = sharedAt[z]; in[k] {
			zoneShared[i] = pz
		}
	}
	pl := Placement{Entrants: entrants, Zone: zoneSingle, Members: single, Capacity: capacity, Overflow: lr.zonedSchools(),
		Fallback: fallback, Seed: r.Config.Zoning.Seed, Metric: lr.problem.Metric}
	seatsSingle, _ := Place(ds, pl)
	pl.Zone, pl.Members = zoneShared, shared
	seatsShared, odds := Place(ds, pl)
	r.routeSeats(seatsSingle)
	r.routeSeats(seatsShared)
	for _, j := range sp.Schools {
		for _, o := range odds {
			if o.Zone == pz && o.School == j {
				sp.Odds = append(sp.Odds, o)
			}
		}
	}
	redraw := map[int]Seat{}
	for _, st := range lr.Seats {
		redraw[st.Child] = st
	}
	var n int
	var sumRedraw, sumSingle, sumShared float64
	for i, ci := range entrants {
		if !area[i] {
			continue
		}
		prio := PriorityOf(&ds.Households[ds.HouseholdIndex(ds.Children[ci].HouseholdID)])
		sp.InZone[prio]++
		if slices.Contains(sp.Schools, seatsShared[i].School) {
			sp.Seated[prio]++
		}
		a, b, c := redraw[ci], seatsSingle[i], seatsShared[i]
		if a.School < 0 || b.School < 0 || c.School < 0 {
			continue // unplaced somewhere: no distance to compare
		}
		n++
		sumRedraw += r.walkM(a)
		sumSingle += r.walkM(b)
		sumShared += r.walkM(c)
	}
	if n > 0 {
		sp.RedrawM, sp.SingleM, sp.SharedM = sumRedraw/float64(n), sumSingle/float64(n), sumShared/float64(n)
	}
	sp.Compared = n
}

// ProposedLocksCSV renders proposed-locks.csv: the run's locks (closed
// sections, shared zones and the planner's pins, by address or lon, lat as
// given) followed by a share row for each school of each proposal, in the
// columns ReadLocks reads. Nil when there is no proposal.
func (r *Result) ProposedLocksCSV() ([]byte, error) {
	props := r.ShareProposals()
	if len(props) == 0 {
		return nil, nil
	}
	ds := r.Dataset
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"level", "school_id", "lock", "zone_id", "address", "lon", "lat"})
	if l := r.Locks; l != nil {
		for _, level := range dataset.Levels {
			for j := range ds.Schools {
				if l.IsClosed(level, j) {
					_ = w.Write([]string{string(level), ds.Schools[j].ID, "closed", "", "", "", ""})
				}
			}
			zs := l.Shares[level]
			for _, id := range slices.Sorted(maps.Keys(zs)) {
				for _, j := range zs[id] {
					_ = w.Write([]string{string(level), ds.Schools[j].ID, "share", id, "", "", ""})
				}
			}
		}
		for _, p := range l.Pins {
			if !p.Required {
				continue
			}
			row := []string{string(p.Level), ds.Schools[p.School].ID, "pin", "", p.Address, "", ""}
			if p.Address == "" && p.Loc != nil {
				row[5] = strconv.FormatFloat(p.Loc[0], 'f', -1, 64)
				row[6] = strconv.FormatFloat(p.Loc[1], 'f', -1, 64)
			}
			_ = w.Write(row)
		}
	}
	for _, sp := range props {
		for _, j := range sp.Schools {
			_ = w.Write([]string{string(sp.Level), ds.Schools[j].ID, "share", sp.ZoneID, "", "", ""})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return b.Bytes(), nil
}

// ShareProposalMetrics is one proposal (ShareProposal) in metrics.json's
// share_proposals.
type ShareProposalMetrics struct {
	Level    string `json:"level"`
	ZoneID   string `json:"zone_id"`
	SchoolID string `json:"school_id"` // the overflowing school
	Name     string `json:"name"`
	// Ratio is the school's nearby demand / its intake; Threshold the
	// zoning.share_ratio it is above.
	Ratio     float64 `json:"ratio"`
	Threshold float64 `json:"threshold"`
	// Schools are the zone's schools, the overflowing one first, then the
	// neighbours nearest first, with their nearby demand, intake and
	// distance from the overflowing school's campus (metres, by the run's
	// metric).
	Schools []ShareSchoolMetrics `json:"schools"`
	Short   int                  `json:"short"` // overflow the neighbours' spare intake does not absorb
	// Odds by priority (local, permit, other) at the overflowing school,
	// where the lottery decides: of the zone's entrants whose first
	// choice (the zone's school nearest home) it is, the share it admits;
	// null with no applicant. Estimated by one draw with the run's seed on
	// the nearest-school partition (Place), as metrics.json lotteries would
	// show it with the share; Lotteries gives every school's.
	Applicants [3]int      `json:"applicants"`
	Admitted   [3]int      `json:"admitted"`
	Odds       [3]*float64 `json:"odds"`
	// InZone[p]: the entrants of priority p living in the zone's area;
	// Seated[p] those the estimate seats at a school of the zone.
	InZone    [3]int           `json:"in_zone"`
	Seated    [3]int           `json:"seated_in_zone"`
	Lotteries []LotteryMetrics `json:"lotteries"` // the estimate's draw, school by school
	// Distance is the mean distance of the entrants living in the zone's
	// area, metres.
	Distance ShareDistanceMetrics `json:"distance"`
}

// ShareSchoolMetrics is one school of a proposed multi-school zone.
type ShareSchoolMetrics struct {
	SchoolID       string  `json:"school_id"`
	Name           string  `json:"name"`
	NearbyDemand   int     `json:"nearby_demand"`
	IntakeCapacity int     `json:"intake_capacity"`
	ApartM         float64 `json:"apart_m"`
}

// ShareDistanceMetrics compare the mean distance of a proposal's entrants
// with and without the share (ShareProposal): along the roads when the run
// measures routes.
type ShareDistanceMetrics struct {
	Basis    string  `json:"basis"`    // how the figures were estimated, in words
	RedrawM  float64 `json:"redraw_m"` // this run's redraw, no share
	SingleM  float64 `json:"single_zones_m"`
	SharedM  float64 `json:"shared_m"`
	SavedM   float64 `json:"saved_m"`  // redraw_m − shared_m; negative: the share costs distance
	Entrants int     `json:"entrants"` // the entrants of the means: those of the area seated in all three
}

// shareBasis says how ShareDistanceMetrics are estimated.
const shareBasis = "estimate: shared_m and single_zones_m place the level's entrants by lottery (Place, the run's seed) on the nearest-school partition with and without the share; redraw_m is this run's redraw; pass proposed-locks.csv with --locks for the redraw with the share"

// shareProposalMetrics renders the proposals for metrics.json; an empty
// list (not null) when there is none.
func (r *Result) shareProposalMetrics() []ShareProposalMetrics {
	ds := r.Dataset
	out := []ShareProposalMetrics{}
	for _, sp := range r.ShareProposals() {
		s := &ds.Schools[sp.School]
		pm := ShareProposalMetrics{Level: string(sp.Level), ZoneID: sp.ZoneID, SchoolID: s.ID, Name: s.Name, Ratio: sp.Ratio,
			Threshold: r.Config.Zoning.ShareRatio, Short: sp.Short, InZone: sp.InZone, Seated: sp.Seated,
			Distance: ShareDistanceMetrics{Basis: shareBasis, RedrawM: sp.RedrawM, SingleM: sp.SingleM, SharedM: sp.SharedM,
				SavedM: sp.SavedM(), Entrants: sp.Compared}}
		for i, j := range sp.Schools {
			pm.Schools = append(pm.Schools, ShareSchoolMetrics{SchoolID: ds.Schools[j].ID, Name: ds.Schools[j].Name,
				NearbyDemand: sp.NearbyDemand[i], IntakeCapacity: sp.Intake[i], ApartM: sp.ApartM[i]})
		}
		for _, o := range sp.Odds {
			os := &ds.Schools[o.School]
			lot := LotteryMetrics{Level: string(sp.Level), ZoneID: sp.ZoneID, SchoolID: os.ID, Name: os.Name,
				Applicants: o.Applicants, Admitted: o.Admitted}
			lot.Odds = Ratio(o.Admitted[0]+o.Admitted[1]+o.Admitted[2], o.Applicants[0]+o.Applicants[1]+o.Applicants[2])
			pm.Lotteries = append(pm.Lotteries, lot)
			if o.School != sp.School {
				continue
			}
			for p := range 3 {
				pm.Applicants[p] += o.Applicants[p]
				pm.Admitted[p] += o.Admitted[p]
			}
		}
		for p := range 3 {
			pm.Odds[p] = Ratio(pm.Admitted[p], pm.Applicants[p])
		}
		out = append(out, pm)
	}
	return out
}
