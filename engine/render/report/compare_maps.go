package report

import (
	"strconv"
)

// pairColours fill the changed areas, one colour per old → new pair of
// zones (Tableau 10, strong under the light zone fills); they repeat past
// ten pairs, the numbers on the map and in the legend still tell the pairs
// apart.
var pairColours = []string{"#e15759", "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac"}

type compareMapsView struct {
	Levels []compareLevelMaps
	Util   []utilClass
	Seat   bool
}

type compareLevelMaps struct {
	Name  string
	Plans []planMaps
}

type planMaps struct {
	Plan planHead
	Maps levelMaps
}

// mapsData draws each plan's zones of each level on the county map and the
// county seat's, on one frame.
func (cv *compareView) mapsData() (any, error) {
	out := compareMapsView{Util: utilClasses}
	if cv.geom == nil {
		return out, nil
	}
	out.Seat = cv.geom.hasSeat
	for _, blv := range cv.levels() {
		l := blv.lr.Level
		lm := compareLevelMaps{Name: blv.name}
		for i, v := range cv.views {
			lv := v.level(string(l))
			if lv == nil {
				continue
			}
			id := "cmap-" + strconv.Itoa(i) + "-" + string(l)
			maps := v.levelMaps(lv, v.zonePaths(lv, cv.geom.p), id, cv.heads[i].Label+" · "+lv.name+"片区")
			cv.sectionLabels(lv, maps.County)
			cv.sectionLabels(lv, maps.Seat)
			lm.Plans = append(lm.Plans, planMaps{Plan: cv.heads[i], Maps: maps})
		}
		out.Levels = append(out.Levels, lm)
	}
	return out, nil
}

type changesView struct {
	Proposals []proposalChanges
	NoGeom    bool
}

type proposalChanges struct {
	Plan   planHead
	Levels []levelChanges
}

type levelChanges struct {
	Name       string
	Maps       levelMaps // none when nothing changes
	Areas      []areaRow
	Households int
	Km2        string // the areas' total
}

// areaRow is one old → new pair in a changes map's legend.
type areaRow struct {
	Tag, Colour string
	From, To    string
	Households  int
	Km2         string
}

// changesData draws, for each proposal and level, the areas whose zone
// school changes (compare.Change.Areas, the exact polygons), one colour and
// number per old → new pair, over the proposal's zones and the dashed
// outlines of the plan in force.
func (cv *compareView) changesData() (any, error) {
	out := changesView{NoGeom: cv.geom == nil}
	for _, p := range cv.props {
		pc := proposalChanges{Plan: p.head}
		for _, blv := range cv.levels() {
			l := blv.lr.Level
			lc := levelChanges{Name: blv.name}
			var areas []changeArea
			total := 0.0
			for _, a := range p.o.Change.Areas {
				if a.Level != l {
					continue
				}
				k := len(lc.Areas)
				from, to := cv.zoneName(l, a.Old, noOldZone), cv.zoneName(l, a.New, noNewZone)
				row := areaRow{Tag: strconv.Itoa(k + 1), Colour: pairColours[k%len(pairColours)], From: from, To: to,
					Households: a.Households, Km2: km2(a.AreaKm2)}
				lc.Areas = append(lc.Areas, row)
				lc.Households += a.Households
				total += a.AreaKm2
				areas = append(areas, changeArea{geom: a.Geometry, fill: row.Colour, tag: row.Tag,
					title: row.Tag + ". 原片区 " + from + " → 新片区 " + to + "：住户 " + strconv.Itoa(a.Households) +
						" 户，" + row.Km2 + " 平方公里"})
			}
			lc.Km2 = km2(total)
			lv := p.v.level(string(l))
			if len(areas) > 0 && lv != nil && cv.geom != nil {
				lc.Maps = cv.changesMaps(p.v, lv, areas, "cchg-"+strconv.Itoa(p.i)+"-"+string(l), p.head.Label+" · "+lv.name+"片区调整区域")
			}
			pc.Levels = append(pc.Levels, lc)
		}
		out.Proposals = append(out.Proposals, pc)
	}
	return out, nil
}

// km2 formats square kilometres with three decimals.
func km2(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// changesMaps draws changed areas, coloured by pair, on the county map and,
// with a county seat, on the county seat's map, as levelMaps draws zones,
// and lays out the areas' numbers and the schools' labels
// (layoutLabels).
func (cv *compareView) changesMaps(v *view, lv *levelView, areas []changeArea, id, title string) levelMaps {
	g := v.geom
	cl := v.changeLayer(areas, simplifyM)
	county, zoom := g.frames()
	lm := levelMaps{Level: string(lv.lr.Level), Name: lv.name}
	lm.County = v.drawChangesOn(lv, cl, county, id+"-county", title+" · 全县", g.hasSeat, false)
	lm.County.Class += " pairs"
	cv.layoutLabels(lv, lm.County, tagSpots(cl, county))
	if g.hasSeat {
		lm.Seat = v.drawChangesOn(lv, cl, zoom, id+"-seat", title+" · 县城", false, true)
		lm.Seat.Class += " pairs"
		cv.layoutLabels(lv, lm.Seat, tagSpots(cl, zoom))
	}
	return lm
}
