package engine

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// MovesFile is the output listing the children whose zone school changes.
const MovesFile = "moves.csv"

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

// Moves returns, per level in the order of the run, the entrants whose zone
// school under the run's plan differs from their zone school in the zones in
// force (zones.geojson of the dataset). Nil when the dataset has no zones in
// force. A result of Run computes it once.
func (r *Result) Moves() ([]Move, error) {
	d := r.derived
	if d == nil {
		return r.computeMoves()
	}
	d.movesOnce.Do(func() { d.moves, d.movesErr = r.computeMoves() })
	return d.moves, d.movesErr
}

func (r *Result) computeMoves() ([]Move, error) {
	ds := r.Dataset
	if len(ds.Zones) == 0 {
		return nil, nil
	}
	var out []Move
	for _, lr := range r.Levels {
		var polys []orb.MultiPolygon
		var school []int
		for _, z := range ds.Zones {
			if z.Level == lr.Level {
				polys = append(polys, z.Geometry)
				school = append(school, ds.SchoolIndex(z.SchoolID))
			}
		}
		if len(polys) == 0 {
			continue
		}
		idx, err := geos.NewPolygonIndex(polys)
		if err != nil {
			return nil, fmt.Errorf("engine: zones in force: %w", err)
		}
		for _, ci := range lr.Entrants {
			h := ds.HouseholdIndex(ds.Children[ci].HouseholdID)
			loc := ds.Households[h].Loc
			old := -1
			if hit := idx.Locate(loc); len(hit) > 0 {
				old = school[hit[0]]
			}
			// The new zone's school: the old one when it is among the
			// zone's schools (a multi-school zone), else the nearest.
			nw := -1
			if z := lr.HomeZoneOf(r.Units, h); z >= 0 {
				members := lr.Members[z]
				if slices.Contains(members, old) {
					continue
				}
				nw = byDistance(ds, loc, members)[0]
			}
			if old == nw {
				continue
			}
			m := Move{Child: ci, Household: h, Level: lr.Level, Old: old, New: nw}
			if old >= 0 {
				m.OldDistM = geo.Distance(loc, ds.Schools[old].Loc)
			}
			if nw >= 0 {
				m.NewDistM = geo.Distance(loc, ds.Schools[nw].Loc)
			}
			out = append(out, m)
		}
	}
	return out, nil
}

// MovesCSV renders moves.csv: one row per moved entrant with the address,
// the old and new school, and the distances to each. UTF-8 with a byte order
// mark, so that spreadsheet programs read the Chinese correctly.
func (r *Result) MovesCSV(moves []Move) ([]byte, error) {
	ds := r.Dataset
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"child_id", "household_id", "level", "address", "old_school_id", "old_school", "new_school_id", "new_school", "old_distance_m", "new_distance_m"})
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
	for _, m := range moves {
		oi, on := name(m.Old)
		ni, nn := name(m.New)
		_ = w.Write([]string{ds.Children[m.Child].ID, ds.Households[m.Household].ID, string(m.Level),
			ds.Households[m.Household].Address, oi, on, ni, nn, dist(m.Old, m.OldDistM), dist(m.New, m.NewDistM)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return b.Bytes(), nil
}
