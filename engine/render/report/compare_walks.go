package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// WalkPlace is the entrants of one place (a compound, a village or a
// street, with its township, as the meeting pack names places) seated at
// one school under one plan whose walk along the roads is a long detour
// (engine.Walk.LongDetour: at least engine.DetourRatio times the straight
// line and longer than the service radius) or crosses a railway or an
// expressway at grade. No child or household is named.
type WalkPlace struct {
	Plan   int // index into Comparison.Plans
	Level  dataset.Level
	Kind   string // compare.KindCompound, KindVillage, KindStreet or KindOther
	Name   string // the place with its township, e.g. 城关镇向阳村
	Groups []int  // for a village: the groups of these entrants, ascending
	School int    // index into Dataset.Schools
	// Detours counts the entrants of the place with a long detour; their
	// walks are MeanRatio times their straight lines on average, at most
	// MaxRatio; MeanRouteM and MeanStraightM are their mean walk and
	// straight distance, metres.
	Detours                   int
	MeanRatio, MaxRatio       float64
	MeanRouteM, MeanStraightM float64
	// AtGrade counts the entrants whose walk crosses a railway or an
	// expressway on its level; Crossed the kinds crossed, in the order
	// railway, motorway.
	AtGrade int
	Crossed []roads.BarrierKind
}

// Place is the place's name with its village groups: 城关镇向阳村3、5组.
func (p WalkPlace) Place() string { return p.Name + compare.PlaceChange{Groups: p.Groups}.GroupsText() }

// Walks lists, per plan of c whose result measures routes, level, place and
// school, the entrants with a long detour or an at-grade crossing; the
// plans in order, then the levels, then the most detours first. Per plan
// and level the Detours sum to metrics.json's route.long_detours and the
// AtGrade to route.at_grade_crossings. Nil when no plan measures routes.
func Walks(c *compare.Comparison) []WalkPlace {
	if c == nil || c.Dataset == nil {
		return nil
	}
	ds := c.Dataset
	parser := ds.Parser()
	var out []WalkPlace
	for i, o := range c.Plans {
		res := o.Result
		if res == nil || res.Routes == nil {
			continue
		}
		for _, lr := range res.Levels {
			radius := res.Config.Policy.ServiceRadiusM.Of(string(lr.Level))
			type key struct {
				kind, name string
				school     int
			}
			at := map[key]*WalkPlace{}
			groups := map[key]map[int]bool{}
			var order []key
			for _, w := range res.Walks(lr) {
				long, grade := w.LongDetour(radius), len(w.AtGrade) > 0
				if !long && !grade {
					continue
				}
				h := ds.Household(ds.Children[w.Child].HouseholdID)
				addr := ""
				if h != nil {
					addr = h.Address
				}
				kind, name, group := placeOf(parser, addr)
				k := key{kind, name, w.School}
				p := at[k]
				if p == nil {
					p = &WalkPlace{Plan: i, Level: lr.Level, Kind: kind, Name: name, School: w.School}
					at[k], groups[k] = p, map[int]bool{}
					order = append(order, k)
				}
				if group > 0 {
					groups[k][group] = true
				}
				if long {
					r := w.Detour()
					p.Detours++
					p.MeanRatio += r
					p.MaxRatio = max(p.MaxRatio, r)
					p.MeanRouteM += w.RouteM
					p.MeanStraightM += w.StraightM
				}
				if grade {
					p.AtGrade++
					for _, kd := range w.AtGrade {
						if !slices.Contains(p.Crossed, kd) {
							p.Crossed = append(p.Crossed, kd)
						}
					}
				}
			}
			var level []WalkPlace
			for _, k := range order {
				p := at[k]
				if p.Detours > 0 {
					n := float64(p.Detours)
					p.MeanRatio, p.MeanRouteM, p.MeanStraightM = p.MeanRatio/n, p.MeanRouteM/n, p.MeanStraightM/n
				}
				for g := range groups[k] {
					p.Groups = append(p.Groups, g)
				}
				slices.Sort(p.Groups)
				slices.SortFunc(p.Crossed, func(a, b roads.BarrierKind) int { return cmp.Compare(crossRank(a), crossRank(b)) })
				level = append(level, *p)
			}
			slices.SortStableFunc(level, func(a, b WalkPlace) int {
				return cmp.Or(cmp.Compare(b.Detours, a.Detours), cmp.Compare(b.AtGrade, a.AtGrade),
					cmp.Compare(a.Name, b.Name), cmp.Compare(a.School, b.School))
			})
			out = append(out, level...)
		}
	}
	return out
}

// crossRank orders the kinds crossed at grade: railway, then motorway.
func crossRank(k roads.BarrierKind) int {
	if k == roads.Railway {
		return 0
	}
	return 1
}

