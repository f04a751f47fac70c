package report

import (
	"strings"
	"testing"
)

// TestConcentrationSection: the small run's primary entrants, 6 at two
// schools (2 at 县一小 with the permit holder HH-1's child, 4 at 县二小
// with the other migrant HH-7's), by hand: permit holders D = ½(|1 − 1/5|
// + |0 − 4/5|) = 0.8, xPx = 1 × 1/2; the others D = ½(|0 − 2/5| + |1 −
// 3/5|) = 0.4, xPx = 1/4; both D = ½(|1/2 − 1/4| + |1/2 − 3/4|) = 0.25,
// xPx = ½·½ + ½·¼ = 0.375; 县一小's 50% of permit holders is above twice
// 1/6.
func TestConcentrationSection(t *testing.T) {
	res := smallRun()
	page := render(t, res, res.Metrics())
	for _, want := range []string{
		`<tr><th scope="row">持居住证随迁子女</th><td class="n">1</td><td class="n">16.7%</td><td class="n">0.800</td><td class="n">0.500</td><td>县一小（1/2，50.0%）</td></tr>`,
		`<tr><th scope="row">无居住证随迁子女</th><td class="n">1</td><td class="n">16.7%</td><td class="n">0.400</td><td class="n">0.250</td><td>—</td></tr>`,
		`<tr><th scope="row">随迁子女（合计）</th><td class="n">2</td><td class="n">33.3%</td><td class="n">0.250</td><td class="n">0.375</td><td>—</td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %s", want)
		}
	}
}
