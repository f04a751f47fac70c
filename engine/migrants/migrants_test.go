package migrants_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/migrants"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// county builds a small dataset at 44.19 N: one public school in the west
// with publicSeats primary places, one private school 2 km east with
// privateSeats, and a row of 20 households between them, each with one
// child entering grade 1 in 2022: households 0–9 local, 10–15 migrants with
// a residence permit, 16–19 migrants without. Children of households 0, 1
// and 19 have a disability. Nobody enters grade 7.
func county(publicSeats, privateSeats int) *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021}}
	ds.Schools = []dataset.School{
		{ID: "pub", Name: "公办小学", Loc: orb.Point{86.880, 44.19}, PrimarySeats: publicSeats, JuniorSeats: 30, AreaType: dataset.Urban, Public: true},
		{ID: "pri", Name: "民办小学", Loc: orb.Point{86.905, 44.19}, PrimarySeats: privateSeats, AreaType: dataset.Urban, Public: false},
	}
	for i := 0; i < 20; i++ {
		hid := fmt.Sprintf("h%02d", i)
		h := dataset.Household{ID: hid, Loc: orb.Point{86.881 + 0.001*float64(i), 44.19 + 0.0005*float64(i%3)},
			Address: fmt.Sprintf("呼图壁镇园林路%d号", i+1), Hukou: dataset.Local}
		if i >= 10 {
			h.Hukou = dataset.Migrant
			h.Permit = i < 16
		}
		ds.Households = append(ds.Households, h)
		ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%02d", i), HouseholdID: hid, BirthYear: 2016,
			Disability: i == 0 || i == 1 || i == 19})
	}
	ds.Boundary = orb.MultiPolygon{{{{86.87, 44.18}, {86.93, 44.18}, {86.93, 44.21}, {86.87, 44.21}, {86.87, 44.18}}}}
	ds.Index()
	return ds
}

func check(t *testing.T, ds *dataset.Dataset) *migrants.Report {
	t.Helper()
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := migrants.Check(res)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestHandMade: the counts worked out by hand from the priorities of
// docs/policy.md (locals, then permit holders, then the other migrants; the
// private school's places are bought by the government and taken last).
func TestHandMade(t *testing.T) {
	type share struct{ children, public, purchased, unplaced, counted int }
	cases := []struct {
		name                      string
		publicSeats, privateSeats int
		eligible, noPermit, dis   share
		reasons                   map[migrants.Reason]int
	}{
		{
			// 20 places at the public school for 20 entrants: everyone
			// at the zone's school.
			name: "ample", publicSeats: 20, privateSeats: 2,
			eligible: share{6, 6, 0, 0, 6}, noPermit: share{4, 4, 0, 0, 4}, dis: share{3, 3, 0, 0, 3},
			reasons: map[migrants.Reason]int{migrants.ReasonNone: 4 + 6 + 2},
		},
		{
			// 12 public places: the 10 locals, then 2 of the 6 permit
			// holders. The private school's 2 places go to 2 more permit
			// holders; 2 permit holders and the 4 others stay unplaced.
			// Eligible share (2 public + 2 purchased)/6; disabled: the 2
			// locals seated, child 19 (no permit) unplaced: 2/3.
			name: "short by 6", publicSeats: 12, privateSeats: 2,
			eligible: share{6, 2, 2, 2, 4}, noPermit: share{4, 0, 0, 4, 0}, dis: share{3, 2, 0, 1, 2},
			reasons: map[migrants.Reason]int{migrants.ReasonNone: 2 + 2, migrants.ReasonZoneFull: 2, migrants.ReasonNoPlace: 2 + 4},
		},
		{
			// 16 public places: locals and permit holders all at the
			// zone's school; the private school's 2 places go to 2 of the
			// 4 without a permit.
			name: "short by 4", publicSeats: 16, privateSeats: 2,
			eligible: share{6, 6, 0, 0, 6}, noPermit: share{4, 0, 2, 2, 2}, dis: share{3, -1, -1, -1, -1},
			reasons: map[migrants.Reason]int{migrants.ReasonNone: 6 + 2, migrants.ReasonZoneFull: 2, migrants.ReasonNoPlace: 2},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := check(t, county(tc.publicSeats, tc.privateSeats))
			cmpShare := func(name string, got migrants.Share, want share, target float64) {
				t.Helper()
				if got.Children != want.children {
					t.Errorf("%s: %d children, want %d", name, got.Children, want.children)
				}
				if want.public < 0 {
					return // depends on the lottery
				}
				if got.Public != want.public || got.Purchased != want.purchased || got.Unplaced != want.unplaced || got.Counted != want.counted {
					t.Errorf("%s: public %d purchased %d unplaced %d counted %d, want %d %d %d %d", name,
						got.Public, got.Purchased, got.Unplaced, got.Counted, want.public, want.purchased, want.unplaced, want.counted)
				}
				wantShare := float64(want.counted) / float64(want.children)
				if got.Share == nil || math.Abs(*got.Share-wantShare) > 1e-12 {
					t.Errorf("%s: share %v, want %v", name, got.Share, wantShare)
				}
				if got.Meets != (wantShare >= target) {
					t.Errorf("%s: meets %v with share %v and target %v", name, got.Meets, wantShare, target)
				}
			}
			cmpShare("eligible", rep.Eligible, tc.eligible, 0.85)
			cmpShare("no permit", rep.NoPermit, tc.noPermit, 0.85)
			cmpShare("disabled", rep.Disabled, tc.dis, 0.95)
			// Rows: the 10 migrants and the 2 local disabled children.
			if len(rep.Children) != 12 {
				t.Fatalf("%d rows, want 12", len(rep.Children))
			}
			reasons := map[migrants.Reason]int{}
			for i, c := range rep.Children {
				reasons[c.Reason]++
				wantGroup := "eligible"
				switch {
				case i >= 10:
					wantGroup = "disabled"
				case i >= 6:
					wantGroup = "no_permit"
				}
				if c.Group() != wantGroup {
					t.Errorf("row %d (%s): group %s, want %s", i, c.ChildID, c.Group(), wantGroup)
				}
				if c.Placed != (c.SchoolID != "") || c.Placed != (c.Reason != migrants.ReasonNoPlace) {
					t.Errorf("%s: placed %v school %q reason %q", c.ChildID, c.Placed, c.SchoolID, c.Reason)
				}
				if c.Zoned != (c.SchoolID == "pub") || c.Purchased != (c.SchoolID == "pri") {
					t.Errorf("%s: at %q zoned %v purchased %v", c.ChildID, c.SchoolID, c.Zoned, c.Purchased)
				}
				if len(c.ZoneSchoolIDs) != 1 || c.ZoneSchoolIDs[0] != "pub" {
					t.Errorf("%s: zone schools %v, want [pub]", c.ChildID, c.ZoneSchoolIDs)
				}
				if c.Placed && c.DistanceM <= 0 {
					t.Errorf("%s: placed at distance %v", c.ChildID, c.DistanceM)
				}
				// Short of places, every place is taken: nothing free to
				// suggest.
				if c.Reason != migrants.ReasonNone && tc.publicSeats+tc.privateSeats < 20 && len(c.Nearest) != 0 {
					t.Errorf("%s: nearest free %v with every place taken", c.ChildID, c.Nearest)
				}
			}
			for r, n := range tc.reasons {
				if reasons[r] != n {
					t.Errorf("reason %q: %d, want %d (all: %v)", r, reasons[r], n, reasons)
				}
			}
		})
	}
}

