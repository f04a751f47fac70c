package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/migrants"
)

// shareCounty writes a dataset of base year 2021 with a plan.yaml (one
// building in 2027, so that run simulates the plan and writes
// compliance.csv): a public school and a private school; 20 households
// with a child entering grade 1 in 2022 (10 local, 6 migrants with a
// residence permit, 4 without); and pupils of grade 4 in 2021, grade 5 in
// 2022: 3 permit holders at the public school, 2 at the private school
// (their families' choice). The public school has 12 places left for the
// entrants, the private school 2.
//
// By hand, as docs/policy.md counts (every pupil, not only the entrants): the
// entrants are seated locals first, then permit holders: 2 permit holders
// at the public school, 2 on the private school's purchased places, 2 at
// no school. Permit holders of grades 1–9 in 2022: 6 + 5 = 11; in public
// schools or purchased places 2 + 2 + 3 = 7: 7/11 = 63.6%, under 85%. The
// entrants alone: 4/6 = 66.7%.
func shareCounty(t *testing.T) string {
	t.Helper()
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021}}
	ds.Schools = []dataset.School{
		{ID: "pub", Name: "公办小学", Loc: orb.Point{86.880, 44.19}, PrimarySeats: 12 + 3, JuniorSeats: 30, AreaType: dataset.Urban, Public: true},
		{ID: "pri", Name: "民办小学", Loc: orb.Point{86.905, 44.19}, PrimarySeats: 2 + 2, AreaType: dataset.Urban},
	}
	for i := 0; i < 25; i++ {
		hid := fmt.Sprintf("h%02d", i)
		h := dataset.Household{ID: hid, Loc: orb.Point{86.881 + 0.001*float64(i%20), 44.19 + 0.0005*float64(i%3)},
			Address: fmt.Sprintf("呼图壁镇园林路%d号", i+1), Hukou: dataset.Local}
		c := dataset.Child{ID: fmt.Sprintf("c%02d", i), HouseholdID: hid, BirthYear: 2016}
		switch {
		case i >= 20: // the pupils of grade 4
			h.Hukou, h.Permit = dataset.Migrant, true
			c.BirthYear, c.Grade, c.SchoolID = 2012, 4, "pub"
			if i >= 23 {
				c.SchoolID = "pri"
			}
		case i >= 10:
			h.Hukou, h.Permit = dataset.Migrant, i < 16
		}
		ds.Households = append(ds.Households, h)
		ds.Children = append(ds.Children, c)
	}
	ds.Index()
	dir := t.TempDir()
	if err := ds.Write(dir); err != nil {
		t.Fatal(err)
	}
	plan := "name: 示例方案\nevents:\n  - {id: b, year: 2027, kind: build, school: pub, teaching_area_m2: 100, source: 附件2 第1项}\n"
	if err := os.WriteFile(filepath.Join(dir, "plan.yaml"), []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestOneMigrantShare: for the same year and data, `zoning migrants` (its
// summary, JSON and CSV), the compliance report (compliance.csv of `zoning
// run`) and report.html give one migrant share, the share of docs/policy.md
// over every pupil, worked out by hand; the entrants' share is labelled.
func TestOneMigrantShare(t *testing.T) {
	dir := shareCounty(t)
	out := filepath.Join(t.TempDir(), "out")
	const share, counted, eligible = 7.0 / 11, 7, 11

	// zoning migrants: the JSON, the summary and the CSV.
	stdout, stderr, err := zoning(t, "migrants", "--data", dir, "--year", "2022", "--out", out, "-q", "--json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var rep migrants.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if m := rep.Migrants; m.Share == nil || *m.Share != share || m.Counted != counted || m.Children != eligible || m.Meets {
		t.Errorf("zoning migrants --json: %+v, want %d of %d, failing", m, counted, eligible)
	}
	if e := rep.Eligible; e.Counted != 4 || e.Children != 6 {
		t.Errorf("entrants %+v, want 4 of 6", e)
	}
	stdout, stderr, err = zoning(t, "migrants", "--data", dir, "--year", "2022", "--out", out, "-q")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{"持居住证随迁子女（一至九年级在校生）11 人", "就读比例 63.6%，标准 ≥85%，未达标", "其中一年级、七年级新生 6 人", "就读占 66.7%"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("zoning migrants: summary lacks %q:\n%s", want, stdout)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, migrants.File))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	n, k := 0, 0
	for _, r := range rows[1:] {
		if r[col["group"]] == "eligible" {
			n++
			if r[col["public"]] == "1" || r[col["purchased"]] == "1" {
				k++
			}
		}
	}
	if n != eligible || k != counted {
		t.Errorf("migrants.csv: %d of %d eligible rows counted, want %d of %d", k, n, counted, eligible)
	}

	// zoning run: compliance.csv of the simulation and report.html.
	run := filepath.Join(t.TempDir(), "run")
	if _, stderr, err := zoning(t, "run", "--data", dir, "--year", "2022", "--out", run, "-q"); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	b, err = os.ReadFile(filepath.Join(run, "compliance.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows[1:] {
		if r[0] != "2022" || r[5] != compliance.KeyMigrantsPublic {
			continue
		}
		found = true
		if v, err := strconv.ParseFloat(r[6], 64); err != nil || v != share || r[8] != "0" {
			t.Errorf("compliance.csv 2022 migrants_public: value %q pass %q, want %v failing", r[6], r[8], share)
		}
		if !strings.Contains(r[9], "(7/11，") {
			t.Errorf("compliance.csv: %q does not count 7/11", r[9])
		}
	}
	if !found {
		t.Error("compliance.csv has no 2022 migrants_public row")
	}
	page, err := os.ReadFile(filepath.Join(run, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		// The checks page of the run's year.
		"一至九年级持居住证随迁子女 11 人，在公办学校 5 人、政府购买学位 2 人，共 7 人，占 63.6%，低于 85%；自主选择民办学校 2 人，未入学 2 人，不计入。" +
			"其中一年级、七年级新生 6 人，4 人在公办学校或政府购买学位就读，占 66.7%。",
		// The simulation's sentence of 2022, from the compliance report.
		"2022 全县: 随迁子女在公办学校就读比例 63.6% &lt; 85% (7/11，",
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}
