package service

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/pack"
)

// chromium is Debian's browser, installed by make test's setup.
const chromium = "/usr/bin/chromium"

// TestBrowser drives the web map in headless Chromium: the page draws the
// zones, an address search shows the zone's school, and the planner's
// what-if, entered with the token, shows the children moved. With
// UPDATE_SCREENSHOT=1 it saves the page to docs/webmap.png.
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no " + chromium)
	}
	res, plan := defaultPlan(t)
	web, err := NewWeb(res, WebOptions{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	// Planner runs too, on the default dataset: the page triggers a redraw.
	// A compare too, without its PDF (pack's tests print one).
	srv := New(plan, Options{Rate: -1, Runs: &RunsOptions{Dataset: res.Dataset, Config: config.Default(), Token: testToken, ComparePDF: pack.PDFOff}})
	srv.SetWeb(web)
	base := start(t, srv)
	lr := res.Level("primary")
	us := res.Units

	// An address of a compound whose answer agrees with the zones holding
	// its home (orb/planar): the school names the page must show.
	var addr string
	var names []string
	var walks []string // the walking times the answer must show
	var home int
	for h, hh := range res.Dataset.Households {
		if res.Dataset.Parser().Parse(hh.Address).Compound == "" {
			continue
		}
		m, err := plan.Match(hh.Address)
		if err != nil || m.Answer == nil || len(m.Answer.Levels) == 0 || m.Answer.Levels[0].Split {
			continue
		}
		want := expected(res, hh.Loc)
		if !slices.Equal(answered(m.Answer), want) || len(want) == 0 || !strings.HasPrefix(want[0], "primary:") {
			continue
		}
		addr, home = hh.Address, h
		for _, s := range m.Answer.Levels[0].Schools {
			names = append(names, s.Name)
			if s.WalkMin != nil {
				walks = append(walks, "，约 "+strconv.Itoa(int(math.Round(*s.WalkMin)))+" 分钟")
			}
		}
		break
	}
	if addr == "" {
		t.Fatal("no compound address of the default answers like its zones")
	}
	// The what-if: the home's unit to the zone of another school.
	u := us.HomeUnit[home]
	to := (lr.UnitZone(u) + 1) % len(lr.Zones)
	toID := res.Dataset.Schools[lr.Zones[to].Schools[0]].ID
	var moved int
	for h := range res.Dataset.Households {
		if us.HomeUnit[h] == u {
			moved += lr.Demand(h)
		}
	}
	loc := us.Units[u].Center // typed into the form as a planner's click would
	eq := equityMove(t, res, web)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	// Bounds on waiting, not on speed: a compare run simulates the county to
	// its year, and under -race on a busy machine takes minutes.
	ctx, cancelT := context.WithTimeout(ctx, 6*time.Minute)
	defer cancelT()

	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("`+sel+`").length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	do(chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="1"]`)))
	// Leaflet draws each layer as an SVG path in its pane.
	zones, schoolCircles := count("#map .leaflet-zones-pane path.zone"), count("#map .leaflet-schools-pane path.school")
	// The road layer: one path per feature served, turned off and on by
	// the layer control.
	var roadFC struct{ Features []json.RawMessage }
	if err := json.Unmarshal(web.roads, &roadFC); err != nil {
		t.Fatal(err)
	}
	roadPaths := count("#map .leaflet-roads-pane path.road")
	do(chromedp.Click(chromedp.CSS(`.leaflet-control-layers-overlays input`)))
	roadsOff := count("#map .leaflet-roads-pane path.road")
	do(chromedp.Click(chromedp.CSS(`.leaflet-control-layers-overlays input`)))
	roadsOn := count("#map .leaflet-roads-pane path.road")
	do(chromedp.SendKeys(chromedp.CSS(`#address`), addr),
		chromedp.Click(chromedp.CSS(`#search button`)),
		chromedp.WaitVisible(chromedp.CSS(`#answer-place`)))
	answer := text("#answer")
	do(chromedp.SendKeys(chromedp.CSS(`#token`), testToken),
		chromedp.Click(chromedp.CSS(`#tokenform button`)),
		chromedp.WaitVisible(chromedp.CSS(`#wi-go`)))
	// Planner mode draws the feeder lines and the concentration table.
	do(chromedp.WaitVisible(chromedp.CSS(`body[data-equity="1"]`)), chromedp.WaitVisible(chromedp.CSS(`#eq-primary-migrant-d`)))
	feederPaths := count("#map .leaflet-feeders-pane path.feeder")
	dBefore := text("#eq-primary-migrant-d")
	do(chromedp.SetValue(chromedp.CSS(`#wi-lon`), strconv.FormatFloat(loc[0], 'f', -1, 64)),
		chromedp.SetValue(chromedp.CSS(`#wi-lat`), strconv.FormatFloat(loc[1], 'f', -1, 64)),
		chromedp.SetValue(chromedp.CSS(`#wi-school`), toID),
		chromedp.Click(chromedp.CSS(`#wi-go`)))
	wctx, cancelW := context.WithTimeout(ctx, 10*time.Second)
	defer cancelW()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(`#wi-moved`))); err != nil {
		t.Fatalf("%v; what-if shows %q", err, text("#wi-result"))
	}
	movedText, toLoad := text("#wi-moved"), text("#wi-to-load")
	// A move that changes the migrant entrants' index: the lines and the
	// index redrawn from the what-if's answer.
	do(chromedp.SetValue(chromedp.CSS(`#wi-lon`), strconv.FormatFloat(eq.loc[0], 'f', -1, 64)),
		chromedp.SetValue(chromedp.CSS(`#wi-lat`), strconv.FormatFloat(eq.loc[1], 'f', -1, 64)),
		chromedp.SetValue(chromedp.CSS(`#wi-school`), eq.schoolID),
		chromedp.Click(chromedp.CSS(`#wi-go`)))
	if _, err := chromedp.Run(wctx, chromedp.Poll[bool](`document.querySelector("#wi-title") && document.querySelector("#wi-title").textContent.includes(`+strconv.Quote(eq.unitName)+`)`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("%v; what-if shows %q", err, text("#wi-result"))
	}
	dAfter := text("#eq-primary-migrant-d")
	feederPathsAfter, changedPaths := count("#map .leaflet-feeders-pane path.feeder"), count("#map .leaflet-feeders-pane path.feeder.changed")
	// A planner run: a redraw on the server, then its files listed for
	// download.
	do(chromedp.SetValue(chromedp.CSS(`#run-kind`), "redraw"), chromedp.Click(chromedp.CSS(`#run-go`)))
	rctx, cancelR := context.WithTimeout(ctx, 5*time.Minute)
	defer cancelR()
	if err := chromedp.Do(rctx, chromedp.WaitVisible(chromedp.CSS(`#run-status ul.files li`))); err != nil {
		t.Fatalf("%v; the run panel shows %q", err, text("#run-status"))
	}
	runFiles := text("#run-status")
	for _, want := range []string{"outputs.zip", "zones.geojson", "metrics.json", "report.html"} {
		if !strings.Contains(runFiles, want) {
			t.Errorf("the run panel lists %q, want %s among the downloads", runFiles, want)
		}
	}
	// A bad locks text: the panel lists its problems by line.
	do(chromedp.SetValue(chromedp.CSS(`#run-locks`), "level,school_id,lock,address\nprimary,NOPE,pin,x\n"), chromedp.Click(chromedp.CSS(`#run-go`)))
	if err := chromedp.Do(rctx, chromedp.WaitVisible(chromedp.CSS(`#run-status ul.err li`))); err != nil {
		t.Fatalf("%v; the run panel shows %q", err, text("#run-status"))
	}
	if got := text("#run-status ul.err li"); !strings.HasPrefix(got, "locks:2: ") {
		t.Errorf("the panel shows the locks problem %q, want locks:2: …", got)
	}
	// A compare (the meeting pack) under a name: the kind shows the name
	// field, and the pack's files are listed for download.
	do(chromedp.SetValue(chromedp.CSS(`#run-kind`), "compare")) // SetValue sends the change event
	do(chromedp.WaitVisible(chromedp.CSS(`#run-name`)))
	// (SetValue cannot set "": chromedp reads an empty answer as a failure.)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.getElementById("run-locks").value = "") === ""`)); err != nil {
		t.Fatal(err)
	}
	do(chromedp.SetValue(chromedp.CSS(`#run-name`), "页面方案"))
	do(chromedp.Click(chromedp.CSS(`#run-go`)))
	if _, err := chromedp.Run(rctx, chromedp.Poll[bool](`document.querySelector("#run-status").textContent.includes("compare.xlsx")`,
		chromedp.WithPollingTimeout(5*time.Minute))); err != nil {
		t.Fatalf("%v; the run panel shows %q", err, text("#run-status"))
	}
	packFiles := text("#run-status")
	for _, want := range []string{"outputs.zip", "compare.html", "compare.xlsx", "compare.gpkg", "plan2-页面方案-moves.csv", "the server prints no PDF"} {
		if !strings.Contains(packFiles, want) {
			t.Errorf("the run panel lists %q, want %s", packFiles, want)
		}
	}
	do(chromedp.Click(chromedp.CSS(`#ztown`)), chromedp.ScrollIntoView(chromedp.CSS(`#planner`)))
	// Offline: every resource the page loaded came from the server.
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map((e) => e.name)`))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range loaded {
		if !strings.HasPrefix(u, base+"/") {
			t.Errorf("the page loaded %s, not from %s", u, base)
		}
	}
	if !slices.ContainsFunc(loaded, func(u string) bool { return strings.HasSuffix(u, "/static/vendor/leaflet/leaflet.js") }) {
		t.Errorf("the page did not load the vendored Leaflet: %q", loaded)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for k := range lr.Zoned {
		if lr.Zoned[k].Polygon != nil {
			want++
		}
	}
	if zones != want {
		t.Errorf("%d zones drawn, want %d", zones, want)
	}
	if schoolCircles != len(lr.Sections) {
		t.Errorf("%d school circles, want %d", schoolCircles, len(lr.Sections))
	}
	if len(roadFC.Features) == 0 || roadPaths != len(roadFC.Features) || roadsOff != 0 || roadsOn != roadPaths {
		t.Errorf("road paths drawn %d, off %d, on again %d; want %d features, 0, %d", roadPaths, roadsOff, roadsOn, len(roadFC.Features), len(roadFC.Features))
	}
	if len(walks) == 0 {
		t.Error("the lookup of the default gives no walking time: no road layer?")
	}
	for _, w := range walks {
		if !strings.Contains(answer, w) || !strings.Contains(answer, "步行 ") {
			t.Errorf("answer to %s lacks the walk %q: %q", addr, w, answer)
		}
	}
	for _, n := range names {
		if !strings.Contains(answer, n) {
			t.Errorf("answer to %s lacks %s: %q", addr, n, answer)
		}
	}
	if feederPaths != eq.linesBefore || eq.linesBefore == 0 {
		t.Errorf("%d feeder lines drawn, want %d (> 0)", feederPaths, eq.linesBefore)
	}
	if want := fmtIdx(eq.before); dBefore != want {
		t.Errorf("migrant entrants' D shown %q, want %q", dBefore, want)
	}
	if want := fmtIdx(eq.before) + " → " + fmtIdx(eq.after); dAfter != want || fmtIdx(eq.before) == fmtIdx(eq.after) {
		t.Errorf("after moving unit %d to %s: D shown %q, want %q (a change)", eq.unit, eq.schoolID, dAfter, want)
	}
	if feederPathsAfter != eq.linesAfter || changedPaths != eq.changedLines {
		t.Errorf("after the move %d feeder lines drawn, %d marked changed; want %d and %d", feederPathsAfter, changedPaths, eq.linesAfter, eq.changedLines)
	}
	if movedText != strconv.Itoa(moved) {
		t.Errorf("children moved shown %q, want %d", movedText, moved)
	}
	var before int
	for h := range res.Dataset.Households {
		if lr.UnitZone(us.HomeUnit[h]) == to {
			before += lr.Demand(h)
		}
	}
	if f := strings.Fields(toLoad); len(f) < 3 || f[len(f)-2] != strconv.Itoa(before) || f[len(f)-1] != strconv.Itoa(before+moved) {
		t.Errorf("load of the school moved to shown %q, want %d then %d", toLoad, before, before+moved)
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), "webmap.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("UPDATE_SCREENSHOT") == "1" {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "webmap.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// browserEquity is the what-if move of TestBrowser that changes the
// migrant entrants' dissimilarity index of the primary level, as shown
// (three decimals), with the lines the page must draw before and after.
type browserEquity struct {
	unit                    int
	unitName                string
	loc                     orb.Point // the unit's centre, whose unit it is
	schoolID                string
	before, after           float64 // D of the migrant entrants, worked by hand (handConcentration)
	linesBefore, linesAfter int     // feeder lines with two campuses
	changedLines            int     // of those after, the changed ones
}

func fmtIdx(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// equityMove picks, among the five units with the most migrant entrants,
// the move to another single-school zone that changes the primary level's
// migrant D most (worked by hand).
func equityMove(t *testing.T, res *engine.Result, web *Web) browserEquity {
	t.Helper()
	lr, ds, us := res.Level(dataset.Primary), res.Dataset, res.Units
	mig := migrantsOfUnit(res, lr)
	order := make([]int, len(mig))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return mig[b] - mig[a] })
	d0 := handConcentration(res, lr, -1, 0)[engine.GroupMigrant].d
	var best browserEquity
	for _, u := range order[:5] {
		c := us.Units[u].Center
		if us.UnitAt(c) != u || lr.UnitZone(u) < 0 {
			continue
		}
		for z, zn := range lr.Zones {
			if z == lr.UnitZone(u) || len(zn.Schools) != 1 {
				continue
			}
			d := handConcentration(res, lr, u, zn.Schools[0])[engine.GroupMigrant].d
			if math.Abs(d-d0) > math.Abs(best.after-best.before) {
				best = browserEquity{unit: u, unitName: res.UnitName(u), loc: c, schoolID: ds.Schools[zn.Schools[0]].ID, before: d0, after: d}
			}
		}
	}
	if best.schoolID == "" {
		t.Fatal("no move of the default's primary units changes the migrant entrants' index")
	}
	lines := func(fs []WebFeeder, changed []string) (n, ch int) {
		for _, f := range fs {
			if f.JuniorLocation != nil && *f.JuniorLocation != f.Location {
				n++
				if slices.Contains(changed, f.SchoolID) {
					ch++
				}
			}
		}
		return n, ch
	}
	a, err := web.whatif[dataset.Primary].move(best.unit, best.schoolID)
	if err != nil || a.Feeders == nil {
		t.Fatalf("what-if: %v, feeders %v", err, a.Feeders)
	}
	best.linesBefore, _ = lines(a.Feeders.Before, nil)
	best.linesAfter, best.changedLines = lines(a.Feeders.After, a.Feeders.Changed)
	return best
}
