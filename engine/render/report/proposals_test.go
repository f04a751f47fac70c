package report

import (
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine"
)

// TestHTMLShareProposals renders a proposal given by hand: 县一小 with 30
// nearby entrants for 12 places (2.50 times) shares with 县二小 (40 for
// 60, spare 20, 900 m away); locals 20 of 20 admitted, permit holders 4 of
// 8, others 0 of 2; the share costs 30 m a head (600 − 630).
func TestHTMLShareProposals(t *testing.T) {
	res := smallRun()
	m := res.Metrics()
	if html := render(t, res, m); strings.Contains(html, `id="proposals"`) {
		t.Fatal("a proposals section without proposals")
	}
	m.ShareProposals = []engine.ShareProposalMetrics{{
		Level: "primary", ZoneID: "县一小多校划片", SchoolID: "p1", Name: "县一小", Ratio: 2.5, Threshold: 1.5,
		Schools: []engine.ShareSchoolMetrics{
			{SchoolID: "p1", Name: "县一小", NearbyDemand: 30, IntakeCapacity: 12},
			{SchoolID: "p2", Name: "县二小", NearbyDemand: 40, IntakeCapacity: 60, ApartM: 900},
		},
		Applicants: [3]int{20, 8, 2}, Admitted: [3]int{20, 4, 0},
		Odds:   [3]*float64{ptr(1.0), ptr(0.5), ptr(0.0)},
		InZone: [3]int{60, 8, 2}, Seated: [3]int{60, 8, 2},
		Distance: engine.ShareDistanceMetrics{RedrawM: 600, SingleM: 610, SharedM: 630, SavedM: -30, Entrants: 70},
	}}
	html := render(t, res, m)
	for _, want := range []string{
		`id="proposals"`, "小学 · 县一小多校划片", "县一小就近生源 30 人，招生计划 12 人，为 2.50 倍",
		"超过招生计划的 1.5 倍", "proposed-locks.csv",
		`<th scope="row">县二小</th><td class="n">40</td><td class="n">60</td><td class="n">20</td><td class="n">900 m</td>`,
		`<th scope="row">居住证</th><td class="n">8</td><td class="n">8</td><td class="n">4</td><td class="n">50.0%</td><td class="n">8</td>`,
		"片区内 70 名新生的平均上学距离（估算）：本次划片 600 m；多校划片 630 m（就近划分、不共享时 610 m）。多校划片每人平均多走 30 米",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}
