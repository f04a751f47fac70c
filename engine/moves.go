package engine

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// MovesFile is the output listing the children and households whose zone
// school changes.
const MovesFile = "moves.csv"

// Kinds of row of moves.csv.
const (
	MoveKindEntrant   = "entrant"   // one of the year's entrants of a household whose zone school changes
	MoveKindHousehold = "household" // a household whose zone school changes, one row each
)

// Move is an entrant whose zone school differs from the one the zones in
// force give the home.
type Move struct {
	Child     int // index into ds.Children
	Household int // index into ds.Households
	Level     dataset.Level
	Old, New  int     // indexes into ds.Schools; -1 when no zone holds the home
	OldDistM  float64 // home to the old school, great-circle metres; 0 when Old is -1
	NewDistM  float64
}

// HouseholdMove is a household whose zone school of a level changes: the
// school, or the schools of a multi-school zone (多校划片), of the zone
// holding its home differ between two plans, whether or not a child of
// the household enters the level this year.
type HouseholdMove struct {
	Household int // index into ds.Households
	Level     dataset.Level
	// OldZone and NewZone are the schools (indexes into ds.Schools,
	// ascending) of the zone holding the home before and after; nil when
	// no zone holds it.
	OldZone, NewZone []int
	// Old and New name one school of each zone: the nearest to the home,
	// except that New is Old when the new zone still has Old among its
	// schools; -1 for no zone.
	Old, New           int
	OldDistM, NewDistM float64 // home to Old and New, great-circle metres; 0 for -1
	// Entrants are the household's entrants of the level in the year and
	// Young its children aged 0–5 then (Aged0to5), indexes into
	// ds.Children, ascending.
	Entrants, Young []int
}

// Aged0to5 reports whether child c is aged 0 to 5 in school year y and not
// at school: grade 0 in children.csv and born in y − 5 … y. Such a child
// enters grade 1 after y (in max(birth_year + 6, base year + 1)), so these
// are a household's future entrants; a grade-0 child aged 6 or more in y
// has entered by y, and one born after y is not counted.
func Aged0to5(c *dataset.Child, y int) bool {
	return c.Grade == 0 && c.BirthYear <= y && c.BirthYear >= y-5
}

// ZoneChanges lists, in household order, the households whose zone at the
// level changes between two plans of school year y: old(h) and nw(h) give
// the schools (indexes into ds.Schools, any order; nil for none) of the
// zone holding household h before and after, and entrants are the level's
// entrants of y (indexes into ds.Children). A household's zone changes
// when the two sets of schools differ. It is the one count of households
// whose zone changes: Result.HouseholdMoves (against the zones in force)
// and engine/compare (between two plans) both use it.
func ZoneChanges(ds *dataset.Dataset, y int, level dataset.Level, entrants []int, old, nw func(h int) []int) []HouseholdMove {
	of := map[int][]int{} // household → its entrants
	for _, ci := range entrants {
		h := ds.HouseholdIndex(ds.Children[ci].HouseholdID)
		of[h] = append(of[h], ci)
	}
	young := map[int][]int{}
	for ci := range ds.Children {
		if c := &ds.Children[ci]; Aged0to5(c, y) {
			h := ds.HouseholdIndex(c.HouseholdID)
			young[h] = append(young[h], ci)
		}
	}
	var out []HouseholdMove
	for h := range ds.Households {
		oz, nz := schoolSet(old(h)), schoolSet(nw(h))
		if slices.Equal(oz, nz) {
			continue
		}
		loc := ds.Households[h].Loc
		m := HouseholdMove{Household: h, Level: level, OldZone: oz, NewZone: nz, Old: -1, New: -1,
			Young: young[h]}
		m.Entrants = slices.Clone(of[h])
		slices.Sort(m.Entrants)
		if len(oz) > 0 {
			m.Old = byDistance(ds, nil, loc, oz)[0]
			m.OldDistM = geo.Distance(loc, ds.Schools[m.Old].Loc)
		}
		if len(nz) > 0 {
			m.New = byDistance(ds, nil, loc, nz)[0]
			if slices.Contains(nz, m.Old) {
				m.New = m.Old
			}
			m.NewDistM = geo.Distance(loc, ds.Schools[m.New].Loc)
		}
		out = append(out, m)
	}
	return out
}

