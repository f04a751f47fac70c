package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/data/synth"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// gen writes a folder that the loader accepts, and summarises it.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(dir, synth.DefaultSeed, &out); err != nil {
		t.Fatal(err)
	}
	d, err := dataset.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Households) == 0 || len(d.Zones) == 0 {
		t.Fatalf("loaded %d households, %d zones", len(d.Households), len(d.Zones))
	}
	for _, want := range []string{"households", "primary:", "junior:", "hz03 呼图壁县第二小学 (primary): teaching_area_m2"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

func TestFailures(t *testing.T) {
	four := func(v float64) *float64 { return &v }
	rooms := 1
	s := dataset.School{ID: "x", Name: "X", PrimarySeats: 100,
		TeachersQualified: four(5), TeachersBackbone: four(1), TeachersPEArt: four(1),
		TeachingAreaM2: four(400), SportsAreaM2: four(800), EquipmentYuan: four(200000),
		MultimediaRooms: four(3), MusicRooms: &rooms, ArtRooms: &rooms}
	d := &dataset.Dataset{Schools: []dataset.School{s}}
	for i := range 100 {
		d.Children = append(d.Children, dataset.Child{ID: string(rune('a' + i%26)), Grade: 1 + i%6, SchoolID: "x"})
	}
	// 100 pupils: 4.0 m² each is below 4.5; everything else meets its standard.
	got := failures(d)
	if len(got) != 1 || !strings.Contains(got[0], "teaching_area_m2 4.00 < 4.5") {
		t.Errorf("failures = %q, want only the teaching area", got)
	}
}
