package lookup

import (
	"testing"

	"github.com/paulmach/orb"
)

func benchPlan(b *testing.B) *Plan {
	p, err := FromResult(defaultRun(b))
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func BenchmarkLocate(b *testing.B) {
	p := benchPlan(b)
	hs := p.gaz.places
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := p.Locate(hs[i%len(hs)].pt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLocateOutside(b *testing.B) {
	p := benchPlan(b)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = p.Locate(orb.Point{80, 40})
	}
}

func benchMatch(b *testing.B, queries []string) {
	p := benchPlan(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_, _ = p.Match(queries[i%len(queries)])
	}
}

func BenchmarkMatch(b *testing.B) {
	ds := defaultRun(b).Dataset
	for _, kind := range []string{"exact", "full-width digits", "township dropped", "one-character typo"} {
		var qs []string
		for _, v := range variants(ds, 400) {
			switch {
			case kind == "exact" && v.kind == "full-width digits":
				qs = append(qs, ds.Households[v.household].Address)
			case v.kind == kind:
				qs = append(qs, v.query)
			}
		}
		b.Run(kind, func(b *testing.B) { benchMatch(b, qs) })
	}
}
