package report

import (
	"html/template"
)

type zonesView struct {
	NoUnits bool
	Levels  []levelZones
}

type levelZones struct {
	Level, Name string
	Zones       []zoneText
}

type zoneText struct {
	Text       string // the notice paragraph, school name first
	Households int
	Shared     string // zone_id of a multi-school zone, "" for one school
}

// zonesData writes each school's zone in words, as the enrollment notice
// (招生公告) will (engine.Result.Descriptions).
func zonesData(v *view, _ *template.Template) (any, error) {
	var out zonesView
	if !v.units {
		out.NoUnits = true
		return out, nil
	}
	for _, p := range v.res.Descriptions() {
		l := levelZones{Level: p.Level, Name: p.Level}
		lv := v.level(p.Level)
		shared := map[string]string{}
		if lv != nil {
			l.Name = lv.name
			for k, zk := range lv.lr.Zoned {
				j := zk.School
				if id := lv.lr.ZoneID(k); id != "" {
					shared[v.ds.Schools[j].ID] = id
				}
			}
		}
		for _, z := range p.Zones {
			l.Zones = append(l.Zones, zoneText{Text: z.Text(), Households: z.Households, Shared: shared[z.SchoolID]})
		}
		out.Levels = append(out.Levels, l)
	}
	return out, nil
}
