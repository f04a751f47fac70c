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
		zoneOf := make([]int, len(ds.Households))
		for h := range zoneOf {
			zoneOf[h] = lr.HomeZoneOf(r.Units, h)
		}
		out = append(out, notice.Plan{Level: string(lr.Level), Zones: notice.DescribeZones(ds, zoneOf, lr.zoneSchools())})
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
