package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// zoneFinder is zoneAt over the bounding boxes of the polygons first, each
// point looked up once: the default county's 66,400 homes against every
// zone would take long under the race detector.
type zoneFinder struct {
	ids    []string // per polygon, its zone's school
	polys  []orb.Polygon
	bounds []orb.Bound
	memo   map[orb.Point]string
}

func newZoneFinder(zs map[string]orb.MultiPolygon) *zoneFinder {
	f := &zoneFinder{memo: map[orb.Point]string{}}
	for _, id := range slices.Sorted(maps.Keys(zs)) {
		for _, p := range zs[id] {
			f.ids = append(f.ids, id)
			f.polys = append(f.polys, p)
			f.bounds = append(f.bounds, p.Bound())
		}
	}
	return f
}

// at returns the school whose zone holds p (planar point in polygon, as
// docs/dataset-format.md counts it; the first in id order on a shared edge), "" for
// none.
func (f *zoneFinder) at(p orb.Point) string {
	if id, ok := f.memo[p]; ok {
		return id
	}
	id := ""
	for i, b := range f.bounds {
		if b.Contains(p) && planar.PolygonContains(f.polys[i], p) {
			id = f.ids[i]
			break
		}
	}
	f.memo[p] = id
	return id
}

// checkRedrawMoves checks the moves of the redraw written to dir (whose
// command printed stdout) against a count made here on the files: every
// household of a level whose home lies in zones of different schools in
// force and in the redraw's zones.geojson (planar point in polygon) has one
// household row in moves.csv, with its old and new school, its entrants
// (assignments.csv) and its children aged 0–5 (children.csv: grade 0, born
// in year − 5 … year), and no other household has one; its entrants, and
// no others, have entrant rows; metrics.json's moved_* keys and the summary
// line give the same numbers. pack are the rows of the comparison's moves
// CSV of the same redraw against the zones in force: the same households.
func checkRedrawMoves(t *testing.T, ds *dataset.Dataset, inForce, proposal map[string]map[string]orb.MultiPolygon, dir, stdout string,
	pack [][]string) {
	t.Helper()
	var m struct {
		Year   int
		Levels map[string]map[string]any
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "metrics.json")), &m); err != nil {
		t.Fatal(err)
	}
	young := map[string]int{} // household → children aged 0–5
	for _, c := range ds.Children {
		if c.Grade == 0 && c.BirthYear >= m.Year-5 && c.BirthYear <= m.Year {
			young[c.HouseholdID]++
		}
	}
	entrants := map[string][]string{} // level|household → child ids
	for _, row := range csvRows(t, readFile(t, filepath.Join(dir, "assignments.csv")))[1:] {
		entrants[row[2]+"|"+row[1]] = append(entrants[row[2]+"|"+row[1]], row[0])
	}
	type home struct{ old, new string }
	want := map[string]home{} // level|household → its zone schools
	for _, l := range dataset.Levels {
		old, nw := newZoneFinder(inForce[string(l)]), newZoneFinder(proposal[string(l)])
		for _, h := range ds.Households {
			if o, n := old.at(h.Loc), nw.at(h.Loc); o != n {
				want[string(l)+"|"+h.ID] = home{o, n}
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("the redraw moves no household: the test proves nothing")
	}
	rows := csvRows(t, readFile(t, filepath.Join(dir, "moves.csv")))
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	type count struct{ entrants, households, withYoung, young int }
	counts := map[string]*count{}
	for _, l := range dataset.Levels {
		counts[string(l)] = &count{}
	}
	listed := map[string]bool{}
	var gotEntrants, wantEntrants []string
	for _, r := range rows[1:] {
		l, hid := r[col["level"]], r[col["household_id"]]
		k := l + "|" + hid
		c := counts[l]
		if c == nil {
			t.Fatalf("row of level %q: %v", l, r)
		}
		w, ok := want[k]
		if !ok {
			t.Errorf("moves.csv lists household %s (%s), whose zone school is the same in force and in the redraw", hid, l)
			continue
		}
		if r[col["old_school_id"]] != w.old || r[col["new_school_id"]] != w.new {
			t.Errorf("%s %s: %s → %s, want %s → %s", l, hid, r[col["old_school_id"]], r[col["new_school_id"]], w.old, w.new)
		}
		if r[col["entrants"]] != strconv.Itoa(len(entrants[k])) || r[col["children_0_5"]] != strconv.Itoa(young[hid]) {
			t.Errorf("%s %s: entrants %s, children 0–5 %s; want %d, %d", l, hid, r[col["entrants"]], r[col["children_0_5"]],
				len(entrants[k]), young[hid])
		}
		switch r[col["kind"]] {
		case "entrant":
			c.entrants++
			gotEntrants = append(gotEntrants, r[col["child_id"]])
		case "household":
			if listed[k] || r[col["child_id"]] != "" {
				t.Errorf("household row %v: listed twice or with a child", r)
			}
			listed[k] = true
			c.households++
			if young[hid] > 0 {
				c.withYoung++
				c.young += young[hid]
			}
		default:
			t.Errorf("row of kind %q", r[col["kind"]])
		}
	}
	for k := range want {
		if !listed[k] {
			t.Errorf("household %s changes zone school but has no household row in moves.csv", k)
		}
		wantEntrants = append(wantEntrants, entrants[k]...)
	}
	slices.Sort(gotEntrants)
	slices.Sort(wantEntrants)
	if !slices.Equal(gotEntrants, wantEntrants) {
		t.Errorf("moves.csv has entrant rows for %d children, want the %d entrants of the moved households", len(gotEntrants), len(wantEntrants))
	}
	for _, l := range dataset.Levels {
		c := counts[string(l)]
		lm := m.Levels[string(l)]
		for key, n := range map[string]int{"moved_entrants": c.entrants, "moved_households": c.households,
			"moved_households_with_children_0_5": c.withYoung, "moved_children_0_5": c.young} {
			if got, ok := lm[key].(float64); !ok || int(got) != n {
				t.Errorf("metrics.json %s %s: %v, want %d as moves.csv counts", l, key, lm[key], n)
			}
		}
		line := fmt.Sprintf("moved %d entrants, %d households (%d with children 0–5)", c.entrants, c.households, c.withYoung)
		if !slices.ContainsFunc(strings.Split(stdout, "\n"), func(s string) bool {
			return strings.Contains(s, " "+string(l)+" ") && strings.HasSuffix(s, line)
		}) {
			t.Errorf("the summary does not end the %s line with %q:\n%s", l, line, stdout)
		}
		t.Logf("%s: %d entrants, %d households (%d with children 0–5, %d children)", l, c.entrants, c.households, c.withYoung, c.young)
	}
	// The comparison of the same plans lists the same households.
	var packed []string
	for _, r := range pack[1:] {
		if r[col["kind"]] == "household" {
			packed = append(packed, r[col["level"]]+"|"+r[col["household_id"]])
		}
	}
	slices.Sort(packed)
	if wanted := slices.Sorted(maps.Keys(want)); !slices.Equal(packed, wanted) {
		t.Errorf("the comparison's moves CSV lists %d households, want the %d of moves.csv", len(packed), len(wanted))
	}
}
