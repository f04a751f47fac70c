package engine

import (
	"cmp"
	"fmt"
	"slices"
)

// UnitsMetrics describe the units a run zones with: how many, the largest,
// and the compounds and village groups that are not one unit (metrics.json
// key "units", a project key).
type UnitsMetrics struct {
	Units      int `json:"units"`            // units holding homes
	Households int `json:"households"`       // households in them
	MaxDiamM   int `json:"diameter_limit_m"` // zoning.unit_diameter_m
	// Largest is the unit with most households: a zone boundary never
	// passes through it.
	Largest *UnitSize `json:"largest_unit"`
	// Widest is the unit whose homes lie farthest apart.
	Widest *UnitSize `json:"widest_unit"`
	// Split lists the compounds and village groups whose homes are in more
	// than one unit, widest first: too wide to keep whole, or some of their
	// homes in cells another group's homes hold.
	Split []SplitGroup `json:"split_groups"`
}

// UnitSize is one unit's name (its most common place), households and
// diameter in metres (the greatest distance between two of its homes).
type UnitSize struct {
	Name       string  `json:"name"`
	Households int     `json:"households"`
	DiameterM  float64 `json:"diameter_m"`
}

// SplitGroup is a compound or village group whose homes lie in several
// units.
type SplitGroup struct {
	Name       string  `json:"name"` // the place as its addresses write it (PlaceName)
	Households int     `json:"households"`
	Units      int     `json:"units"`
	DiameterM  float64 `json:"diameter_m"` // the greatest distance between two of its homes
	// Crowded counts its homes that lie in cells where another group has
	// more homes, and went with that group's unit (when the two together
	// would be wider than the limit).
	Crowded int `json:"crowded_households"`
}

// UnitReport describes the run's units.
func (r *Result) UnitReport() UnitsMetrics {
	m := UnitsMetrics{MaxDiamM: int(r.Units.MaxDiameterM + 0.5)}
	var largest, widest = -1, -1
	for u := range r.Units.Units {
		unit := &r.Units.Units[u]
		if len(unit.Homes) == 0 {
			continue
		}
		m.Units++
		m.Households += len(unit.Homes)
		if largest < 0 || len(unit.Homes) > len(r.Units.Units[largest].Homes) {
			largest = u
		}
		if widest < 0 || unit.DiameterM > r.Units.Units[widest].DiameterM {
			widest = u
		}
	}
	size := func(u int) *UnitSize {
		if u < 0 {
			return nil
		}
		unit := &r.Units.Units[u]
		return &UnitSize{Name: r.UnitName(u), Households: len(unit.Homes), DiameterM: round1(unit.DiameterM)}
	}
	m.Largest, m.Widest = size(largest), size(widest)
	parser := r.Dataset.Parser()
	for _, sp := range r.Units.Splits {
		name := sp.Group
		if h, ok := r.groupHome[sp.Group]; ok {
			name = parser.Parse(r.Dataset.Households[h].Address).PlaceName()
		}
		m.Split = append(m.Split, SplitGroup{Name: name, Households: sp.Homes, Units: sp.Units,
			DiameterM: round1(sp.DiameterM), Crowded: sp.Crowded})
	}
	slices.SortStableFunc(m.Split, func(a, b SplitGroup) int {
		return cmp.Or(cmp.Compare(b.DiameterM, a.DiameterM), cmp.Compare(b.Households, a.Households))
	})
	return m
}

// Warning words a split group for a planner: 兴业小区: homes 2.1 km apart,
// split in 2 units; or, when it is narrow enough, which of its homes went
// with a neighbour's unit.
func (g SplitGroup) Warning(limitM int) string {
	if g.DiameterM > float64(limitM) {
		return fmt.Sprintf("%s: homes %s apart, split in %d units", g.Name, km(g.DiameterM), g.Units)
	}
	return fmt.Sprintf("%s: %d of its %d households share cells with a neighbouring unit, split in %d units",
		g.Name, g.Crowded, g.Households, g.Units)
}

// km writes metres as km with one decimal from 1 km, else as m.
func km(m float64) string {
	if m >= 1000 {
		return fmt.Sprintf("%.1f km", m/1000)
	}
	return fmt.Sprintf("%.0f m", m)
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }
