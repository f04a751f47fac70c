package report

import (
	"html/template"
	"strconv"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// cell is one table cell; Bad marks a failed POLICY check.
type cell struct {
	Text  string
	Bad   bool
	Title string // hover explanation
}

type schoolRow struct {
	Name  string
	Tags  []string
	Cells []cell
}

type schoolTable struct {
	Level, Name string
	Rows        []schoolRow
	Total       []cell
}

type schoolsView struct {
	Tables []schoolTable
}

// classOver reports a section whose largest class exceeds docs/policy.md's
// class size.
func classOver(sm *engine.SchoolMetrics) bool {
	return sm.ClassCap > 0 && sm.MaxClassSize > sm.ClassCap
}

// campusOver reports a campus above docs/policy.md's school size.
func campusOver(sm *engine.SchoolMetrics) bool {
	return sm.CampusCap > 0 && sm.CampusTotal > sm.CampusCap
}

// tags are a campus's short qualifiers for the tables.
func tags(s *dataset.School) []string {
	var t []string
	if !s.Public {
		t = append(t, "民办")
	}
	if s.NineYear {
		t = append(t, "九年一贯制")
	}
	if s.Boarding {
		t = append(t, "寄宿")
	}
	switch s.AreaType {
	case dataset.Urban:
		t = append(t, "城区")
	case dataset.Town:
		t = append(t, "镇区")
	case dataset.Rural:
		t = append(t, "乡村")
	}
	return t
}

func schoolsData(v *view, _ *template.Template) (any, error) {
	var out schoolsView
	for _, lv := range v.levels {
		t := schoolTable{Level: string(lv.lr.Level), Name: lv.name}
		var entrants, intake, zoned, students, classes int
		for i := range lv.schools {
			sm := &lv.schools[i]
			row := schoolRow{Name: v.sectionOf(sm)}
			if j := v.ds.SchoolIndex(sm.SchoolID); j >= 0 {
				row.Tags = tags(&v.ds.Schools[j])
			}
			util := none
			if sm.IntakeCapacity > 0 {
				util = pctOf(float64(sm.Entrants) / float64(sm.IntakeCapacity))
			}
			row.Cells = []cell{
				{Text: strconv.Itoa(sm.Entrants)},
				{Text: strconv.Itoa(sm.IntakeCapacity)},
				{Text: util},
				{Text: strconv.Itoa(sm.Zoned)},
				{Text: strconv.Itoa(sm.StudentsTotal) + " / " + strconv.Itoa(sm.Seats), Title: "在校生 / 学段学位"},
				{Text: strconv.Itoa(sm.Classes)},
				{Text: strconv.Itoa(sm.MaxClassSize), Bad: classOver(sm),
					Title: "班额上限 " + strconv.Itoa(sm.ClassCap)},
				{Text: strconv.Itoa(sm.CampusTotal) + " / " + strconv.Itoa(sm.CampusCap), Bad: campusOver(sm),
					Title: "全校在校生 / 校额上限"},
				{Text: metresNum(sm.MeanDistanceM)},
			}
			t.Rows = append(t.Rows, row)
			entrants += sm.Entrants
			intake += sm.IntakeCapacity
			zoned += sm.Zoned
			students += sm.StudentsTotal
			classes += sm.Classes
		}
		util := none
		if intake > 0 {
			util = pctOf(float64(entrants) / float64(intake))
		}
		t.Total = []cell{{Text: strconv.Itoa(entrants)}, {Text: strconv.Itoa(intake)}, {Text: util},
			{Text: strconv.Itoa(zoned)}, {Text: strconv.Itoa(students)}, {Text: strconv.Itoa(classes)},
			{Text: ""}, {Text: ""}, {Text: metresNum(lv.lm.MeanDistanceM)}}
		out.Tables = append(out.Tables, t)
	}
	return out, nil
}
