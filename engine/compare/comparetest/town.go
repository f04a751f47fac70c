// Package comparetest is the hand-made town on which the tests of
// engine/compare, engine/render and engine/service compare zone plans: a
// dataset whose figures are worked out by hand, its zones in force and a
// proposal that moves one compound. It is for tests only.
//
// Two public schools with both sections, A (西城学校) in the west and B
// (东城学校) in the east, at 44.19 N (WGS84 lon, lat); three compounds of
// households, 锦华苑 near A, 幸福小区 (the compound X) in between, 天山花园
// near B; and the village 红山村 with groups 1 and 2 near A. Every
// household has a primary entrant (but one of 红山村), some a junior one;
// capacity is ample. In force, the zones meet at lon LineForce, so X is
// A's; the proposal moves the line to LineProp, so that X, and only X,
// goes to B.
package comparetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// The town's geometry, degrees.
const (
	Lat        = 44.19
	LonA, LonB = 86.880, 86.917 // the schools A and B
	LineForce  = 86.898         // where the zones in force meet
	LineProp   = 86.888         // where the proposal's zones meet
	XWest      = 86.8900        // X's households lie from XWest eastwards, XStep apart
	XStep      = 0.0004
	XHouses    = 6               // households of X
	XAddr      = "城关镇东风路66号幸福小区" // X's address, to the compound
)

// Town is the hand-made dataset, its zones in force and the proposal,
// with the ids of X's households and of their entrants.
type Town struct {
	DS                *dataset.Dataset
	InForce, Proposal []dataset.Zone
	XHouseholds       []string
	XPrimary, XJunior []string // child ids of X's entrants per level
}

// Rect is the town's strip between the meridians w and e, 44.18–44.20 N.
func Rect(w, e float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{w, 44.18}, {e, 44.18}, {e, 44.20}, {w, 44.20}, {w, 44.18}}}}
}

// ZonesSplitAt are the zones of both levels meeting at the meridian line:
// A's to the west, B's to the east.
func ZonesSplitAt(line float64) []dataset.Zone {
	var out []dataset.Zone
	for _, l := range dataset.Levels {
		out = append(out, dataset.Zone{Level: l, SchoolID: "A", Geometry: Rect(86.87, line)},
			dataset.Zone{Level: l, SchoolID: "B", Geometry: Rect(line, 86.93)})
	}
	return out
}

// New builds the town with its zones in force meeting at LineForce.
func New() *Town { return NewAt(LineForce) }

// NewAt builds the town with its zones in force meeting at line, or with
// none when line is 0. InForce and Proposal are always the zones split at
// LineForce and LineProp.
func NewAt(line float64) *Town {
	t := &Town{InForce: ZonesSplitAt(LineForce), Proposal: ZonesSplitAt(LineProp)}
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021}}
	ds.Schools = []dataset.School{
		{ID: "A", Name: "西城学校", Loc: orb.Point{LonA, Lat}, PrimarySeats: 600, JuniorSeats: 600, AreaType: dataset.Urban, Public: true},
		{ID: "B", Name: "东城学校", Loc: orb.Point{LonB, Lat}, PrimarySeats: 600, JuniorSeats: 600, AreaType: dataset.Urban, Public: true},
	}
	n := 0
	add := func(lon float64, addr string, primary, junior bool) (string, []string) {
		n++
		hid := fmt.Sprintf("H%03d", n)
		ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{lon, Lat + 0.0005*float64(n%3)},
			Address: addr, Hukou: dataset.Local})
		var kids []string
		if primary {
			id := fmt.Sprintf("P%03d", n)
			ds.Children = append(ds.Children, dataset.Child{ID: id, HouseholdID: hid, BirthYear: 2016})
			kids = append(kids, id)
		}
		if junior {
			id := fmt.Sprintf("J%03d", n)
			ds.Children = append(ds.Children, dataset.Child{ID: id, HouseholdID: hid, BirthYear: 2010, Grade: 6, SchoolID: "A"})
			kids = append(kids, id)
		}
		return hid, kids
	}
	for i := range 8 {
		add(86.876+0.0005*float64(i), fmt.Sprintf("城关镇园林路18号锦华苑%d栋1单元%d01室", i+1, i%3+1), true, i%2 == 0)
	}
	for i := range 4 {
		add(86.874+0.0004*float64(i), fmt.Sprintf("城关镇红山村%d组%d号", i%2+1, i+1), i != 3, false)
	}
	for i := range XHouses {
		// X: every household has a primary entrant, every third a junior one.
		primary, junior := true, i%3 == 0
		hid, kids := add(XWest+XStep*float64(i), fmt.Sprintf("%s%d栋2单元%d02室", XAddr, i+1, i+1), primary, junior)
		t.XHouseholds = append(t.XHouseholds, hid)
		t.XPrimary = append(t.XPrimary, kids[0])
		if junior {
			t.XJunior = append(t.XJunior, kids[1])
		}
	}
	for i := range 8 {
		add(86.910+0.0005*float64(i), fmt.Sprintf("城关镇天山路9号天山花园%d栋1单元101室", i+1), true, i%4 == 0)
	}
	if line != 0 {
		ds.Zones = ZonesSplitAt(line)
	}
	ds.Boundary = Rect(86.87, 86.93)
	ds.Index()
	t.DS = ds
	return t
}

// XMoved is X's entrants of both levels, sorted.
func (t *Town) XMoved() []string {
	out := append(slices.Clone(t.XPrimary), t.XJunior...)
	slices.Sort(out)
	return out
}

// Compare compares the town's zones in force (现行片区) with the proposal
// (调整方案) under the default configuration, failing tb on an error.
func Compare(tb testing.TB, t *Town) *compare.Comparison {
	tb.Helper()
	c, err := compare.Compare(context.Background(), t.DS, []*compare.Plan{
		{Name: "现行片区", Zones: t.InForce}, {Name: "调整方案", Zones: t.Proposal}}, compare.Options{Config: config.Default()})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// OverlapEast is where A's primary zone ends in Overlap's plan: past
// 天山花园 (lon 86.910–86.9135), deep in B's.
const OverlapEast = 86.915

// Overlap compares the town's zones in force (现行) with a plan 重叠 whose
// primary zone of A reaches over 天山花园 to OverlapEast, failing tb on an
// error. both are the households (indexes into DS.Households) in both
// primary zones, found by their place alone.
func Overlap(tb testing.TB, t *Town) (c *compare.Comparison, both []int) {
	tb.Helper()
	overlap := ZonesSplitAt(LineForce)
	overlap[0].Geometry = Rect(86.87, OverlapEast)
	c, err := compare.Compare(context.Background(), t.DS, []*compare.Plan{
		{Name: "现行", Zones: t.InForce}, {Name: "重叠", Zones: overlap}}, compare.Options{Config: config.Default()})
	if err != nil {
		tb.Fatal(err)
	}
	for h, hh := range t.DS.Households {
		if hh.Loc[0] > LineForce && hh.Loc[0] < OverlapEast {
			both = append(both, h)
		}
	}
	return c, both
}
