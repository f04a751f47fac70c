package notice

import (
	"bytes"
	"io"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestDefaultDataset describes the zones in force of the default dataset
// and checks them as TestDescribeProperties does (every household found by
// its most specific item, every number of every road in exactly one zone's
// ranges), and that zones.csv round-trips.
func TestDefaultDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the default dataset")
	}
	ds := hutubi(t)
	var plans []Plan
	for _, level := range dataset.Levels {
		schoolOf := zonesInForce(t, ds, level)
		zones := Describe(ds, schoolOf)
		checkReader(t, ds, schoolOf, zones, true)
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