// schoolSet returns the schools of a zone ascending, without duplicates or
// -1 (an unknown school); nil for none.
func schoolSet(z []int) []int {
	var out []int
	for _, j := range z {
		if j >= 0 {
			out = append(out, j)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// EntrantMoves returns the entrants of the households of hh as moves, one
// per entrant with its household's old and new school: per level in the
// order the levels first appear in hh, children in the order of
// children.csv.
func EntrantMoves(hh []HouseholdMove) []Move {
	var out []Move
	for _, l := range levelsOf(hh) {
		start := len(out)
		for _, m := range hh {
			if m.Level != l {
				continue
			}
			for _, ci := range m.Entrants {
				out = append(out, Move{Child: ci, Household: m.Household, Level: l, Old: m.Old, New: m.New,
					OldDistM: m.OldDistM, NewDistM: m.NewDistM})
			}
		}
		slices.SortFunc(out[start:], func(a, b Move) int { return cmp.Compare(a.Child, b.Child) })
	}
	return out
}

// levelsOf lists the levels of hh in the order they first appear.
func levelsOf(hh []HouseholdMove) []dataset.Level {
	var out []dataset.Level
	for _, m := range hh {
		if !slices.Contains(out, m.Level) {
			out = append(out, m.Level)
		}
	}
	return out
}

// Moves returns, per level in the order of the run, the entrants whose zone
// school under the run's plan differs from their zone school in the zones
// in force (zones.geojson of the dataset): the entrants of HouseholdMoves,
// in the order of children.csv. Nil when the dataset has no zones in force.
// A result of Run computes it once.
func (r *Result) Moves() ([]Move, error) {
	_, moves, err := r.moved()
	return moves, err
}

// HouseholdMoves returns, per level in the order of the run and in
// household order, every household whose zone school under the run's plan
// (LevelResult.HomeZoneOf) differs from its zone school in the zones in
// force (zones.geojson of the dataset, point in polygon; a level without
// zones in force has none). Nil when the dataset has no zones in force. A
// result of Run computes it once.
func (r *Result) HouseholdMoves() ([]HouseholdMove, error) {
	hh, _, err := r.moved()
	return hh, err
}

// moved returns the household and entrant moves, computed once for a
// finished result.
func (r *Result) moved() ([]HouseholdMove, []Move, error) {
	d := r.derived
	if d == nil {
		hh, err := r.computeMoves()
		return hh, EntrantMoves(hh), err
	}
	d.movesOnce.Do(func() {
		d.households, d.movesErr = r.computeMoves()
		d.moves = EntrantMoves(d.households)
	})
	return d.households, d.moves, d.movesErr
}

// inForce reports whether the dataset has zones in force of the level.
func (r *Result) inForce(l dataset.Level) bool {
	return slices.ContainsFunc(r.Dataset.Zones, func(z dataset.Zone) bool { return z.Level == l })
}

func (r *Result) computeMoves() ([]HouseholdMove, error) {
	ds := r.Dataset
	if len(ds.Zones) == 0 {
		return nil, nil
	}
	var out []HouseholdMove
	for _, lr := range r.Levels {
		// The zones in force of the level, each with its schools: one, or
		// those sharing its zone_id (a multi-school zone).
		var polys []orb.MultiPolygon
		var ids []string
		var school []int
		for _, z := range ds.Zones {
			if z.Level == lr.Level {
				polys = append(polys, z.Geometry)
				ids = append(ids, z.ZoneID)
				school = append(school, ds.SchoolIndex(z.SchoolID))
			}
		}
		if len(polys) == 0 {
			continue
		}
		zone := make([][]int, len(polys))
		for k := range polys {
			zone[k] = []int{school[k]}
			if ids[k] == "" {
				continue
			}
			for i := range polys {
				if i != k && ids[i] == ids[k] {
					zone[k] = append(zone[k], school[i])
				}
			}
		}
		idx, err := geos.NewPolygonIndex(polys)
		if err != nil {
			return nil, fmt.Errorf("engine: zones in force: %w", err)
		}
		old := func(h int) []int {
			if hit := idx.Locate(ds.Households[h].Loc); len(hit) > 0 {
				return zone[hit[0]]
			}
			return nil
		}
		nw := func(h int) []int {
			if z := lr.HomeZoneOf(r.Units, h); z >= 0 {
				return lr.Zones[z].Schools
			}
			return nil
		}
		out = append(out, ZoneChanges(ds, r.Year, lr.Level, lr.Entrants, old, nw)...)
	}
	return out, nil
}

// MovesHeader is the header of moves.csv: the columns of one row per moved
// entrant first (as moves.csv always had), then the columns added with the
// rows of households.
var MovesHeader = []string{"child_id", "household_id", "level", "address", "old_school_id", "old_school", "new_school_id",
	"new_school", "old_distance_m", "new_distance_m", "kind", "entrants", "children_0_5", "old_zone_schools", "new_zone_schools"}

// MovesCSV renders moves.csv from the households whose zone school changes
// (HouseholdMoves): per level, one row per entrant of those households
// (kind entrant, in the order of children.csv), then one row per household
// (kind household, child_id empty, in the order of households.csv), each
// with the address, the old and new school, the distances to each, the
// household's entrants of the level and children aged 0–5, and the schools
// of the old and new zone (joined by "|"). UTF-8 with a byte order mark, so
// that spreadsheet programs read the Chinese correctly.
func (r *Result) MovesCSV(hh []HouseholdMove) ([]byte, error) {
	ds := r.Dataset
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	_ = w.Write(MovesHeader)
	name := func(j int) (string, string) {
		if j < 0 {
			return "", ""
		}
		return ds.Schools[j].ID, ds.Schools[j].Name
	}
	dist := func(j int, d float64) string {
		if j < 0 {
			return ""
		}
		return strconv.FormatInt(int64(math.Round(d)), 10)
	}
	ids := func(z []int) string {
		s := make([]string, len(z))
		for i, j := range z {
			s[i] = ds.Schools[j].ID
		}
		return strings.Join(s, "|")
	}
	row := func(child, kind string, m *HouseholdMove) {
		oi, on := name(m.Old)
		ni, nn := name(m.New)
		h := &ds.Households[m.Household]
		_ = w.Write([]string{child, h.ID, string(m.Level), h.Address, oi, on, ni, nn, dist(m.Old, m.OldDistM),
			dist(m.New, m.NewDistM), kind, strconv.Itoa(len(m.Entrants)), strconv.Itoa(len(m.Young)), ids(m.OldZone),
			ids(m.NewZone)})
	}
	moves := EntrantMoves(hh)
	for _, l := range levelsOf(hh) {
		at := map[int]int{} // household → its move at the level
		for i := range hh {
			if hh[i].Level == l {
				at[hh[i].Household] = i
			}
		}
		for _, mv := range moves {
			if mv.Level == l {
				row(ds.Children[mv.Child].ID, MoveKindEntrant, &hh[at[mv.Household]])
			}
		}
		for i := range hh {
			if hh[i].Level == l {
				row("", MoveKindHousehold, &hh[i])
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return b.Bytes(), nil
}

// MoveCounts are the moves of one level against the zones in force.
type MoveCounts struct {
	Entrants   int // entrants whose zone school changes
	Households int // households whose zone school changes
	// HouseholdsYoung counts those of the households with a child aged
	// 0–5 (Aged0to5), and Young those children.
	HouseholdsYoung, Young int
}

// CountMoves counts the moves of hh per level.
func CountMoves(hh []HouseholdMove) map[dataset.Level]MoveCounts {
	out := map[dataset.Level]MoveCounts{}
	for _, m := range hh {
		c := out[m.Level]
		c.Households++
		c.Entrants += len(m.Entrants)
		if len(m.Young) > 0 {
			c.HouseholdsYoung++
			c.Young += len(m.Young)
		}
		out[m.Level] = c
	}
	return out
}
