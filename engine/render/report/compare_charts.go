package report

import (
	"math"
	"strconv"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Layout of the comparison's bar charts, in CSS pixels.
const (
	gbarH      = 11  // one plan's bar of a school, with the gap below it
	gbarBar    = 9   // the bar itself
	gbarGap    = 10  // between schools
	dbarHalf   = 150 // the longest bar of the moves chart, each side
	dbarRowH   = 18
	chartTop   = 26 // room for the axis labels
	chartBelow = 8
)

type compareChartsView struct {
	Plans  []planHead
	Levels []compareLevelCharts
}

type compareLevelCharts struct {
	Name  string
	Util  *gbarChart
	Hists []planHist
	Moves []planMovesChart
}

type planHist struct {
	Plan planHead
	Hist *histChart
}

type planMovesChart struct {
	Plan  planHead
	Chart *dbarChart // nil when no entrant of the level changes school
}

// gbarChart is a grouped bar chart: one group of bars per school, one bar
// per plan.
type gbarChart struct {
	W, H      int
	X0, Right int
	AxisY2    int
	BarH      int
	Full      string // x of 100%
	Ticks     []tick
	Groups    []gbarGroup
}

type gbarGroup struct {
	Label, Y string
	Bars     []gbar
}

type gbar struct {
	Y, W, Fill, Title string
	Text, TextX       string
	TextY             string
}

// dbarChart is a diverging bar chart: per school, the entrants moved out
// to the left of the middle and those moved in to the right.
type dbarChart struct {
	W, H, X0, Mid, AxisY2 int
	Rows                  []dbarRow
}

type dbarRow struct {
	Label, Title      string
	Y, TextY          string
	OutX, OutW, InW   string
	OutText, InText   string
	OutTextX, InTextX string
}

// chartsData draws, per level, the utilisation of each school under each
// plan, the distance distribution of each plan on shared axes, and the
// moves out of and into each school under each proposal.
func (cv *compareView) chartsData() (any, error) {
	out := compareChartsView{Plans: cv.heads}
	rows := cv.c.Schools()
	for _, blv := range cv.levels() {
		l := blv.lr.Level
		lc := compareLevelCharts{Name: blv.name, Util: cv.utilBars(rows, l)}
		// The distances of each plan, binned on the axes of all of them.
		ds := make([][]float64, len(cv.views))
		var all []float64
		for i, v := range cv.views {
			if lv := v.level(string(l)); lv != nil {
				for _, s := range lv.lr.Seats {
					if s.School >= 0 && !math.IsNaN(s.DistanceM) && !math.IsInf(s.DistanceM, 0) {
						ds[i] = append(ds[i], s.DistanceM)
					}
				}
			}
			all = append(all, ds[i]...)
		}
		if len(all) > 0 {
			a := histAxes{}
			a.width, a.nb = binScale(all)
			for _, d := range ds {
				c := binCounts(d, a.width, a.nb)
				if c[a.nb] > 0 {
					a.bars = a.nb + 1
				}
				for _, n := range c {
					a.top = max(a.top, n)
				}
			}
			for i, v := range cv.views {
				if lv := v.level(string(l)); lv != nil {
					lc.Hists = append(lc.Hists, planHist{Plan: cv.heads[i],
						Hist: histogramOn(ds[i], a, lv.lm.ServiceRadiusM, lv.lm.MeanDistanceM)})
				}
			}
		}
		for _, p := range cv.props {
			lc.Moves = append(lc.Moves, planMovesChart{Plan: p.head, Chart: cv.movesBars(p.o.Change, l)})
		}
		out.Levels = append(out.Levels, lc)
	}
	return out, nil
}

// utilBars draws each school's utilisation (entrants ÷ places) of a level
// under each plan, with the line of 100%.
func (cv *compareView) utilBars(rows []compare.SchoolRow, l dataset.Level) *gbarChart {
	var rs []compare.SchoolRow
	top := 1.0
	for _, r := range rows {
		if r.Level != l {
			continue
		}
		rs = append(rs, r)
		for _, f := range r.Plans {
			if f.Utilisation != nil && !math.IsInf(*f.Utilisation, 0) {
				top = math.Max(top, *f.Utilisation)
			}
		}
	}
	if len(rs) == 0 {
		return nil
	}
	step := niceStep(top / 5)
	axis := math.Ceil(top/step-1e-9) * step
	sx := float64(barPlotW) / axis
	k := len(cv.views)
	groupH := k*gbarH + gbarGap
	c := &gbarChart{W: chartW, X0: barLabelW, Right: barLabelW + barPlotW, H: chartTop + groupH*len(rs) + chartBelow, BarH: gbarBar,
		Full: num(float64(barLabelW)+sx, 1)}
	c.AxisY2 = c.H - 4
	for t := 0.0; t <= axis+step/2; t += step {
		c.Ticks = append(c.Ticks, tick{X: num(float64(barLabelW)+t*sx, 1), Label: pctTarget(t)})
	}
	for g, r := range rs {
		y0 := chartTop + groupH*g
		grp := gbarGroup{Label: shortName(r.Name, cv.ds.Meta.Name), Y: strconv.Itoa(y0 + k*gbarH/2 + 4)}
		for i, f := range r.Plans {
			w := 0.0
			if f.Utilisation != nil && !math.IsInf(*f.Utilisation, 0) && !math.IsNaN(*f.Utilisation) {
				w = *f.Utilisation * sx
			}
			y := y0 + i*gbarH
			text := pct(f.Utilisation)
			grp.Bars = append(grp.Bars, gbar{Y: strconv.Itoa(y), W: num(w, 1), Fill: cv.heads[i].Colour,
				Title: cv.heads[i].Label + " " + r.Name + "：入学 " + strconv.Itoa(f.Entrants) + " / 学位 " +
					strconv.Itoa(f.IntakeCapacity) + " (" + text + ")",
				Text: text, TextX: num(float64(barLabelW)+w+3, 1), TextY: strconv.Itoa(y + gbarBar - 1)})
		}
		c.Groups = append(c.Groups, grp)
	}
	return c
}

// movesBars draws the entrants of a level moved out of and into each
// school by a proposal; nil when none moves.
func (cv *compareView) movesBars(ch *compare.Change, l dataset.Level) *dbarChart {
	var scs []compare.SchoolChange
	top := 1
	for _, s := range ch.Schools {
		if s.Level == l && (s.Out > 0 || s.In > 0) {
			scs = append(scs, s)
			top = max(top, s.Out, s.In)
		}
	}
	if len(scs) == 0 {
		return nil
	}
	sx := float64(dbarHalf) / float64(top)
	c := &dbarChart{W: chartW, X0: barLabelW, Mid: barLabelW + dbarHalf + 30, H: chartTop + dbarRowH*len(scs) + chartBelow}
	c.AxisY2 = c.H - 4
	for i, s := range scs {
		y := chartTop + dbarRowH*i
		ow, iw := float64(s.Out)*sx, float64(s.In)*sx
		name := cv.schoolName(s.School, l, "")
		c.Rows = append(c.Rows, dbarRow{Label: name,
			Title: name + "：调出 " + strconv.Itoa(s.Out) + " 人，调入 " + strconv.Itoa(s.In) + " 人；新生 " +
				strconv.Itoa(s.Before) + " → " + strconv.Itoa(s.After) + " 人",
			Y: strconv.Itoa(y + 3), TextY: strconv.Itoa(y + 13),
			OutX: num(float64(c.Mid)-ow, 1), OutW: num(ow, 1), InW: num(iw, 1),
			OutText: strconv.Itoa(s.Out), InText: strconv.Itoa(s.In),
			OutTextX: num(float64(c.Mid)-ow-3, 1), InTextX: num(float64(c.Mid)+iw+3, 1)})
	}
	return c
}