// CrossedText names the kinds crossed at grade: 铁路、高速公路.
func (p WalkPlace) CrossedText() string {
	var out []string
	for _, k := range p.Crossed {
		out = append(out, barrierWords[string(k)])
	}
	return strings.Join(out, "、")
}

// placeOf names the place of an address as engine/compare does for its
// counts (its compound, its village with the group, or its street, each
// with the township, as the dataset's parser p reads it), so that the
// pack's lists name one place one way.
func placeOf(p *address.Parser, addr string) (kind, name string, group int) {
	a := p.Parse(addr)
	switch {
	case a.Compound != "":
		return compare.KindCompound, a.Township + a.Compound, 0
	case a.Village != "":
		g := 0
		fmt.Sscan(a.Group, &g)
		return compare.KindVillage, a.Township + a.Village, g
	case a.Road != "":
		return compare.KindStreet, a.Township + a.Road, 0
	}
	return compare.KindOther, a.String(), 0
}

// walksView is the section 绕行与平交道口 of the comparison page.
type walksView struct {
	Ratio string // engine.DetourRatio
	Plans []planWalks
}

type planWalks struct {
	Plan   planHead
	Levels []levelWalks
}

type levelWalks struct {
	Name             string
	Detours, AtGrade int // metrics.json's
	Radius           string
	Rows             []walkRow
}

type walkRow struct {
	Place, Kind, School string
	Detours, AtGrade    int
	MeanRatio, MaxRatio string
	MeanRoute, MeanLine string // metres
	Crossed             string
}

// walksData lists, per plan and level, the places whose entrants walk a
// long detour or cross a railway or an expressway at grade; nil (no
// section) when no plan measures routes.
func (cv *compareView) walksData() (any, error) {
	places := Walks(cv.c)
	routed := false
	for _, o := range cv.c.Plans {
		routed = routed || o.Result != nil && o.Result.Routes != nil
	}
	if !routed {
		return nil, nil
	}
	out := walksView{Ratio: strconv.FormatFloat(engine.DetourRatio, 'f', -1, 64)}
	for i, o := range cv.c.Plans {
		if o.Result == nil || o.Result.Routes == nil {
			continue
		}
		pw := planWalks{Plan: cv.heads[i]}
		for _, lv := range cv.levels() {
			l := lv.lr.Level
			lm := o.Metrics.Levels[string(l)]
			lw := levelWalks{Name: lv.name, Radius: metresNum(&lm.ServiceRadiusM)}
			if rm := lm.Route; rm != nil {
				lw.Detours, lw.AtGrade = rm.LongDetours, rm.AtGrade
			}
			for _, p := range places {
				if p.Plan != i || p.Level != l {
					continue
				}
				r := walkRow{Place: p.Place(), Kind: p.Kind, School: cv.schoolName(p.School, l, "—"),
					Detours: p.Detours, AtGrade: p.AtGrade, Crossed: p.CrossedText()}
				if p.Detours > 0 {
					r.MeanRatio, r.MaxRatio = ratioText(p.MeanRatio), ratioText(p.MaxRatio)
					r.MeanRoute, r.MeanLine = roundM(p.MeanRouteM), roundM(p.MeanStraightM)
				}
				lw.Rows = append(lw.Rows, r)
			}
			pw.Levels = append(pw.Levels, lw)
		}
		out.Plans = append(out.Plans, pw)
	}
	return out, nil
}

// ratioText writes a ratio of walk to straight line: 2.4 倍.
func ratioText(r float64) string { return strconv.FormatFloat(r, 'f', 1, 64) + " 倍" }

// walksSentence says a proposal's long detours and at-grade crossings
// against the plan in force, per level; "" when the proposal does not
// measure routes.
func (cv *compareView) walksSentence(p *proposal) string {
	var det, grade []string
	for _, lv := range cv.levels() {
		after := p.o.Metrics.Levels[string(lv.lr.Level)].Route
		if after == nil {
			return ""
		}
		b := "—"
		bg := "—"
		if before := lv.lm.Route; before != nil {
			b, bg = strconv.Itoa(before.LongDetours), strconv.Itoa(before.AtGrade)
		}
		det = append(det, lv.name+" "+b+" → "+strconv.Itoa(after.LongDetours)+" 人")
		grade = append(grade, lv.name+" "+bg+" → "+strconv.Itoa(after.AtGrade)+" 人")
	}
	if len(det) == 0 {
		return ""
	}
	return "沿道路绕行 (步行距离为直线距离 " + strconv.FormatFloat(engine.DetourRatio, 'f', -1, 64) + " 倍以上且超过服务半径) 的新生 " +
		strings.Join(det, "、") + "；上学路线在平交道口穿越铁路或高速公路的 " + strings.Join(grade, "、") + "。"
}
