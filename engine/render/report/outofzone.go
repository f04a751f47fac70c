package report

import (
	"html/template"
)

type outOfZoneView struct {
	Levels []levelOutOfZone
}

type levelOutOfZone struct {
	Level, Name string
	Entrants    int
	Rows        []outOfZoneRow
	Children    int // sum of the rows
	Unplaced    int
}

type outOfZoneRow struct {
	Zone, Unit string
	Children   int
	Unplaced   int
}

// outOfZoneData lists, per level, the entrants whose zone's school could
// not seat them, by zone school and unit (engine.Metrics.OutOfZone).
func outOfZoneData(v *view, _ *template.Template) (any, error) {
	var out outOfZoneView
	for _, lv := range v.levels {
		l := levelOutOfZone{Level: string(lv.lr.Level), Name: lv.name, Entrants: lv.lm.Entrants}
		for _, o := range v.m.OutOfZone {
			if o.Level != l.Level {
				continue
			}
			l.Rows = append(l.Rows, outOfZoneRow{Zone: v.zoneSchoolName(lv, o.ZoneSchool), Unit: o.Unit,
				Children: o.Children, Unplaced: o.Unplaced})
			l.Children += o.Children
			l.Unplaced += o.Unplaced
		}
		out.Levels = append(out.Levels, l)
	}
	return out, nil
}

// zoneSchoolName names the zone of an out-of-zone entry: a school id, or the
// zone_id of a multi-school zone (its schools are named), or "" for homes
// in no zone.
func (v *view) zoneSchoolName(lv *levelView, id string) string {
	if id == "" {
		return noNewZone
	}
	for z, zn := range lv.lr.Zones {
		if zn.ID == id {
			return v.zoneName(lv.lr, z, id) + " (多校划片 " + id + ")"
		}
	}
	if s := v.ds.School(id); s != nil {
		return s.SectionName(lv.lr.Level)
	}
	return id
}
