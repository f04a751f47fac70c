package engine_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// riverTown is a town of 14 × 10 homes on a street grid, split by a river
// running north–south between columns 6 and 7, with one bridge: the
// street of row 0 (the southern edge). Every home stands on a street
// corner. The west school, at the corner of column 1, row 5, has places for
// all; the east school, at column 11, row 5, for a third of them, so some
// of the east bank must go to the west school, over the bridge.
type riverTown struct {
	ds     *dataset.Dataset
	lon    func(col int) float64
	lat    func(row int) float64
	rows   int
	cols   int
	bridge int // the row of the bridge
}

func newRiverTown(t *testing.T) *riverTown { return newRiverTownWith(t, false) }

// newRiverTownWith builds the river town; with split, the river has no
// bridge, each school has places for all, and one village group (one unit:
// a zone cannot split it) has three homes on the west bank and two on the
// east.
func newRiverTownWith(t *testing.T, split bool) *riverTown {
	t.Helper()
	const cols, rows = 14, 10
	rt := &riverTown{
		lon:  func(c int) float64 { return 86.880 + 0.002*float64(c) },
		lat:  func(r int) float64 { return 44.190 + 0.0015*float64(r) },
		rows: rows, cols: cols,
	}
	riverLon := (rt.lon(6) + rt.lon(7)) / 2
	var rs []roads.Road
	for r := range rows {
		// East–west streets: each bank's own, joined over the river only
		// at the bridge row.
		west, east := orb.LineString{}, orb.LineString{}
		for c := range cols {
			p := orb.Point{rt.lon(c), rt.lat(r)}
			if c <= 6 {
				west = append(west, p)
			} else {
				east = append(east, p)
			}
		}
		rs = append(rs, roads.Road{Line: west, Class: "residential", Name: fmt.Sprintf("西%d街", r)},
			roads.Road{Line: east, Class: "residential", Name: fmt.Sprintf("东%d街", r)})
		if r == rt.bridge && !split {
			rs = append(rs, roads.Road{Line: orb.LineString{west[len(west)-1], east[0]}, Class: "tertiary", Name: "大桥", Bridge: true})
		}
	}
	for c := range cols {
		line := orb.LineString{}
		for r := range rows {
			line = append(line, orb.Point{rt.lon(c), rt.lat(r)})
		}
		rs = append(rs, roads.Road{Line: line, Class: "residential", Name: fmt.Sprintf("%d路", c)})
	}
	river := roads.Barrier{Line: orb.LineString{{riverLon, rt.lat(0) - 0.01}, {riverLon, rt.lat(rows-1) + 0.01}}, Kind: roads.River, Name: "小河"}
	net, err := roads.New(rs, []roads.Barrier{river})
	if err != nil {
		t.Fatal(err)
	}
	n := rows * cols
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "河镇", BaseYear: 2021}, Roads: net}
	ds.Schools = []dataset.School{
		{ID: "w", Name: "河西小学", Loc: orb.Point{rt.lon(1), rt.lat(5)}, PrimarySeats: n, JuniorSeats: 3 * n, AreaType: dataset.Urban, Public: true},
		{ID: "e", Name: "河东小学", Loc: orb.Point{rt.lon(11), rt.lat(5)}, PrimarySeats: n / 3, JuniorSeats: 3 * n, AreaType: dataset.Urban, Public: true},
	}
	for r := range rows {
		for c := range cols {
			i := r*cols + c
			hid := fmt.Sprintf("h%03d", i)
			ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{rt.lon(c), rt.lat(r)},
				Address: fmt.Sprintf("呼图壁镇河%d路1号", i), Hukou: dataset.Local}) // a road each: a unit each
			ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("p%03d", i), HouseholdID: hid, BirthYear: 2016})
		}
	}
	if split {
		// Places for all on each bank: no zone needs the bridge.
		ds.Schools[1].PrimarySeats = n + 10
		for i, c := range []int{5, 6, 6, 7, 7} { // three homes west of the river, two east; 320 m across
			hid := fmt.Sprintf("v%d", i)
			ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{rt.lon(c), rt.lat(8) + 0.0003 + 0.0002*float64(i%2)},
				Address: "呼图壁镇河湾村1组" + strconv.Itoa(i+1) + "号", Hukou: dataset.Local})
			ds.Children = append(ds.Children, dataset.Child{ID: "pv" + strconv.Itoa(i), HouseholdID: hid, BirthYear: 2016})
		}
	}
	ds.Boundary = orb.MultiPolygon{{{{rt.lon(0) - 0.003, rt.lat(0) - 0.003}, {rt.lon(cols-1) + 0.003, rt.lat(0) - 0.003},
		{rt.lon(cols-1) + 0.003, rt.lat(rows-1) + 0.003}, {rt.lon(0) - 0.003, rt.lat(rows-1) + 0.003}, {rt.lon(0) - 0.003, rt.lat(0) - 0.003}}}}
	ds.Index()
	rt.ds = ds
	return rt
}

