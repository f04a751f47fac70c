package notice

import (
	"bytes"
	"io"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestDefaultDataset describes the zones in force of the default dataset
// and checks that every household is described by exactly one item of its
// zone, and that zones.csv round-trips.
func TestDefaultDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the default dataset")
	}
	ds := hutubi(t)
	var plans []Plan
	for _, level := range dataset.Levels {
		schoolOf := zonesInForce(t, ds, level)
		zones := Describe(ds, schoolOf)
		at := map[int]int{}
		total := 0
		for i, z := range zones {
			at[ds.SchoolIndex(z.SchoolID)] = i
			total += z.Households
		}
		zoned := 0
		for h := range ds.Households {
			s := schoolOf[h]
			if s < 0 {
				continue
			}
			zoned++
			z := &zones[at[s]]
			if ms := matches(ds.Parser(), z, &ds.Households[h]); len(ms) != 1 {
				t.Errorf("%s: %s %s described by %d items %+v", level, z.SchoolID, ds.Households[h].Address, len(ms), ms)
			}
		}
		if total != zoned {
			t.Errorf("%s: zones count %d households, %d are zoned", level, total, zoned)
		}
		plans = append(plans, Plan{Level: string(level), Zones: withoutCounts(zones)})
	}
	var buf bytes.Buffer
	if err := WritePlans(&buf, plans); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i := range plans {
		for j := range plans[i].Zones {
			if i >= len(got) || j >= len(got[i].Zones) || got[i].Zones[j].Text() != plans[i].Zones[j].Text() {
				t.Fatalf("zones.csv round trip differs at %s zone %d", plans[i].Level, j)
			}
		}
	}
}

func BenchmarkDescribe(b *testing.B) {
	ds := hutubi(b)
	schoolOf := zonesInForce(b, ds, dataset.Primary)
	b.ReportAllocs()
	for b.Loop() {
		Describe(ds, schoolOf)
	}
}

func BenchmarkText(b *testing.B) {
	ds := hutubi(b)
	zones := Describe(ds, zonesInForce(b, ds, dataset.Primary))
	b.ReportAllocs()
	for b.Loop() {
		for _, z := range zones {
			_ = z.Text()
		}
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	ds := hutubi(b)
	zones := Describe(ds, zonesInForce(b, ds, dataset.Primary))
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteCSV(io.Discard, "primary", zones); err != nil {
			b.Fatal(err)
		}
	}
}
