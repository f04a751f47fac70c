package report

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compliance"
)

type compareSchoolsView struct {
	Levels []compareSchoolLevel
}

type compareSchoolLevel struct {
	Name       string
	Schools    []schoolGroup
	Indicators []string // the indicators' column heads
	Units      []string // their units
	Resources  []schoolGroup
}

// schoolGroup is one school with a row per plan (its rows stay on one page).
type schoolGroup struct {
	Name  string
	Tags  []string
	Flags []string // what more than doubles under a proposal (compare.Growth)
	Rows  []planRow
}

// growthWords says what more than doubles at a receiving school.
func growthWords(g compare.Growth) string {
	var parts []string
	if g.Households {
		parts = append(parts, "片区住户 "+strconv.Itoa(g.HouseholdsBefore)+" → "+strconv.Itoa(g.HouseholdsAfter)+" 户")
	}
	if g.Distance {
		parts = append(parts, "平均距离 "+metresNum(g.MeanBefore)+" → "+metresNum(g.MeanAfter)+" 米")
	}
	return strings.Join(parts, "，") + "，增加一倍以上"
}

type planRow struct {
	Plan  planHead
	Cells []ccell
}

// schoolsData sets each school section's figures under each plan side by
// side, and the resource indicators per student where a proposal changes
// them.
func (cv *compareView) schoolsData() (any, error) {
	var out compareSchoolsView
	keys := compliance.IndicatorKeys()
	var heads, units []string
	for _, k := range keys {
		_, unit, per100, _ := compliance.IndicatorName(k)
		heads = append(heads, checkName(k))
		if per100 {
			unit += "/百生"
		} else {
			unit += "/生"
		}
		units = append(units, unit)
	}
	rows := cv.c.Schools()
	for _, blv := range cv.levels() {
		sl := compareSchoolLevel{Name: blv.name, Indicators: heads, Units: units}
		known := false
		for _, r := range rows {
			if r.Level != blv.lr.Level {
				continue
			}
			name := cv.schoolName(r.School, r.Level, r.Name)
			g := schoolGroup{Name: name, Tags: tags(&cv.ds.Schools[r.School])}
			for _, p := range cv.props {
				for _, gr := range p.o.Change.Growth {
					if gr.Level == r.Level && gr.School == r.School {
						g.Flags = append(g.Flags, p.head.Label+"："+growthWords(gr))
					}
				}
			}
			res := schoolGroup{Name: name}
			var base, baseInd []ccell
			for i, f := range r.Plans {
				cells := schoolCells(f, r.Plans[0].Failed, i > 0)
				ind := indicatorCells(f.Indicators)
				if i == 0 {
					base, baseInd = cells, ind
				} else {
					markChanged(cells[:len(cells)-1], base)
				}
				g.Rows = append(g.Rows, planRow{Plan: cv.heads[i], Cells: cells})
				if i == 0 || markChanged(ind, baseInd) {
					res.Rows = append(res.Rows, planRow{Plan: cv.heads[i], Cells: ind})
				}
			}
			sl.Schools = append(sl.Schools, g)
			sl.Resources = append(sl.Resources, res)
			for _, c := range baseInd {
				known = known || c.Text != none
			}
		}
		if !known {
			sl.Resources = nil // the dataset gives none of the indicators' inputs
		}
		out.Levels = append(out.Levels, sl)
	}
	return out, nil
}

// schoolCells are a school section's figures under one plan: entrants,
// places, utilisation, classes, the largest class, the campus's students,
// the mean distance, and for a proposal the moves out and in; last, the
// checks that fail: all of them under the plan in force, under a proposal
// those it adds to or removes from the plan in force's (baseFailed).
func schoolCells(f compare.SchoolFigures, baseFailed []string, proposal bool) []ccell {
	over := f.IntakeCapacity > 0 && f.Entrants > f.IntakeCapacity
	cells := []ccell{
		{Text: strconv.Itoa(f.Entrants), Class: badIf(over)},
		{Text: strconv.Itoa(f.IntakeCapacity)},
		{Text: pct(f.Utilisation), Class: badIf(over)},
		{Text: strconv.Itoa(f.Classes)},
		{Text: strconv.Itoa(f.MaxClassSize), Class: badIf(f.ClassCap > 0 && f.MaxClassSize > f.ClassCap),
			Title: "班额上限 " + strconv.Itoa(f.ClassCap)},
		{Text: strconv.Itoa(f.CampusStudents) + " / " + strconv.Itoa(f.CampusCap),
			Class: badIf(f.CampusCap > 0 && f.CampusStudents > f.CampusCap), Title: "全校在校生 / 校额上限"},
		{Text: metresNum(f.MeanDistanceM)},
		{Text: none}, {Text: none},
	}
	if over {
		cells[0].Title = "新生超出招生计划"
	}
	if proposal {
		cells[7].Text, cells[8].Text = strconv.Itoa(f.MovedOut), strconv.Itoa(f.MovedIn)
	}
	return append(cells, failedCell(f.Failed, baseFailed, proposal))
}

// failedCell lists the checks that fail: all of them, or for a proposal
// those that fail under it and not in force (新增) and those that fail in
// force and not under it (消除).
func failedCell(failed, base []string, proposal bool) ccell {
	names := func(keys []string) string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = checkName(k)
		}
		return strings.Join(out, "、")
	}
	if !proposal {
		return ccell{Text: names(failed), Class: strings.TrimSpace("text " + badIf(len(failed) > 0))}
	}
	var added, removed []string
	for _, k := range failed {
		if !slices.Contains(base, k) {
			added = append(added, k)
		}
	}
	for _, k := range base {
		if !slices.Contains(failed, k) {
			removed = append(removed, k)
		}
	}
	var parts []string
	c := ccell{Class: "text"}
	if len(added) > 0 {
		parts = append(parts, "新增："+names(added))
		c.Class = "text bad"
	}
	if len(removed) > 0 {
		parts = append(parts, "消除："+names(removed))
		if len(added) == 0 {
			c.Class = "text better"
		}
	}
	c.Text = strings.Join(parts, "；")
	if c.Text == "" && len(failed) > 0 {
		c.Text = "同现行片区"
	}
	return c
}

// indicatorCells writes the resource indicators with two decimals.
func indicatorCells(ind []*float64) []ccell {
	cells := make([]ccell, len(ind))
	for k, v := range ind {
		cells[k].Text = none
		if v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0) {
			cells[k].Text = strconv.FormatFloat(*v, 'f', 2, 64)
		}
	}
	return cells
}

// markChanged adds the class changed to the cells whose text differs from
// the plan in force's, and reports whether any does. The moves, which the
// plan in force has none of, are not compared.
func markChanged(cells, base []ccell) bool {
	changed := false
	for k := range cells {
		if k < len(base) && cells[k].Text != base[k].Text && base[k].Text != none {
			cells[k].Class = strings.TrimSpace(cells[k].Class + " changed")
			changed = true
		}
	}
	return changed
}

func badIf(b bool) string {
	if b {
		return "bad"
	}
	return ""
}
