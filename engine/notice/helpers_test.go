package notice

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// hutubi loads the default dataset.
func hutubi(tb testing.TB) *dataset.Dataset {
	tb.Helper()
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// zonesInForce returns the school of each household under the dataset's
// zones of the level, located with geos.PolygonIndex; a household in several
// zones goes to the first.
func zonesInForce(tb testing.TB, ds *dataset.Dataset, level dataset.Level) []int {
	tb.Helper()
	var polys []orb.MultiPolygon
	var school []int
	for _, z := range ds.Zones {
		if z.Level != level {
			continue
		}
		s := ds.SchoolIndex(z.SchoolID)
		if s < 0 {
			tb.Fatalf("zone of unknown school %s", z.SchoolID)
		}
		polys = append(polys, z.Geometry)
		school = append(school, s)
	}
	ix, err := geos.NewPolygonIndex(polys)
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]int, len(ds.Households))
	for h := range ds.Households {
		out[h] = -1
		if zs := ix.Locate(ds.Households[h].Loc); len(zs) > 0 {
			out[h] = school[zs[0]]
		}
	}
	return out
}
