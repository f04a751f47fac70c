package engine_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// movesTown is the hand-made town of engine/compare (schools A in the west
// and B in the east, compounds, a village, and the compound X between them)
// with its zones in force meeting at comparetest.LineProp, so that X is
// B's, and four households added: N1 east of X with only a child aged 4 in
// 2022 (born 2018); N2 east of N1 with a child aged 5 (born 2017), one aged
// 0 (born 2022), one not yet born in 2022 (2023) and one born 2015 who
// enters grade 1 in 2022 at 7; N3 at 天山花园, deep in B's zone, with a
// child aged 4; N4 west of X, deep in A's zone, with a child aged 3.
func movesTown() *comparetest.Town {
	tw := comparetest.NewAt(comparetest.LineProp)
	ds := tw.DS
	add := func(id string, lon float64, addr string, births ...int) {
		ds.Households = append(ds.Households, dataset.Household{ID: id, Loc: orb.Point{lon, comparetest.Lat},
			Address: addr, Hukou: dataset.Local})
		for i, y := range births {
			ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("%s-%d", id, i+1), HouseholdID: id, BirthYear: y})
		}
	}
	add("N1", 86.8935, "城关镇东风路70号", 2018)
	add("N2", 86.8945, "城关镇东风路72号", 2017, 2022, 2023, 2015)
	add("N3", 86.9120, "城关镇天山路9号天山花园9栋1单元101室", 2018)
	add("N4", 86.8830, "城关镇园林路18号锦华苑9栋1单元101室", 2019)
	ds.Index()
	return tw
}

func TestAged0to5(t *testing.T) {
	for _, tc := range []struct {
		birth, grade int
		want         bool
	}{
		{2022, 0, true}, {2017, 0, true}, {2018, 0, true}, // aged 0, 5 and 4 in 2022
		{2023, 0, false}, // not born in 2022
		{2016, 0, false}, // aged 6: enters grade 1 in 2022
		{2015, 0, false}, // a late entrant, 7
		{2017, 1, false}, // at school already
	} {
		c := dataset.Child{BirthYear: tc.birth, Grade: tc.grade}
		if got := engine.Aged0to5(&c, 2022); got != tc.want {
			t.Errorf("born %d, grade %d: aged 0–5 in 2022 %v, want %v", tc.birth, tc.grade, got, tc.want)
		}
	}
}

