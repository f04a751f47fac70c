package report

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/hutubi-edu/zoning/engine/notice"
)

// none is printed for a figure that does not exist (a ratio over no one).
const none = "—"

// pct formats a share 0–1 as a percentage with one decimal: "98.3%".
func pct(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return none
	}
	return pctOf(*v)
}

func pctOf(v float64) string {
	return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
}

// pctTarget formats a target share: "100%", "95%", or "97.5%" when not whole.
func pctTarget(v float64) string {
	p := v * 100
	if math.Abs(p-math.Round(p)) < 1e-9 {
		return strconv.Itoa(int(math.Round(p))) + "%"
	}
	return strconv.FormatFloat(p, 'f', 1, 64) + "%"
}

// signedPct formats a relative gap as "+12.3%".
func signedPct(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return none
	}
	s := strconv.FormatFloat(*v*100, 'f', 1, 64) + "%"
	if *v >= 0 {
		s = "+" + s
	}
	return s
}

// metres formats a distance in metres, rounded: "1234 m".
func metres(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return none
	}
	return strconv.FormatFloat(math.Round(*v), 'f', 0, 64) + " m"
}

// metresNum formats a distance in metres without unit: "1234".
func metresNum(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return none
	}
	return strconv.FormatFloat(math.Round(*v), 'f', 0, 64)
}

// distLabel formats a distance in metres for an axis: "500 m", "1.5 km", "12 km".
func distLabel(m float64) string {
	switch {
	case m < 1000:
		return strconv.FormatFloat(m, 'f', -1, 64) + " m"
	case m < 10000:
		return strconv.FormatFloat(m/1000, 'f', -1, 64) + " km"
	}
	return strconv.FormatFloat(math.Round(m/1000), 'f', 0, 64) + " km"
}

// num formats a coordinate for SVG with at most d decimals and no trailing
// zeros, never "-0".
func num(v float64, d int) string {
	p := math.Pow(10, float64(d))
	r := math.Round(v*p) / p
	if r == 0 {
		return "0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// niceStep returns a "nice" number (1, 2, 2.5 or 5 times a power of ten) at
// least x, for axis steps and scale bars. x ≤ 0 gives 1.
func niceStep(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*p >= x*(1-1e-12) {
			return f * p
		}
	}
	return 10 * p
}

// niceBelow returns the largest number 1, 2 or 5 times a power of ten that
// is at most x, for scale bars. x ≤ 0 gives 1.
func niceBelow(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, f := range []float64{5, 2, 1} {
		if f*p <= x*(1+1e-12) {
			return f * p
		}
	}
	return p
}

// naturalCompare orders strings with runs of ASCII digits compared as
// numbers (东风路8号 before 东风路78号): notice.NaturalCompare, which orders
// the zone descriptions the same way.
var naturalCompare = notice.NaturalCompare

// countyTitle is the dataset's name as a Chinese page writes it. A name
// whose words after the county's (countyName) are in Latin letters loses
// them, and says （合成数据） when they call the data synthetic:
// "呼图壁县 (synthetic)" → 呼图壁县（合成数据）, "白云区（合成：urban，guangdong）"
// → 白云区（合成数据）. Any other name is kept as it is.
func countyTitle(name string) string {
	c := countyName(name)
	rest := name[len(c):]
	if c == "" || !strings.ContainsFunc(rest, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }) {
		return name
	}
	if l := strings.ToLower(rest); strings.Contains(l, "synthetic") || strings.Contains(l, "合成") {
		return c + "（合成数据）"
	}
	return c
}
