package report

import (
	"html/template"
	"math"
	"sort"
	"strconv"
)

// Chart layout, in CSS pixels.
const (
	chartW      = 640
	barLabelW   = 180 // school names
	barPlotW    = 360
	barRowH     = 20
	barTop      = 26
	histH       = 280
	histLeft    = 52
	histRight   = 16
	histTop     = 28
	histBottom  = 46
	histMaxBins = 20
)

type tick struct {
	X, Y  string
	Label string
}

type barRow struct {
	Y, EY, TextY   string
	Label, Title   string
	IntakeW, FillW string
	Fill           string
	Text, TextX    string
}

type barChart struct {
	W, H          int
	X0, PlotRight int
	AxisY2        int
	Rows          []barRow
	Ticks         []tick
}

type histBar struct {
	X, Y, W, H string
	Title      string
}

type vline struct {
	X, Y1, Y2 string
	Label     string
	Class     string
	Anchor    string
}

type histChart struct {
	W, H                   int
	Left, Right, Top, Base int
	Bars                   []histBar
	XTicks, YTicks         []tick
	Lines                  []vline
	N                      int
}

type levelCharts struct {
	Level, Name string
	Bars        *barChart
	Hist        *histChart
}

type chartsView struct {
	Levels []levelCharts
	Util   []utilClass
}

func chartsData(v *view, _ *template.Template) (any, error) {
	out := chartsView{Util: utilClasses}
	for _, lv := range v.levels {
		lc := levelCharts{Level: string(lv.lr.Level), Name: lv.name, Bars: v.utilChart(lv)}
		var d []float64
		for _, s := range lv.lr.Seats {
			if s.School >= 0 && !math.IsNaN(s.DistanceM) && !math.IsInf(s.DistanceM, 0) {
				d = append(d, s.DistanceM)
			}
		}
		lc.Hist = histogram(d, lv.lm.ServiceRadiusM, lv.lm.MeanDistanceM)
		out.Levels = append(out.Levels, lc)
	}
	return out, nil
}

// utilChart draws entrants against intake places per school of a level.
func (v *view) utilChart(lv *levelView) *barChart {
	if len(lv.schools) == 0 {
		return nil
	}
	top := 1
	for i := range lv.schools {
		top = max(top, lv.schools[i].IntakeCapacity, lv.schools[i].Entrants)
	}
	step := niceStep(float64(top) / 5)
	axis := math.Ceil(float64(top)/step) * step
	sx := float64(barPlotW) / axis
	c := &barChart{W: chartW, X0: barLabelW, PlotRight: barLabelW + barPlotW,
		H: barTop + barRowH*len(lv.schools) + 8}
	c.AxisY2 = c.H - 4
	for t := 0.0; t <= axis+step/2; t += step {
		c.Ticks = append(c.Ticks, tick{X: num(float64(barLabelW)+t*sx, 1), Label: strconv.FormatFloat(t, 'f', -1, 64)})
	}
	county := v.ds.Meta.Name
	for i := range lv.schools {
		sm := &lv.schools[i]
		y := barTop + barRowH*i
		u := utilOf(sm.Entrants, sm.IntakeCapacity)
		util := none
		if sm.IntakeCapacity > 0 {
			util = pctOf(float64(sm.Entrants) / float64(sm.IntakeCapacity))
		}
		far := math.Max(float64(sm.IntakeCapacity), float64(sm.Entrants)) * sx
		c.Rows = append(c.Rows, barRow{
			Y: strconv.Itoa(y + 3), EY: strconv.Itoa(y + 6), TextY: strconv.Itoa(y + 14),
			Label:   shortName(v.sectionOf(sm), county),
			Title:   v.sectionOf(sm) + "：入学 " + strconv.Itoa(sm.Entrants) + " / 学位 " + strconv.Itoa(sm.IntakeCapacity) + " (" + util + ")",
			IntakeW: num(float64(sm.IntakeCapacity)*sx, 1), FillW: num(float64(sm.Entrants)*sx, 1),
			Fill:  utilClasses[u].Colour,
			Text:  strconv.Itoa(sm.Entrants) + "/" + strconv.Itoa(sm.IntakeCapacity) + " " + util,
			TextX: num(float64(barLabelW)+far+4, 1),
		})
	}
	return c
}

// binDistances bins distances (metres, at least one, none negative) into
// nb bins of a nice width [i·width, (i+1)·width) that reach past the 95th
// percentile, nb ≤ histMaxBins+1, and counts[nb] holds the distances beyond.
func binDistances(d []float64) (width float64, nb int, counts []int) {
	width, nb = binScale(d)
	return width, nb, binCounts(d, width, nb)
}

