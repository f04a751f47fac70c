package pack

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/render"
	"github.com/hutubi-edu/zoning/engine/render/report"
)

// DetoursFile is the pack's list of the long walks along the roads, for a
// comparison whose plans measure routes (report.Walks): per plan, level,
// place and school, the entrants whose walk is a long detour and those
// whose walk crosses a railway or an expressway at grade. Places are named
// as the rest of the pack names them (compound, village with its groups,
// street, with the township); no child or household is.
const DetoursFile = "detours.csv"

// detoursHeader are detours.csv's columns.
var detoursHeader = []string{"plan", "level", "place", "kind", "school_id", "school", "detours", "mean_ratio", "max_ratio",
	"mean_route_m", "mean_straight_m", "at_grade", "crossed"}

// detoursCSV writes the walks of c as detours.csv (UTF-8 with a BOM, for
// Excel): plan is the plan's file stem (render.FileStem), level primary or
// junior, ratios the walk over the straight line (2 decimals), distances
// whole metres (empty with no detour), crossed the kinds crossed at grade
// (铁路、高速公路). Nil when no plan measures routes.
func detoursCSV(c *compare.Comparison) ([]byte, error) {
	walks := report.Walks(c)
	routed := false
	for _, o := range c.Plans {
		routed = routed || o.Result != nil && o.Result.Routes != nil
	}
	if !routed {
		return nil, nil
	}
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	if err := w.Write(detoursHeader); err != nil {
		return nil, err
	}
	ds := c.Dataset
	num := func(v float64, prec int, some bool) string {
		if !some {
			return ""
		}
		return strconv.FormatFloat(v, 'f', prec, 64)
	}
	for _, p := range walks {
		s := &ds.Schools[p.School]
		some := p.Detours > 0
		if err := w.Write([]string{render.FileStem(c, p.Plan), string(p.Level), p.Place(), p.Kind, s.ID, s.SectionName(p.Level),
			strconv.Itoa(p.Detours), num(p.MeanRatio, 2, some), num(p.MaxRatio, 2, some), num(p.MeanRouteM, 0, some),
			num(p.MeanStraightM, 0, some), strconv.Itoa(p.AtGrade), p.CrossedText()}); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
