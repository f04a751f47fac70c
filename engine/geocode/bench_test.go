package geocode

import (
	"testing"

	"github.com/hutubi-edu/zoning/data/county"
)

// BenchmarkLocate places every household of a full-size plains county
// (14,634 households) against a reference of 90% of its addresses.
func BenchmarkLocate(b *testing.B) {
	d, _, err := county.Generate(county.Spec{Family: county.Plains, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	p := d.Parser()
	ref := reference(d, p, 0.9, 1)
	b.ResetTimer()
	for b.Loop() {
		g := New(p, ref, nil)
		for _, h := range d.Households {
			g.Locate(h.Address)
		}
	}
	b.ReportMetric(float64(len(d.Households)), "households/op")
}