// TestNearestFree: 10 public places for the 10 locals, 20 private ones.
// The 10 migrants are seated at the private school (purchased places, which
// count towards the share), and each is shown the private school with the
// 10 places left there.
func TestNearestFree(t *testing.T) {
	rep := check(t, county(10, 20))
	if rep.Eligible.Purchased != 6 || rep.NoPermit.Purchased != 4 {
		t.Fatalf("purchased %d and %d, want 6 and 4", rep.Eligible.Purchased, rep.NoPermit.Purchased)
	}
	if v := *rep.Eligible.Share; v != 1 {
		t.Errorf("eligible share %v, want 1 (purchased places count)", v)
	}
	for _, c := range rep.Children {
		if !c.Migrant {
			continue
		}
		if c.Reason != migrants.ReasonZoneFull || len(c.Nearest) != 1 || c.Nearest[0].SchoolID != "pri" || c.Nearest[0].Places != 10 {
			t.Errorf("%s: reason %q nearest %+v, want zone_school_full and pri with 10 places", c.ChildID, c.Reason, c.Nearest)
		}
	}
}

func TestCSVAndSummary(t *testing.T) {
	rep := check(t, county(12, 2))
	var buf bytes.Buffer
	if err := migrants.WriteCSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Fatal("no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(rep.Children) || strings.Join(rows[0], ",") != strings.Join(migrants.Header(), ",") {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	for _, r := range rows[1:] {
		if len(r) != len(migrants.Header()) {
			t.Errorf("row of %d fields: %v", len(r), r)
		}
	}
	var sum bytes.Buffer
	if err := migrants.Summary(&sum, rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"持居住证随迁子女（一至九年级在校生）6 人", "其中一年级、七年级新生 6 人", "66.7%", "未达标", "无居住证随迁子女新生",
		"残疾儿童少年（一至九年级）3 人"} {
		if !strings.Contains(sum.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, sum.String())
		}
	}
}

