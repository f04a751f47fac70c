package pack

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/render"
	"github.com/hutubi-edu/zoning/engine/render/report"
)

// FeedersFile is the pack's 对口 table (小学对口初中), plan against plan.
const FeedersFile = "compare-feeders.csv"

// feedersCSV writes each plan's 对口 table (engine.Metrics.Feeders) as CSV
// (UTF-8 with a byte order mark): per plan and primary school, the junior
// school it feeds, where that comes from (学校表, 划片, 校址, 最近), its zone's
// entrants and the share of them living in the junior school's zone
// (empty when undefined), and, for a zone straddling junior zones
// (feeder_splits), the parts as "name entrants", joined by "|". Nil when no
// plan has a table.
func feedersCSV(c *compare.Comparison) ([]byte, error) {
	has := false
	for _, p := range c.Plans {
		has = has || len(p.Metrics.Feeders) > 0
	}
	if !has {
		return nil, nil
	}
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"plan", "plan_file", "school_id", "name", "junior_school_id", "junior_name", "source", "entrants", "share",
		"split_among"})
	for i, p := range c.Plans {
		splits := map[string]string{}
		for _, s := range p.Metrics.FeederSplits {
			var parts []string
			for _, j := range s.Juniors {
				parts = append(parts, j.Name+" "+strconv.Itoa(j.Entrants))
			}
			splits[s.SchoolID] = strings.Join(parts, "|")
		}
		for _, f := range p.Metrics.Feeders {
			share := ""
			if f.Share != nil {
				share = strconv.FormatFloat(*f.Share, 'f', 4, 64)
			}
			_ = w.Write([]string{p.Plan.Name, render.FileStem(c, i), f.SchoolID, f.Name, f.JuniorID, f.JuniorName,
				report.FeederSourceName(f.Source), strconv.Itoa(f.Entrants), share, splits[f.SchoolID]})
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
