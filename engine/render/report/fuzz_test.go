package report

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzHTML renders the small run with fuzzed names, a fuzzed address (of a
// moved household, so listed and described), counts and distances: the
// report must render without error or panic, contain exactly the one script
// of its own, and never carry a fuzzed name unescaped.
func FuzzHTML(f *testing.F) {
	f.Add("县一小", "测试县", "呼图壁镇东风路9号", 2, 300.0, 1.0)
	f.Add("<script>x</script>", "<b>", "<svg onload=x>", 0, 0.0, 0.0)
	f.Add("\"'&", "呼图壁县", "二十里店镇红山村3组12号</td>", -3, -1.0, math.Inf(1))
	f.Add("", "", "", 1000000, 1e9, math.NaN())
	f.Fuzz(func(t *testing.T, name, county, addr string, cap int, dist, area float64) {
		res := smallRun()
		res.Dataset.Schools[0].Name = name
		res.Dataset.Meta.Name = county
		res.Dataset.Households[5].Address = addr
		res.Levels[0].Schools[0].Capacity = cap
		res.Levels[0].Seats[0].DistanceM = dist
		res.Levels[0].Zoned[0].Polygon[0][0][2][0] = 87.01 + area*1e-3 // moves a vertex, maybe absurdly
		out, err := HTML(res, res.Metrics())
		if err != nil {
			return // a clean error is fine
		}
		html := string(out)
		if strings.Count(html, "<script") != 1 {
			t.Fatalf("%d script elements", strings.Count(html, "<script"))
		}
		base := smallRun()
		base.Dataset.Schools[0].Name, base.Dataset.Meta.Name = "甲", "乙"
		plain, err := HTML(base, base.Metrics())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{name, county, addr} {
			// A name with markup must not appear as such, unless the page
			// holds that text anyway (a name of "<" or "<svg").
			if utf8.ValidString(s) && strings.Contains(s, "<") && strings.Contains(html, s) &&
				!strings.Contains(string(plain), s) {
				t.Fatalf("%q written unescaped", s)
			}
		}
	})
}