// pupilCounty is county(12, 2) with pupils of grade 4 in the base year
// (grade 5 in 2022): 3 eligible migrants at the public school, 2 at the
// private school (their families' choice: the base year's pupils of grade 4
// are not in the grades the choice model learns from, so no entrant
// chooses), and a local pupil with a disability at the public school. The
// public school's seats grow by its 4 continuing pupils, the private
// school's by its 2, so that the entrants meet the same places as in
// county(12, 2).
//
// By hand, eligible migrants of grades 1–9 in 2022: the 6 entrants (2
// public, 2 purchased, 2 unplaced) and the 5 pupils (3 public, 2 chosen):
// 11, of whom 2 + 2 + 3 = 7 count. Disabled: the 3 entrants (2 seated) and
// the pupil: 4, 3 enrolled.
func pupilCounty() *dataset.Dataset {
	ds := county(12+4, 2+2)
	add := func(id string, hukou dataset.Hukou, permit, disabled bool, school string) {
		ds.Households = append(ds.Households, dataset.Household{ID: "h" + id, Loc: orb.Point{86.884, 44.191}, Address: "呼图壁镇园林路" + id + "号",
			Hukou: hukou, Permit: permit})
		ds.Children = append(ds.Children, dataset.Child{ID: "p" + id, HouseholdID: "h" + id, BirthYear: 2012, Grade: 4, SchoolID: school,
			Disability: disabled})
	}
	for _, id := range []string{"1", "2", "3"} {
		add(id, dataset.Migrant, true, false, "pub")
	}
	for _, id := range []string{"4", "5"} {
		add(id, dataset.Migrant, true, false, "pri")
	}
	add("6", dataset.Local, false, true, "pub")
	ds.Index()
	return ds
}

// TestPupilShares: the migrant share counts every pupil of grades 1–9, as
// docs/policy.md measures it, the entrants' own share stays apart, and the
// report, its CSV rows and the standard's evaluation of the same run
// (simulate.Evaluate: compliance.csv, the meeting pack) agree.
func TestPupilShares(t *testing.T) {
	res, err := engine.Run(context.Background(), pupilCounty(), engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := migrants.Check(res)
	if err != nil {
		t.Fatal(err)
	}
	m := rep.Migrants
	if m.Children != 11 || m.Public != 5 || m.Purchased != 2 || m.Chosen != 2 || m.Unplaced != 2 || m.Counted != 7 || m.Meets {
		t.Errorf("migrant pupils %+v, want 11: 5 public, 2 purchased, 2 chosen, 2 at no school, 7 counted, failing", m)
	}
	if m.Share == nil || *m.Share != 7.0/11 {
		t.Errorf("migrant share %v, want 7/11", m.Share)
	}
	if e := rep.Eligible; e.Children != 6 || e.Counted != 4 {
		t.Errorf("eligible entrants %+v, want 6, 4 counted", e)
	}
	if d := rep.DisabledPupils; d.Children != 4 || d.Placed != 3 || d.Share == nil || *d.Share != 0.75 {
		t.Errorf("disabled pupils %+v, want 3 of 4", d)
	}
	if d := rep.Disabled; d.Children != 3 || d.Placed != 2 {
		t.Errorf("disabled entrants %+v, want 2 of 3", d)
	}
	// The evaluation of the standard on the same run.
	y := simulate.Evaluate(res)
	for _, ck := range y.Report.Checks {
		switch ck.Key {
		case compliance.KeyMigrantsPublic:
			if ck.Value == nil || *ck.Value != *m.Share {
				t.Errorf("compliance migrants_public %v, the report %v", ck.Value, *m.Share)
			}
		case compliance.KeyDisabledEnrol:
			if ck.Value == nil || *ck.Value != *rep.DisabledPupils.Share {
				t.Errorf("compliance disabled_enrolment %v, the report %v", ck.Value, *rep.DisabledPupils.Share)
			}
		}
	}
	// The CSV's rows recount the share.
	var buf bytes.Buffer
	if err := migrants.WriteCSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	eligible, counted, entrants, chosen := 0, 0, 0, 0
	for _, r := range rows[1:] {
		if r[col["group"]] != "eligible" {
			continue
		}
		eligible++
		if r[col["public"]] == "1" || r[col["purchased"]] == "1" {
			counted++
		}
		if r[col["entrant"]] == "1" {
			entrants++
		}
		if r[col["private_choice"]] == "1" {
			chosen++
		}
	}
	if eligible != m.Children || counted != m.Counted || entrants != rep.Eligible.Children || chosen != m.Chosen {
		t.Errorf("CSV: %d eligible rows, %d counted, %d entrants, %d chosen; report %d, %d, %d, %d", eligible, counted, entrants, chosen,
			m.Children, m.Counted, rep.Eligible.Children, m.Chosen)
	}
}
