package engine

import (
	"bytes"
	"fmt"

	"github.com/hutubi-edu/zoning/engine/notice"
)

// DescriptionsFile is the output with each school's zone in words.
const DescriptionsFile = "zones.csv"

// Descriptions describes the run's zones as the enrollment notice (招生公告)
// words them, per level: the communities, compounds, streets with
// house-number ranges, and villages with groups that each school's zone
// holds. The schools of a multi-school zone get the same description. A
// result of Run computes it once.
func (r *Result) Descriptions() []notice.Plan {
	d := r.derived
	if d == nil {
		return r.describe()
	}
	d.descOnce.Do(func() { d.desc = r.describe() })
	return d.desc
}

func (r *Result) describe() []notice.Plan {
	ds := r.Dataset
	var out []notice.Plan
	for _, lr := range r.Levels {
		// Describe each zone under its first school, then copy to the others.
		schoolOf := make([]int, len(ds.Households))
		for h := range schoolOf {
			schoolOf[h] = -1
			if z := lr.HomeZoneOf(r.Units, h); z >= 0 {
				schoolOf[h] = lr.Members[z][0]
			}
		}
		byFirst := map[string]notice.Zone{}
		for _, z := range notice.Describe(ds, schoolOf) {
			byFirst[z.SchoolID] = z
		}
		var zs []notice.Zone
		for k, j := range lr.Zoned {
			first := ds.Schools[lr.Members[lr.ZoneOf(k)][0]].ID
			z, ok := byFirst[first]
			if !ok {
				continue
			}
			z.SchoolID, z.SchoolName = ds.Schools[j].ID, ds.Schools[j].Name
			zs = append(zs, z)
		}
		out = append(out, notice.Plan{Level: string(lr.Level), Zones: zs})
	}
	return out
}

// DescriptionsCSV renders zones.csv.
func (r *Result) DescriptionsCSV(plans []notice.Plan) ([]byte, error) {
	var b bytes.Buffer
	if err := notice.WritePlans(&b, plans); err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return b.Bytes(), nil
}
