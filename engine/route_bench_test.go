package engine_test

import (
	"cmp"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/roads"
	"github.com/hutubi-edu/zoning/zones/benchmem"
)

// BenchmarkRouteDistances measures what the redraw needs of the roads
// before it starts: a walk from every campus over the whole network
// (roads.NewRoutes at the configuration's cut-off) and the walk from every
// home to its k = zoning.k_nearest nearest campuses (each home snapped to
// the network once). The straight sub-benchmark is the baseline: the
// great-circle distances of the same pairs. Inputs: the embedded default
// (~22k households, ~40 campuses, ~2,400 road nodes) and a generated urban
// district of 200k children and 150 campuses.
func BenchmarkRouteDistances(b *testing.B) {
	def, err := dataset.Load(data.Hutubi())
	if err != nil {
		b.Fatal(err)
	}
	urban, _, err := county.Generate(county.Spec{Family: county.Urban, Seed: 1, Children: 200_000, Campuses: 150})
	if err != nil {
		b.Fatal(err)
	}
	cfg := config.Default()
	for _, c := range []struct {
		name string
		ds   *dataset.Dataset
	}{{"default", def}, {"urban-200k-150campuses", urban}} {
		sites := make([]orb.Point, len(c.ds.Schools))
		for i, s := range c.ds.Schools {
			sites[i] = s.Loc
		}
		// Each home's k nearest campuses, by straight line (what the
		// redraw's candidate lists start from).
		k := min(cfg.Zoning.KNearest, len(sites))
		pairs := make([][2]orb.Point, 0, len(c.ds.Households)*k)
		order := make([]int, len(sites))
		for _, h := range c.ds.Households {
			for i := range order {
				order[i] = i
			}
			slices.SortFunc(order, func(a, b int) int { return cmp.Compare(geo.Distance(h.Loc, sites[a]), geo.Distance(h.Loc, sites[b])) })
			for _, j := range order[:k] {
				pairs = append(pairs, [2]orb.Point{h.Loc, sites[j]})
			}
		}
		b.Run(c.name+"/route", func(b *testing.B) {
			pm := benchmem.Start(true)
			var sum float64
			for b.Loop() {
				r := roads.NewRoutes(c.ds.Roads, cfg.Zoning.RouteCutoffM, sites)
				for _, p := range pairs {
					sum += r.DistanceM(p[0], p[1])
				}
			}
			pm.Stop()
			pm.Report(b)
			b.ReportMetric(float64(len(pairs)), "pairs")
			b.ReportMetric(float64(c.ds.Roads.Nodes()), "nodes")
			b.ReportMetric(float64(len(sites)), "campuses")
			_ = sum
		})
		b.Run(c.name+"/straight", func(b *testing.B) {
			var sum float64
			for b.Loop() {
				for _, p := range pairs {
					sum += geo.Distance(p[0], p[1])
				}
			}
			b.ReportMetric(float64(len(pairs)), "pairs")
			_ = sum
		})
	}
}
