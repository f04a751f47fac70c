package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/migrants"
)

// migrantCounty writes a dataset of one public school with 12 primary
// places, a private school with 2, and 20 households each with a child
// entering grade 1 in 2022: 10 local, 6 migrants with a permit, 4 without.
// Worked out by the priorities: the 10 locals and 2 permit holders at the
// public school, 2 permit holders on the private school's purchased
// places, 2 permit holders and the 4 others unplaced: share 4/6.
func migrantCounty(t *testing.T) string {
	t.Helper()
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021}}
	ds.Schools = []dataset.School{
		{ID: "pub", Name: "公办小学", Loc: orb.Point{86.880, 44.19}, PrimarySeats: 12, JuniorSeats: 30, AreaType: dataset.Urban, Public: true},
		{ID: "pri", Name: "民办小学", Loc: orb.Point{86.905, 44.19}, PrimarySeats: 2, AreaType: dataset.Urban},
	}
	for i := 0; i < 20; i++ {
		hid := fmt.Sprintf("h%02d", i)
		h := dataset.Household{ID: hid, Loc: orb.Point{86.881 + 0.001*float64(i), 44.19 + 0.0005*float64(i%3)},
			Address: fmt.Sprintf("呼图壁镇园林路%d号", i+1), Hukou: dataset.Local}
		if i >= 10 {
			h.Hukou, h.Permit = dataset.Migrant, i < 16
		}
		ds.Households = append(ds.Households, h)
		ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%02d", i), HouseholdID: hid, BirthYear: 2016})
	}
	ds.Index()
	dir := t.TempDir()
	if err := ds.Write(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestMigrantsCommand(t *testing.T) {
	dir := migrantCounty(t)
	out := filepath.Join(t.TempDir(), "out")
	stdout, stderr, err := zoning(t, "migrants", "--data", dir, "--year", "2022", "--out", out, "-q")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{"持居住证随迁子女（一至九年级在校生）6 人", "公办学校 2 人", "政府购买民办学位 2 人", "未入学 2 人", "66.7%", "未达标",
		"其中一年级、七年级新生 6 人", "无居住证随迁子女新生（在持证者之后安排）4 人"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, migrants.File))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Error("migrants.csv without BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+10 {
		t.Errorf("%d rows, want the header and 10 migrants", len(rows))
	}

	stdout, stderr, err = zoning(t, "migrants", "--data", dir, "--year", "2022", "--out", out, "-q", "--json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var rep migrants.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Eligible.Counted != 4 || rep.Eligible.Unplaced != 2 || rep.NoPermit.Unplaced != 4 {
		t.Errorf("report %+v", rep.Eligible)
	}
}
