package report

import (
	"html/template"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

type lotteriesView struct {
	Zones []lotteryZone
}

type lotteryZone struct {
	Level, LevelName, ZoneID string
	Schools                  string // names, 、-separated
	Rows                     []lotteryRow
	Total                    lotteryRow
}

type lotteryRow struct {
	Name                 string
	Applicants, Admitted [3]int
	Apply, Admit         int // over the priorities
	Odds                 string
}

// lotteriesData shows the draw of each multi-school zone; nil (no section)
// when the run has none.
func lotteriesData(v *view, _ *template.Template) (any, error) {
	if len(v.m.Lotteries) == 0 {
		return nil, nil
	}
	var out lotteriesView
	at := map[[2]string]int{}
	for _, lm := range v.m.Lotteries {
		k := [2]string{lm.Level, lm.ZoneID}
		i, ok := at[k]
		if !ok {
			i = len(out.Zones)
			at[k] = i
			z := lotteryZone{Level: lm.Level, LevelName: lm.Level, ZoneID: lm.ZoneID}
			if lv := v.level(lm.Level); lv != nil {
				z.LevelName = lv.name
			}
			out.Zones = append(out.Zones, z)
		}
		z := &out.Zones[i]
		r := lotteryRow{Name: lm.Name, Applicants: lm.Applicants, Admitted: lm.Admitted, Odds: pct(lm.Odds)}
		if sc := v.ds.School(lm.SchoolID); sc != nil {
			r.Name = sc.SectionName(dataset.Level(lm.Level))
		}
		if r.Name == "" {
			r.Name = lm.SchoolID
		}
		for p := range 3 {
			r.Apply += lm.Applicants[p]
			r.Admit += lm.Admitted[p]
			z.Total.Applicants[p] += lm.Applicants[p]
			z.Total.Admitted[p] += lm.Admitted[p]
		}
		z.Total.Apply += r.Apply
		z.Total.Admit += r.Admit
		if z.Schools != "" {
			z.Schools += "、"
		}
		z.Schools += r.Name
		z.Rows = append(z.Rows, r)
	}
	for i := range out.Zones {
		t := &out.Zones[i].Total
		t.Odds = none
		if t.Apply > 0 {
			t.Odds = pctOf(float64(t.Admit) / float64(t.Apply))
		}
	}
	return out, nil
}
