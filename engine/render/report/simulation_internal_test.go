package report

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestLineChartInside: every point of every line lies within the plot
// area, and the y ticks cover the values (property test over random
// series, some values missing).
func TestLineChartInside(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for it := 0; it < 300; it++ {
		n := 1 + rng.IntN(12)
		years := make([]int, n)
		for i := range years {
			years[i] = 2021 + i
		}
		var ss []series
		lo, hi := math.Inf(1), math.Inf(-1)
		for k := 0; k < 1+rng.IntN(4); k++ {
			vals := make([]float64, n)
			scale := math.Pow(10, float64(rng.IntN(7)-3))
			for i := range vals {
				if rng.IntN(5) == 0 {
					vals[i] = math.NaN()
					continue
				}
				vals[i] = rng.Float64() * scale
				lo, hi = math.Min(lo, vals[i]), math.Max(hi, vals[i])
			}
			ss = append(ss, series{name: "s", values: vals})
		}
		c := newLineChart(300, 150, years, ss, 0, plainFormat, "t")
		if math.IsInf(hi, -1) {
			if c != nil {
				t.Fatalf("%d: a chart without values", it)
			}
			continue
		}
		if c == nil {
			t.Fatalf("%d: no chart for values %v–%v", it, lo, hi)
		}
		for _, l := range c.Lines {
			for _, p := range strings.Fields(l.Points) {
				xs, ys, _ := strings.Cut(p, ",")
				x, _ := strconv.ParseFloat(xs, 64)
				y, _ := strconv.ParseFloat(ys, 64)
				if x < float64(c.Left)-0.05 || x > float64(c.Right)+0.05 || y < float64(c.Top)-0.05 || y > float64(c.Base)+0.05 {
					t.Fatalf("%d: point %s outside [%d,%d]×[%d,%d]", it, p, c.Left, c.Right, c.Top, c.Base)
				}
			}
		}
		if len(c.YTicks) < 2 {
			t.Fatalf("%d: %d y ticks", it, len(c.YTicks))
		}
	}
}

func TestFormats(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{shareFormat(1), "100%"}, {shareFormat(0.955), "95.5%"}, {shareFormat(0.72188), "72.2%"}, {shareFormat(0), "0%"},
		{plainFormat(0.5), "0.5"}, {plainFormat(0.634), "0.63"}, {plainFormat(2), "2"}, {plainFormat(-0.001), "0"}, {plainFormat(10.10), "10.1"},
		{intFormat(1499.5), "1500"}, {intFormat(0), "0"},
		{heatClass(0), "h0"}, {heatClass(1), "h1"}, {heatClass(2), "h2"}, {heatClass(3), "h2"}, {heatClass(4), "h3"}, {heatClass(40), "h3"},
		{checkName("cv_sports_area_m2"), "差异系数：生均体育运动场馆面积"}, {checkName("music_rooms"), "音乐教室"}, {checkName("cv_x"), "其他核查项"}, {checkName("all_seated"), "适龄儿童均有学位"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