// TestHouseholdMoves places the entrants of 2022 of movesTown through the
// zones meeting at comparetest.LineForce (a given plan, and a redraw for the
// shortest distance, which draws the line there too): the households
// between the two lines, X's six, N1 and N2, change from B to A at both
// levels, and nobody else. Worked out by hand: per level 8 households, 2
// of them (N1, N2) with 3 children aged 0–5 (N1's, N2's born 2017 and
// 2022); primary entrants X's 6 and N2's late entrant, junior entrants X's
// 2. moves.csv lists, per level, the entrants in the order of children.csv,
// then the households in the order of households.csv; metrics.json counts
// the same.
func TestHouseholdMoves(t *testing.T) {
	tw := movesTown()
	ds := tw.DS
	cfg := config.Default()
	given, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: cfg,
		Zones: comparetest.ZonesSplitAt(comparetest.LineForce)})
	if err != nil {
		t.Fatal(err)
	}
	redrawn, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: cfg, Objective: "distance"})
	if err != nil {
		t.Fatal(err)
	}
	moved := append(slices.Clone(tw.XHouseholds), "N1", "N2")
	entrants := map[dataset.Level][]string{
		dataset.Primary: append(slices.Clone(tw.XPrimary), "N2-4"),
		dataset.Junior:  tw.XJunior,
	}
	young := map[string]int{"N1": 1, "N2": 2}
	home := map[string]string{} // child → household
	for _, c := range ds.Children {
		home[c.ID] = c.HouseholdID
	}
	var want [][]string // child_id, household_id, level, kind, entrants, children_0_5
	for _, l := range dataset.Levels {
		for _, c := range entrants[l] {
			h := home[c]
			n := 0
			for _, e := range entrants[l] {
				if home[e] == h {
					n++
				}
			}
			want = append(want, []string{c, h, string(l), "entrant", strconv.Itoa(n), strconv.Itoa(young[h])})
		}
		for _, h := range moved {
			n := 0
			for _, e := range entrants[l] {
				if home[e] == h {
					n++
				}
			}
			want = append(want, []string{"", h, string(l), "household", strconv.Itoa(n), strconv.Itoa(young[h])})
		}
	}
	for name, res := range map[string]*engine.Result{"given plan": given, "redraw": redrawn} {
		t.Run(name, func(t *testing.T) {
			files, moves, err := res.OutputFiles()
			if err != nil {
				t.Fatal(err)
			}
			b := files[engine.MovesFile]
			if !bytes.HasPrefix(b, []byte("\ufeff")) {
				t.Error("moves.csv without the byte order mark")
			}
			rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rows[0], engine.MovesHeader) || !slices.Equal(rows[0][:10], []string{"child_id", "household_id",
				"level", "address", "old_school_id", "old_school", "new_school_id", "new_school", "old_distance_m", "new_distance_m"}) {
				t.Fatalf("header %v", rows[0])
			}
			if len(rows)-1 != len(want) {
				t.Fatalf("%d rows, want %d:\n%v", len(rows)-1, len(want), rows)
			}
			for i, r := range rows[1:] {
				w := want[i]
				h := ds.Household(w[1])
				got := []string{r[0], r[1], r[2], r[10], r[11], r[12]}
				if !slices.Equal(got, w) {
					t.Errorf("row %d: %v, want %v", i+1, got, w)
				}
				dA := strconv.Itoa(int(math.Round(haversine(h.Loc, ds.School("A").Loc))))
				dB := strconv.Itoa(int(math.Round(haversine(h.Loc, ds.School("B").Loc))))
				if r[3] != h.Address || r[4] != "B" || r[5] != "东城学校" || r[6] != "A" || r[7] != "西城学校" ||
					r[8] != dB || r[9] != dA || r[13] != "B" || r[14] != "A" {
					t.Errorf("row %d: %v, want %s B 东城学校 → A 西城学校, %s → %s m, zones B → A", i+1, r, h.Address, dB, dA)
				}
			}
			// The entrants' moves are the entrant rows.
			if n := len(entrants[dataset.Primary]) + len(entrants[dataset.Junior]); len(moves) != n {
				t.Errorf("%d moves, want %d", len(moves), n)
			}
			// metrics.json and the counts.
			var m struct {
				Levels map[string]map[string]any
			}
			if err := json.Unmarshal(files[engine.MetricsFile], &m); err != nil {
				t.Fatal(err)
			}
			for _, l := range dataset.Levels {
				for key, n := range map[string]int{"moved_entrants": len(entrants[l]), "moved_households": len(moved),
					"moved_households_with_children_0_5": 2, "moved_children_0_5": 3} {
					if got, ok := m.Levels[string(l)][key].(float64); !ok || got != float64(n) {
						t.Errorf("metrics.json %s %s: %v, want %d", l, key, got, n)
					}
				}
				c := engine.CountMoves(mustHouseholdMoves(t, res))[l]
				if c != (engine.MoveCounts{Entrants: len(entrants[l]), Households: len(moved), HouseholdsYoung: 2, Young: 3}) {
					t.Errorf("%s: counts %+v", l, c)
				}
			}
		})
	}
}

func mustHouseholdMoves(t *testing.T, res *engine.Result) []engine.HouseholdMove {
	t.Helper()
	hh, err := res.HouseholdMoves()
	if err != nil {
		t.Fatal(err)
	}
	return hh
}

