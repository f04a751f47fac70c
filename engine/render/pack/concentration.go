package pack

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/render"
)

// ConcentrationFile is the pack's table of the migrant entrants'
// concentration across schools, plan against plan.
const ConcentrationFile = "compare-concentration.csv"

// concentrationCSV writes compare.Comparison.Concentration as CSV (UTF-8
// with a byte order mark): per level, group and plan, the group's seated
// entrants and share, the dissimilarity and isolation indices (empty when
// undefined) and the schools above twice the level's share as
// "name (group entrants/entrants)", joined by "|".
func concentrationCSV(c *compare.Comparison) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"level", "group", "plan", "plan_file", "entrants", "share", "dissimilarity", "isolation",
		"concentrated_schools"})
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', 4, 64)
	}
	for _, r := range c.Concentration() {
		var schools []string
		for _, s := range r.Concentrated {
			schools = append(schools, s.Name+" ("+strconv.Itoa(s.Group)+"/"+strconv.Itoa(s.Entrants)+")")
		}
		_ = w.Write([]string{string(r.Level), string(r.Group), c.Plans[r.Plan].Plan.Name, render.FileStem(c, r.Plan),
			strconv.Itoa(r.Entrants), num(r.Share), num(r.Dissimilarity), num(r.Isolation), strings.Join(schools, "|")})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