// binScale is the bin width and number of regular bins of binDistances.
func binScale(d []float64) (width float64, nb int) {
	d = append([]float64(nil), d...)
	sort.Float64s(d)
	p95 := d[int(math.Ceil(0.95*float64(len(d))))-1]
	width = niceStep(p95 / histMaxBins)
	if p95 <= 0 {
		width = 100
	}
	nb = max(1, int(math.Ceil(p95/width)))
	if float64(nb)*width <= p95 {
		nb++ // p95 falls in the last regular bin, never in the overflow
	}
	return width, nb
}

// binCounts counts distances in nb bins of the width and, in counts[nb],
// those beyond.
func binCounts(d []float64, width float64, nb int) []int {
	counts := make([]int, nb+1)
	for _, x := range d {
		i := int(math.Floor(x / width))
		if i >= nb || i < 0 {
			i = nb
		}
		counts[i]++
	}
	return counts
}

// histogram bins home-to-school distances (metres) into at most
// histMaxBins equal bins up to the 95th percentile, plus one bin for the
// rest, and marks the service radius and the mean. Nil without distances.
func histogram(d []float64, radius float64, mean *float64) *histChart {
	if len(d) == 0 {
		return nil
	}
	width, nb := binScale(d)
	return histogramOn(d, histAxes{width: width, nb: nb}, radius, mean)
}

// histAxes are the axes of a histogram drawn by histogramOn.
type histAxes struct {
	width float64 // of a bin, metres
	nb    int     // regular bins
	// bars drawn at least: nb, or nb+1 with the bin of the rest (drawn
	// anyway when a distance falls in it).
	bars int
	top  int // the count axis reaches at least this
}

// histogramOn is histogram on given axes, so that the histograms of several
// plans share them. Nil without distances.
func histogramOn(d []float64, a histAxes, radius float64, mean *float64) *histChart {
	if len(d) == 0 {
		return nil
	}
	width, nb := a.width, a.nb
	counts := binCounts(d, width, nb)
	bins := max(nb, min(a.bars, nb+1))
	if counts[nb] > 0 {
		bins = nb + 1
	}
	c := &histChart{W: chartW, H: histH, Left: histLeft, Right: chartW - histRight, Top: histTop,
		Base: histH - histBottom, N: len(d)}
	bw := float64(c.Right-c.Left) / float64(bins)
	top := max(a.top, 1)
	for _, n := range counts {
		top = max(top, n)
	}
	ystep := math.Max(1, niceStep(float64(top)/5))
	ymax := math.Ceil(float64(top)/ystep) * ystep
	sy := float64(c.Base-c.Top) / ymax
	for t := 0.0; t <= ymax+ystep/2; t += ystep {
		c.YTicks = append(c.YTicks, tick{Y: num(float64(c.Base)-t*sy, 1), Label: strconv.FormatFloat(t, 'f', -1, 64)})
	}
	for i := 0; i < bins; i++ {
		x := float64(c.Left) + float64(i)*bw
		h := float64(counts[i]) * sy
		lo, hi := float64(i)*width, float64(i+1)*width
		title := distLabel(lo) + "–" + distLabel(hi) + "：" + strconv.Itoa(counts[i]) + " 人"
		if i == nb {
			title = "≥ " + distLabel(lo) + "：" + strconv.Itoa(counts[i]) + " 人"
		}
		c.Bars = append(c.Bars, histBar{X: num(x+0.5, 1), Y: num(float64(c.Base)-h, 1), W: num(math.Max(bw-1, 0.5), 1),
			H: num(h, 1), Title: title})
	}
	every := max(1, int(math.Ceil(float64(nb+1)/8)))
	for i := 0; i <= nb; i += every {
		c.XTicks = append(c.XTicks, tick{X: num(float64(c.Left)+float64(i)*bw, 1), Label: distLabel(float64(i) * width)})
	}
	if bins > nb {
		c.XTicks = append(c.XTicks, tick{X: num(float64(c.Left)+(float64(nb)+0.5)*bw, 1), Label: "更远"})
	}
	at := func(m float64) (string, bool) {
		if m < 0 || m > float64(nb)*width {
			return "", false
		}
		return num(float64(c.Left)+m/width*bw, 1), true
	}
	if x, ok := at(radius); ok && radius > 0 {
		c.Lines = append(c.Lines, vline{X: x, Y1: strconv.Itoa(c.Top - 18), Y2: strconv.Itoa(c.Base), Class: "radius",
			Label: "服务半径 " + distLabel(radius), Anchor: "start"})
	}
	if mean != nil {
		if x, ok := at(*mean); ok {
			c.Lines = append(c.Lines, vline{X: x, Y1: strconv.Itoa(c.Top - 2), Y2: strconv.Itoa(c.Base), Class: "mean",
				Label: "平均 " + metres(mean), Anchor: "start"})
		}
	}
	return c
}