// TestRiverTown: the redraw on routes never joins the banks in one zone
// away from the bridge, and each walk is the one worked out by hand along
// the grid.
func TestRiverTown(t *testing.T) {
	rt := newRiverTown(t)
	cfg := config.Default()
	cfg.Zoning.TimeLimitS = 0
	res, files := runFiles(t, rt.ds, cfg, 2022)
	if res.Routes == nil {
		t.Fatal("the run does not measure routes on a dataset with roads")
	}
	lr := res.Level(dataset.Primary)
	// A home's bank and row, from its column.
	at := map[string][2]int{} // household id → column, row
	for r := range rt.rows {
		for c := range rt.cols {
			at[fmt.Sprintf("h%03d", r*rt.cols+c)] = [2]int{c, r}
		}
	}
	// 1. No zone joins the banks away from the bridge: of each zone's units
	// linked across the river, every link is at the bridge's row.
	us := res.Units
	riverLon := (rt.lon(6) + rt.lon(7)) / 2
	for u := range us.Units {
		for _, v := range us.Adj[u] {
			a, b := us.Units[u].Center, us.Units[v].Center
			if (a[0] < riverLon) == (b[0] < riverLon) || lr.UnitZone(u) != lr.UnitZone(v) {
				continue
			}
			if rowA, rowB := math.Round((a[1]-rt.lat(0))/0.0015), math.Round((b[1]-rt.lat(0))/0.0015); rowA > 1 && rowB > 1 {
				t.Errorf("units %d and %d of one zone are joined across the river at rows %.0f and %.0f, away from the bridge at row 0", u, v, rowA, rowB)
			}
		}
	}
	crossed := 0
	// 2. Walks, by hand: metres along a parallel and a meridian of the grid.
	const r = 6_371_008.8
	dLat := func(a, b int) float64 { return math.Abs(rt.lat(a)-rt.lat(b)) * math.Pi / 180 * r }
	dLon := func(a, b, row int) float64 {
		return math.Abs(rt.lon(a)-rt.lon(b)) * math.Pi / 180 * r * math.Cos(rt.lat(row)*math.Pi/180)
	}
	rows, err := csv.NewReader(bytes.NewReader(files["assignments.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if row[2] != "primary" || row[3] == "" {
			continue
		}
		cr := at[row[1]]
		c, rr := cr[0], cr[1]
		var want float64
		switch {
		case row[3] == "w" && c >= 7: // over the bridge: down to row 0, across, up to row 5
			crossed++
			want = dLat(rr, 0) + dLon(c, 1, 0) + dLat(0, 5)
		case row[3] == "e" && c <= 6:
			crossed++
			want = dLat(rr, 0) + dLon(c, 11, 0) + dLat(0, 5)
		case row[3] == "w":
			want = dLon(c, 1, rr) + dLat(rr, 5) // any staircase on one bank
		default:
			want = dLon(c, 11, rr) + dLat(rr, 5)
		}
		got, err := strconv.Atoi(row[6])
		if err != nil {
			t.Fatalf("household %s: route_m %q", row[1], row[6])
		}
		// Manhattan walks on the grid: along a parallel at another row the
		// metres differ by the cosine of the latitude (under 0.1 m here).
		if math.Abs(float64(got)-want) > 1.5 {
			t.Errorf("household %s (column %d, row %d) at %s: route_m %d, by hand %.1f m", row[1], c, rr, row[3], got, want)
		}
	}
	if crossed == 0 {
		t.Error("no entrant crosses the bridge: the town does not test it")
	}
	// Every zone keeps its families on its school's bank, or joins the
	// banks at the bridge inside it: none straddles the river.
	if st := res.Metrics().Levels["primary"].Route.Straddling; len(st) != 0 {
		t.Errorf("zones straddling the river: %+v", st)
	}
	t.Logf("%d entrants walk over the bridge", crossed)
}

// TestRiverTownStraddle: a village group on both banks, far from the
// bridge, is one unit; its zone's homes across the river from the school
// are reported as straddling the river, counted by hand.
func TestRiverTownStraddle(t *testing.T) {
	rt := newRiverTownWith(t, true)
	cfg := config.Default()
	cfg.Zoning.TimeLimitS = 0
	res, _ := runFiles(t, rt.ds, cfg, 2022)
	us := res.Units
	u := us.HomeUnit[rt.ds.HouseholdIndex("v0")]
	for i := 1; i < 5; i++ {
		if v := us.HomeUnit[rt.ds.HouseholdIndex("v"+strconv.Itoa(i))]; v != u {
			t.Fatalf("the village group is units %d and %d, want one", u, v)
		}
	}
	lr := res.Level(dataset.Primary)
	school := rt.ds.Schools[lr.Zones[lr.UnitZone(u)].Schools[0]].ID
	want := 2 // the school on the west bank: the two east homes are across
	if school == "e" {
		want = 3
	}
	st := res.Metrics().Levels["primary"].Route.Straddling
	if len(st) != 1 || len(st[0].Barriers) != 1 || st[0].Barriers[0] != "小河" || st[0].Households != want || st[0].Schools[0] != school {
		t.Fatalf("straddling %+v, want the zone of %s across 小河 with %d households", st, school, want)
	}
}