// TestHouseholdMovesSharedZone: a plan whose primary zone is one zone of A
// and B together (多校划片) changes the zone school of every household at
// that level (its zone had one school, it has two), though the school
// named stays the one in force; the junior zones stay as they were in
// force, and move nobody.
func TestHouseholdMovesSharedZone(t *testing.T) {
	tw := movesTown()
	ds := tw.DS
	plan := []dataset.Zone{
		{Level: dataset.Primary, SchoolID: "A", ZoneID: "城区", Geometry: comparetest.Rect(86.87, 86.93)},
		{Level: dataset.Primary, SchoolID: "B", ZoneID: "城区", Geometry: comparetest.Rect(86.87, 86.93)},
	}
	for _, z := range ds.Zones {
		if z.Level == dataset.Junior {
			plan = append(plan, z)
		}
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: config.Default(), Zones: plan})
	if err != nil {
		t.Fatal(err)
	}
	hh := mustHouseholdMoves(t, res)
	if len(hh) != len(ds.Households) {
		t.Fatalf("%d households move, want all %d at the primary level", len(hh), len(ds.Households))
	}
	for i, m := range hh {
		h := &ds.Households[m.Household]
		old := "A"
		if h.Loc[0] > comparetest.LineProp {
			old = "B"
		}
		if m.Household != i || m.Level != dataset.Primary || ds.Schools[m.Old].ID != old || m.New != m.Old ||
			!slices.Equal(m.NewZone, []int{0, 1}) || len(m.OldZone) != 1 || ds.Schools[m.OldZone[0]].ID != old {
			t.Errorf("household %s: %+v, want primary %s → %s of A|B", h.ID, m, old, old)
		}
	}
	files, _, err := res.OutputFiles()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(files[engine.MovesFile], []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if r[14] != "A|B" || r[13] != r[4] || r[6] != r[4] {
			t.Errorf("row %v, want its school in force in the zone A|B", r)
		}
	}
}

// TestHouseholdMovesWithoutZonesInForce: without zones in force there are
// no moves, no moves.csv, and the moved_* keys of metrics.json are null;
// with zones in force of one level only, the other level's keys are null.
func TestHouseholdMovesWithoutZonesInForce(t *testing.T) {
	for _, tc := range []struct {
		name  string
		keep  []dataset.Level // levels of the zones in force kept
		null  []string        // levels whose keys are null
		files bool            // moves.csv written
	}{
		{"none", nil, []string{"primary", "junior"}, false},
		{"primary only", []dataset.Level{dataset.Primary}, []string{"junior"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tw := movesTown()
			ds := tw.DS
			var kept []dataset.Zone
			for _, z := range ds.Zones {
				if slices.Contains(tc.keep, z.Level) {
					kept = append(kept, z)
				}
			}
			ds.Zones = kept
			res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: config.Default(),
				Zones: comparetest.ZonesSplitAt(comparetest.LineForce)})
			if err != nil {
				t.Fatal(err)
			}
			files, moves, err := res.OutputFiles()
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := files[engine.MovesFile]; ok != tc.files {
				t.Errorf("moves.csv written %v, want %v", ok, tc.files)
			}
			var m struct {
				Levels map[string]map[string]json.RawMessage
			}
			if err := json.Unmarshal(files[engine.MetricsFile], &m); err != nil {
				t.Fatal(err)
			}
			for _, l := range []string{"primary", "junior"} {
				for _, key := range []string{"moved_entrants", "moved_households", "moved_households_with_children_0_5", "moved_children_0_5"} {
					v, ok := m.Levels[l][key]
					if null := slices.Contains(tc.null, l); !ok || (string(v) == "null") != null {
						t.Errorf("%s %s: %s (present %v), want null %v", l, key, v, ok, null)
					}
				}
			}
			for _, mv := range moves {
				if mv.Level != dataset.Primary || !tc.files {
					t.Errorf("move %+v at a level without zones in force", mv)
				}
			}
			if tc.files && len(moves) != len(tw.XPrimary)+1 {
				t.Errorf("%d moves, want X's %d primary entrants and N2's", len(moves), len(tw.XPrimary))
			}
		})
	}
}
