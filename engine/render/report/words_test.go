package report_test

import (
	"context"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/report"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

var (
	// hidden are the parts of a page no reader sees as prose: styles,
	// scripts, code (file names, ids) and keys.
	hidden = regexp.MustCompile(`(?s)<style\b.*?</style>|<script\b.*?</script>|<code\b.*?</code>|<kbd\b.*?</kbd>`)
	tag    = regexp.MustCompile(`(?s)<[^>]*>`)
	// shown are the attributes a reader sees: hover texts and labels.
	shown = regexp.MustCompile(`\s(?:title|aria-label|alt|placeholder)="([^"]*)"`)
	latin = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_\-.]*`)
	// units may stand in Chinese prose.
	units = []string{"m", "km"}
	// roadNumber is a Chinese road's number, part of its name as signs
	// give it: G30连霍高速, G312国道, S101省道 (国道 G, 省道 S, 县道 X, 乡道 Y).
	roadNumber = regexp.MustCompile(`^[GSXY]\d{1,4}$`)
)

// latinWords returns the words in Latin letters that a reader of the page
// sees: in text and in hover texts, outside <code> and <kbd>, other than
// units; each word once, with the text it stands in.
func latinWords(page string) map[string]string {
	out := map[string]string{}
	var texts []string
	for _, m := range shown.FindAllStringSubmatch(page, -1) {
		texts = append(texts, m[1])
	}
	texts = append(texts, tag.Split(hidden.ReplaceAllString(page, " "), -1)...)
	for _, t := range texts {
		t = html.UnescapeString(t)
		for _, w := range latin.FindAllString(t, -1) {
			if w = strings.TrimRight(w, ".-_"); slices.Contains(units, w) || roadNumber.MatchString(w) {
				continue
			}
			if _, ok := out[w]; !ok {
				out[w] = strings.TrimSpace(t)
			}
		}
	}
	return out
}

func TestLatinWords(t *testing.T) {
	for _, tc := range []struct {
		page string
		want []string
	}{
		{`<p>新生人数 (entrants)</p>`, []string{"entrants"}},
		{`<title>呼图壁县 (synthetic) 2022 学年</title>`, []string{"synthetic"}},
		{`<td title="see zones.geojson of the dataset">1</td>`, []string{"see", "zones.geojson", "of", "the", "dataset"}},
		{`<p>按 POLICY 口径</p>`, []string{"POLICY"}},
		{`<p>见 <code>moves.csv</code>，按住 <kbd>Ctrl</kbd> 键</p>`, nil},
		{`<text>20 km</text><p>平均 500 m</p>`, nil},
		{`<style>p { color: red }</style><script>let x = 1</script><p class="lead" data-tab="primary">小学</p>`, nil},
		{`<td class="id"><code>erzhong-relocate</code></td>`, nil},
		{`<p>a &amp; b</p>`, []string{"a", "b"}},
		{`<li>县二小片区：G30连霍高速、G312国道、GPS</li>`, []string{"GPS"}},
	} {
		got := latinWords(tc.page)
		var words []string
		for w := range got {
			words = append(words, w)
		}
		slices.Sort(words)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(words, want) {
			t.Errorf("%s: %v, want %v", tc.page, words, want)
		}
	}
}

// TestReportInChinese: report.html of the default county, with the
// simulation's pages, has no word in Latin letters that a reader sees,
// outside code, keys and units. The zones are the simulation's fast
// redraw and the simulation stops after the first year of the plan's events,
// so that the test takes seconds: the page's words do not depend on how
// good the zones are nor on how many years are drawn. Under the race
// detector it is skipped: it has no concurrency of its own to check.
func TestReportInChinese(t *testing.T) {
	if raceEnabled {
		t.Skip("words only: no concurrency to check under the race detector")
	}
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(data.HutubiPlan(), data.PlanName)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	ctx := context.Background()
	res, err := engine.Run(ctx, ds, engine.RunOptions{Config: cfg, Redraw: simulate.FastRedraw(cfg)})
	if err != nil {
		t.Fatal(err)
	}
	sim, err := simulate.Run(ctx, ds, simulate.Options{Config: cfg, Scenario: sc, To: ds.Meta.BaseYear + 1})
	if err != nil {
		t.Fatal(err)
	}
	page, err := report.HTML(res, res.Metrics(), report.WithSimulation(sim, 0))
	if err != nil {
		t.Fatal(err)
	}
	words := latinWords(string(page))
	var list []string
	for w, in := range words {
		list = append(list, w+" in “"+in+"”")
	}
	slices.Sort(list)
	for _, w := range list {
		t.Errorf("report.html: %s", w)
	}
	// The page names the sections of nine-year schools.
	for _, want := range []string{"第三中学小学部", "第三中学初中部"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html never names %s", want)
		}
	}
}
