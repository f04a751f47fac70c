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

	"github.com/hutubi-edu/zoning/engine/config"
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
