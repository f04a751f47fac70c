package notice

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// DescribePlan words the zones zs (a plan's zones.geojson, WGS84) from the
// dataset's households, as a run words its zones.csv, per level: each
// household is located in the zones of each level (the first zone when
// several hold it) and the zones are described as zones.csv would. It also
// returns, per level, the households that no zone holds (the text leaves
// them out).
func DescribePlan(ds *dataset.Dataset, zs []dataset.Zone) ([]Plan, map[dataset.Level]int, error) {
	var plans []Plan
	outside := map[dataset.Level]int{}
	for _, l := range dataset.Levels {
		var members [][]int
		var geoms []orb.MultiPolygon
		zoneOf := map[string]int{} // "s"+school_id or "z"+zone_id → zone
		for _, z := range zs {
			if z.Level != l {
				continue
			}
			j := ds.SchoolIndex(z.SchoolID)
			if j < 0 {
				return nil, nil, fmt.Errorf("notice: %s zone of school %q: the dataset has no such school", l, z.SchoolID)
			}
			key := "s" + z.SchoolID
			if z.ZoneID != "" {
				key = "z" + z.ZoneID
			}
			k, ok := zoneOf[key]
			if !ok {
				k = len(members)
				zoneOf[key] = k
				members = append(members, nil)
				geoms = append(geoms, z.Geometry)
			}
			members[k] = append(members[k], j)
		}
		if len(members) == 0 {
			continue
		}
		ix, err := geos.NewPolygonIndex(geoms)
		if err != nil {
			return nil, nil, fmt.Errorf("notice: %s zones: %w", l, err)
		}
		for _, m := range members {
			slices.Sort(m) // the dataset's order, as zones.csv has it
		}
		at := make([]int, len(ds.Households))
		for h := range ds.Households {
			at[h] = -1
			if hits := ix.Locate(ds.Households[h].Loc); len(hits) > 0 {
				at[h] = hits[0]
			} else {
				outside[l]++
			}
		}
		plans = append(plans, Plan{Level: string(l), Zones: DescribeZones(ds, at, members)})
	}
	return plans, outside, nil
}
