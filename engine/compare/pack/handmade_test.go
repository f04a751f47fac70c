package pack_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// A copy of engine/compare's handmade_test.go.
//
// The hand-made town: two public schools with both sections, A (西城学校)
// in the west and B (东城学校) in the east, at 44.19 N; three compounds of
// households, 锦华苑 near A, 幸福小区 (the compound X) in between, 天山花园
// near B; and the village 红山村 with groups 1 and 2 near A. In force, the
// zones meet at lon 86.898, so X is A's; the proposal moves the line to
// 86.888, so that X, and only X, goes to B.
const (
	lat        = 44.19
	lonA, lonB = 86.880, 86.917
	lineForce  = 86.898
	lineProp   = 86.888
	xWest      = 86.8900 // X's households lie from xWest eastwards, xStep apart
	xStep      = 0.0004
	xHouses    = 6
)

// town is the hand-made dataset, with the ids of X's households and of
// their entrants (primary and junior).
type town struct {
	ds                *dataset.Dataset
	inForce, proposal []dataset.Zone
	xHouseholds       []string
	xPrimary, xJunior []string // child ids of X's entrants per level
}

func rect(w, e float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{w, 44.18}, {e, 44.18}, {e, 44.20}, {w, 44.20}, {w, 44.18}}}}
}

func zonesSplitAt(line float64) []dataset.Zone {
	var out []dataset.Zone
	for _, l := range dataset.Levels {
		out = append(out, dataset.Zone{Level: l, SchoolID: "A", Geometry: rect(86.87, line)},
			dataset.Zone{Level: l, SchoolID: "B", Geometry: rect(line, 86.93)})
	}
	return out
}

func handmade() *town {
	t := &town{inForce: zonesSplitAt(lineForce), proposal: zonesSplitAt(lineProp)}
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021}}
	ds.Schools = []dataset.School{
		{ID: "A", Name: "西城学校", Loc: orb.Point{lonA, lat}, PrimarySeats: 600, JuniorSeats: 600, AreaType: dataset.Urban, Public: true},
		{ID: "B", Name: "东城学校", Loc: orb.Point{lonB, lat}, PrimarySeats: 600, JuniorSeats: 600, AreaType: dataset.Urban, Public: true},
	}
	n := 0
	add := func(lon float64, addr string, primary, junior bool) (string, []string) {
		n++
		hid := fmt.Sprintf("H%03d", n)
		ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{lon, lat + 0.0005*float64(n%3)},
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
		add(86.876+0.0005*float64(i), fmt.Sprintf("呼图壁镇园林路18号锦华苑%d栋1单元%d01室", i+1, i%3+1), true, i%2 == 0)
	}
	for i := range 4 {
		add(86.874+0.0004*float64(i), fmt.Sprintf("呼图壁镇红山村%d组%d号", i%2+1, i+1), i != 3, false)
	}
	for i := range xHouses {
		// X: every household has a primary entrant, every third a junior one.
		primary, junior := true, i%3 == 0
		hid, kids := add(xWest+xStep*float64(i), fmt.Sprintf("呼图壁镇东风路66号幸福小区%d栋2单元%d02室", i+1, i+1), primary, junior)
		t.xHouseholds = append(t.xHouseholds, hid)
		t.xPrimary = append(t.xPrimary, kids[0])
		if junior {
			t.xJunior = append(t.xJunior, kids[1])
		}
	}
	for i := range 8 {
		add(86.910+0.0005*float64(i), fmt.Sprintf("呼图壁镇天山路9号天山花园%d栋1单元101室", i+1), true, i%4 == 0)
	}
	ds.Zones = t.inForce
	ds.Boundary = rect(86.87, 86.93)
	ds.Index()
	t.ds = ds
	return t
}

// compareTown compares the town's zones in force with the proposal.
func compareTown(tb testing.TB, t *town) *compare.Comparison {
	tb.Helper()
	c, err := compare.Compare(context.Background(), t.ds, []*compare.Plan{
		{Name: "现行片区", Zones: t.inForce}, {Name: "调整方案", Zones: t.proposal}}, compare.Options{Config: config.Default()})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
