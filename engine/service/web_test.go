package service

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/geo"
)

const testToken = "test-token-7f3a"

var (
	webOnce sync.Once
	webData *Web
	webErr  error
)

// defaultWeb is the web map of the default's run, with testToken.
func defaultWeb(tb testing.TB) (*engine.Result, *Server, string) {
	tb.Helper()
	res, plan := defaultPlan(tb)
	webOnce.Do(func() { webData, webErr = NewWeb(res, WebOptions{Token: testToken}) })
	if webErr != nil {
		tb.Fatal(webErr)
	}
	s := New(plan, Options{Rate: -1})
	s.SetWeb(webData)
	return res, s, start(tb, s)
}

func post(tb testing.TB, u, token, body string) response {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	return response{resp.StatusCode, resp.Header, buf.Bytes()}
}

func TestWebPageAndStatic(t *testing.T) {
	_, _, base := defaultWeb(t)
	for _, tc := range []struct {
		path, ctype, holds string
	}{
		{"/", "text/html", `<script src="/static/app.js">`},
		{"/static/app.js", "javascript", "/api/v1/planner/whatif"},
		{"/static/style.css", "text/css", ".zone"},
	} {
		r := get(t, base+tc.path)
		if r.code != http.StatusOK || !strings.Contains(r.header.Get("Content-Type"), tc.ctype) || !bytes.Contains(r.body, []byte(tc.holds)) {
			t.Errorf("GET %s: %d %q, body holds %q: %v", tc.path, r.code, r.header.Get("Content-Type"), tc.holds, bytes.Contains(r.body, []byte(tc.holds)))
		}
	}
	// The page loads nothing from elsewhere.
	for _, p := range []string{"/", "/static/app.js", "/static/style.css"} {
		if b := get(t, base+p).body; bytes.Contains(b, []byte("http://")) && !bytes.Contains(b, []byte("http://www.w3.org/2000/svg")) || bytes.Contains(b, []byte("https://")) {
			t.Errorf("%s refers to another host", p)
		}
	}
}

// urlRe finds absolute http(s) URLs in a page or static file.
var urlRe = regexp.MustCompile(`https?://[^\s"'<>()\\]+`)

// notFetched are absolute URLs the vendored Leaflet holds that no browser
// fetches: the SVG namespace, and the link of Leaflet's attribution prefix,
// which app.js replaces with plain text.
var notFetched = map[string]bool{"http://www.w3.org/2000/svg": true, "https://leafletjs.com": true}

// TestWebOffline fetches / and every file it refers to (scripts, style
// sheets and the images these refer to), each from the server, and finds
// no absolute URL of another host in them.
func TestWebOffline(t *testing.T) {
	_, _, base := defaultWeb(t)
	attrRe := regexp.MustCompile(`(?:src|href)="([^"]+)"`)
	cssURLRe := regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)
	commentRe := regexp.MustCompile(`(?s)/\*.*?\*/`)
	seen := map[string]bool{}
	var fetched []string
	var visit func(p string)
	visit = func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		r := get(t, base+p)
		if r.code != http.StatusOK {
			t.Errorf("GET %s: %d", p, r.code)
			return
		}
		fetched = append(fetched, p)
		ctype := r.header.Get("Content-Type")
		if strings.HasPrefix(ctype, "image/") {
			return
		}
		body := string(r.body)
		var refs []string
		switch {
		case strings.Contains(ctype, "text/html"):
			for _, m := range attrRe.FindAllStringSubmatch(body, -1) {
				refs = append(refs, m[1])
			}
		case strings.Contains(ctype, "text/css"):
			body = commentRe.ReplaceAllString(body, "")
			for _, m := range cssURLRe.FindAllStringSubmatch(body, -1) {
				if !strings.HasPrefix(m[1], "data:") {
					refs = append(refs, m[1])
				}
			}
		}
		for _, u := range urlRe.FindAllString(body, -1) {
			if !notFetched[u] {
				t.Errorf("%s refers to another host: %s", p, u)
			}
		}
		for _, ref := range refs {
			if strings.HasPrefix(ref, "#") {
				continue
			}
			if strings.Contains(ref, "//") {
				t.Errorf("%s refers to %s, not a path of the server", p, ref)
				continue
			}
			if !strings.HasPrefix(ref, "/") {
				ref = path.Join(path.Dir(p), ref)
			}
			visit(ref)
		}
	}
	visit("/")
	for _, want := range []string{"/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css",
		"/static/app.js", "/static/style.css", "/static/vendor/leaflet/images/layers.png"} {
		if !seen[want] {
			t.Errorf("/ does not lead to %s (fetched %q)", want, fetched)
		}
	}
	// The attribution prefix's link is replaced.
	if b := get(t, base+"/static/app.js").body; !bytes.Contains(b, []byte(`setPrefix("Leaflet")`)) {
		t.Error("app.js keeps Leaflet's attribution prefix, a link to another host")
	}
	// The licence of the vendored Leaflet is served with it.
	if r := get(t, base+"/static/vendor/leaflet/LICENSE"); r.code != http.StatusOK || !bytes.Contains(r.body, []byte("BSD 2-Clause")) {
		t.Errorf("GET /static/vendor/leaflet/LICENSE: %d", r.code)
	}
}

func TestWebZones(t *testing.T) {
	res, _, base := defaultWeb(t)
	for _, lr := range res.Levels {
		r := get(t, base+"/api/v1/zones?level="+string(lr.Level))
		if r.code != http.StatusOK {
			t.Fatalf("%s: %d %s", lr.Level, r.code, r.body)
		}
		fc, err := geojson.UnmarshalFeatureCollection(r.body)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for k, zk := range lr.Zoned {
			j := zk.School
			if lr.Zoned[k].Polygon != nil {
				want[res.Dataset.Schools[j].ID] = true
			}
		}
		got := map[string]bool{}
		for _, f := range fc.Features {
			id, _ := f.Properties["school_id"].(string)
			got[id] = true
			// Simplified: within SimplifyDeg of the zone, so its bound
			// grows by no more than that.
			k := -1
			for kk, zk := range lr.Zoned {
				j := zk.School
				if res.Dataset.Schools[j].ID == id {
					k = kk
				}
			}
			if k < 0 {
				t.Fatalf("%s: zone of unknown school %q", lr.Level, id)
			}
			gb, wb := f.Geometry.Bound(), lr.Zoned[k].Polygon.Bound()
			if gb.Min[0] < wb.Min[0]-1e-9 || gb.Max[0] > wb.Max[0]+1e-9 || gb.Min[1] < wb.Min[1]-1e-9 || gb.Max[1] > wb.Max[1]+1e-9 {
				t.Errorf("%s %s: simplified bound %v outside %v", lr.Level, id, gb, wb)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: zones of %d schools, want %d", lr.Level, len(got), len(want))
		}
		for id := range want {
			if !got[id] {
				t.Errorf("%s: no zone of %s", lr.Level, id)
			}
		}
	}
	for _, q := range []string{"", "level=senior", "level=PRIMARY"} {
		r := get(t, base+"/api/v1/zones?"+q)
		if r.code != http.StatusBadRequest || !bytes.Contains(r.body, []byte("accepted: junior, primary")) {
			t.Errorf("?%s: %d %s", q, r.code, r.body)
		}
	}
	if r := get(t, base+"/api/v1/area"); r.code != http.StatusOK || !bytes.Contains(r.body, []byte(`"MultiPolygon"`)) {
		t.Errorf("area: %d %.200s", r.code, r.body)
	}
}

func TestWebSchools(t *testing.T) {
	res, _, base := defaultWeb(t)
	r := get(t, base+"/api/v1/schools")
	var got []WebSchool
	if err := json.Unmarshal(r.body, &got); err != nil || r.code != http.StatusOK {
		t.Fatalf("%d %v", r.code, err)
	}
	if len(got) != len(res.Dataset.Schools) {
		t.Fatalf("%d schools, want %d", len(got), len(res.Dataset.Schools))
	}
	// Entrants of each section counted from the seats, independently of
	// engine.Metrics.
	for _, lr := range res.Levels {
		seated := map[int]int{}
		for _, s := range lr.Seats {
			if s.School >= 0 {
				seated[s.School]++
			}
		}
		for _, j := range lr.Sections {
			ws := got[j]
			if ws.ID != res.Dataset.Schools[j].ID || ws.Location != res.Dataset.Schools[j].Loc {
				t.Fatalf("school %d: %s at %v", j, ws.ID, ws.Location)
			}
			var sec *WebLevel
			for i := range ws.Levels {
				if ws.Levels[i].Level == string(lr.Level) {
					sec = &ws.Levels[i]
				}
			}
			if sec == nil {
				t.Fatalf("%s: no %s section", ws.ID, lr.Level)
			}
			if sec.Entrants != seated[j] || sec.IntakeCapacity != lr.Schools[j].Capacity {
				t.Errorf("%s %s: %d entrants of %d places, want %d of %d", ws.ID, lr.Level, sec.Entrants, sec.IntakeCapacity, seated[j], lr.Schools[j].Capacity)
			}
			if sec.IntakeCapacity > 0 && math.Abs(*sec.Utilisation-float64(seated[j])/float64(lr.Schools[j].Capacity)) > 1e-12 {
				t.Errorf("%s %s: utilisation %v", ws.ID, lr.Level, *sec.Utilisation)
			}
		}
	}
	// Public data only: no household or child ids, no home coordinates.
	for _, h := range res.Dataset.Households[:min(200, len(res.Dataset.Households))] {
		for _, p := range []string{"/api/v1/schools", "/api/v1/zones?level=primary", "/api/v1/web"} {
			if b := get(t, base+p).body; bytes.Contains(b, []byte(`"`+h.ID+`"`)) {
				t.Fatalf("%s names household %s", p, h.ID)
			}
		}
	}
}

// bruteWhatIf recomputes the level's figures from scratch with unit u in
// zone to: loads, zoned ratio and mean distance over every home, by the
// run's distance (the walk along the roads when the run has routes, as
// metrics.json's distance says; else the great circle).
func bruteWhatIf(res *engine.Result, lr *engine.LevelResult, u, to int) (load []int, zoned, mean float64, moved int) {
	us, ds := res.Units, res.Dataset
	distance := geo.Distance
	if res.Routes != nil {
		distance = res.Routes.DistanceM
	}
	plan := make([]int, lr.PlanUnits())
	for v := range plan {
		plan[v] = lr.UnitZone(v)
	}
	for h := range ds.Households {
		if us.HomeUnit[h] == u && plan[u] != to {
			moved += lr.Demand(h)
		}
	}
	plan[u] = to
	load = make([]int, len(lr.Zones))
	var n int
	var sum float64
	for h := range ds.Households {
		z, d := plan[us.HomeUnit[h]], lr.Demand(h)
		if z < 0 || d == 0 {
			continue
		}
		load[z] += d
		n += d
		// distance by hand: capacity-weighted mean over the zone's schools
		var dist, w float64
		for _, j := range lr.Zones[z].Schools {
			dist += float64(lr.Schools[j].Capacity) * distance(res.Homes[h].Loc, ds.Schools[j].Loc)
			w += float64(lr.Schools[j].Capacity)
		}
		sum += float64(d) * dist / w
	}
	var fit int
	for z, l := range load {
		c := 0
		for _, j := range lr.Zones[z].Schools {
			c += lr.Schools[j].Capacity
		}
		fit += min(l, c)
	}
	return load, float64(fit) / float64(n), sum / float64(n), moved
}

func TestWhatIf(t *testing.T) {
	res, _, base := defaultWeb(t)
	lr := res.Levels[0]
	us := res.Units
	// The unit with the most entrants, moved to the zone of the school
	// nearest to it other than its own.
	demand := make([]int, len(us.Units))
	for h, v := range us.HomeUnit {
		demand[v] += lr.Demand(h)
	}
	u := 0
	for v, d := range demand {
		if d > demand[u] {
			u = v
		}
	}
	from := lr.UnitZone(u)
	to, best := -1, math.Inf(1)
	for z, zn := range lr.Zones {
		if len(zn.Schools) != 1 {
			continue // a multi-school zone: its place is no school's
		}
		if d := geo.Distance(us.Units[u].Center, res.Dataset.Schools[zn.Schools[0]].Loc); z != from && d < best {
			to, best = z, d
		}
	}
	toID := res.Dataset.Schools[lr.Zones[to].Schools[0]].ID
	u2 := us.HomeUnit[0]
	home := res.Homes[0].Loc
	url := base + "/api/v1/planner/whatif"
	body := fmt.Sprintf(`{"level":%q,"unit":%d,"school_id":%q}`, lr.Level, u, toID)

	for _, tc := range []struct {
		name, token, body string
		code              int
		holds             string
	}{
		{"no token", "", body, 401, "bearer token"},
		{"wrong token", "nope", body, 401, "bearer token"},
		{"token of another case", strings.ToUpper(testToken), body, 401, "bearer token"},
		{"bad json", testToken, `{"level":`, 400, "accepted: JSON"},
		{"unknown field", testToken, `{"level":"primary","unit":1,"school_id":"x","x":1}`, 400, "unknown field"},
		{"bad level", testToken, `{"level":"senior","unit":1,"school_id":"x"}`, 400, "accepted: junior, primary"},
		{"unit and point", testToken, `{"level":"primary","unit":1,"lon":86.9,"lat":44.1,"school_id":"x"}`, 400, "together"},
		{"neither", testToken, `{"level":"primary","school_id":"x"}`, 400, "missing unit"},
		{"unit out of range", testToken, `{"level":"primary","unit":-1,"school_id":"x"}`, 400, "accepted: 0.."},
		{"point out of range", testToken, `{"level":"primary","lon":200,"lat":44,"school_id":"x"}`, 400, "out of range"},
		{"point far away", testToken, `{"level":"primary","lon":10,"lat":10,"school_id":"x"}`, 404, "outside"},
		{"unknown school", testToken, fmt.Sprintf(`{"level":%q,"unit":%d,"school_id":"nope"}`, lr.Level, u), 400, "has no zone"},
		{"ok by unit", testToken, body, 200, `"children_moved"`},
		{"ok by point", testToken, fmt.Sprintf(`{"level":%q,"lon":%v,"lat":%v,"school_id":%q}`, lr.Level, home[0], home[1], toID), 200, fmt.Sprintf(`"unit":%d`, u2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, url, tc.token, tc.body)
			if r.code != tc.code || !bytes.Contains(r.body, []byte(tc.holds)) {
				t.Errorf("%d %s, want %d holding %q", r.code, r.body, tc.code, tc.holds)
			}
			if tc.code == 401 && r.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	if r := get(t, url); r.code != http.StatusMethodNotAllowed || r.header.Get("Allow") != "POST" {
		t.Errorf("GET whatif: %d Allow %q", r.code, r.header.Get("Allow"))
	}

	r := post(t, url, testToken, body)
	var a WhatIfAnswer
	if err := json.Unmarshal(r.body, &a); err != nil {
		t.Fatal(err)
	}
	load, zoned, mean, moved := bruteWhatIf(res, lr, u, to)
	if a.Moved != moved || moved == 0 {
		t.Errorf("moved %d, want %d (> 0)", a.Moved, moved)
	}
	if a.To.LoadAfter != load[to] || a.From == nil || a.From.LoadAfter != load[from] {
		t.Errorf("loads to %d from %+v, want %d and %d", a.To.LoadAfter, a.From, load[to], load[from])
	}
	if math.Abs(*a.After.ZonedRatio-zoned) > 1e-12 || math.Abs(*a.After.MeanDistanceM-mean) > 1e-6 {
		t.Errorf("after: zoned %v mean %v, want %v %v", *a.After.ZonedRatio, *a.After.MeanDistanceM, zoned, mean)
	}
	_, zoned0, mean0, _ := bruteWhatIf(res, lr, u, from)
	if math.Abs(*a.Before.ZonedRatio-zoned0) > 1e-12 || math.Abs(*a.Before.MeanDistanceM-mean0) > 1e-6 {
		t.Errorf("before: zoned %v mean %v, want %v %v", *a.Before.ZonedRatio, *a.Before.MeanDistanceM, zoned0, mean0)
	}
	// Nothing was written: the plan is as before.
	if lr.UnitZone(u) != from {
		t.Error("the what-if changed the plan")
	}

	// Planner mode off: 404.
	_, plan := defaultPlan(t)
	w, err := NewWeb(res, WebOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := New(plan, Options{})
	s.SetWeb(w)
	if r := post(t, start(t, s)+"/api/v1/planner/whatif", testToken, body); r.code != http.StatusNotFound {
		t.Errorf("planner off: %d %s", r.code, r.body)
	}
}

// TestWhatIfProperty checks random moves of both levels against the
// recomputation from scratch: loads, children moved, figures.
func TestWhatIfProperty(t *testing.T) {
	res, _, _ := defaultWeb(t)
	rng := rand.New(rand.NewPCG(7, 11))
	for _, lr := range res.Levels {
		b := webData.whatif[lr.Level]
		for range 200 {
			u := rng.IntN(lr.PlanUnits())
			to := rng.IntN(len(lr.Zones))
			a, err := b.move(u, res.Dataset.Schools[lr.Zones[to].Schools[0]].ID)
			if err != nil {
				t.Fatal(err)
			}
			load, zoned, mean, moved := bruteWhatIf(res, lr, u, to)
			if a.Moved != moved || a.To.LoadAfter != load[to] {
				t.Fatalf("%s unit %d → %d: moved %d load %d, want %d %d", lr.Level, u, to, a.Moved, a.To.LoadAfter, moved, load[to])
			}
			if math.Abs(*a.After.ZonedRatio-zoned) > 1e-12 || math.Abs(*a.After.MeanDistanceM-mean) > 1e-6 {
				t.Fatalf("%s unit %d → %d: %v %v, want %v %v", lr.Level, u, to, *a.After.ZonedRatio, *a.After.MeanDistanceM, zoned, mean)
			}
		}
	}
}

func TestNewWebTiles(t *testing.T) {
	res, _ := defaultPlan(t)
	for _, tc := range []struct {
		tiles string
		ok    bool
	}{
		{"", true},
		{"https://tiles.example/{z}/{x}/{y}.png", true},
		{"https://tiles.example/{z}/{x}.png", false},
		{"tiles", false},
	} {
		_, err := NewWeb(res, WebOptions{Tiles: tc.tiles})
		if (err == nil) != tc.ok {
			t.Errorf("%q: %v", tc.tiles, err)
		}
	}
	if _, err := NewWeb(nil, WebOptions{}); err == nil {
		t.Error("nil result accepted")
	}
}

func TestWebNotReady(t *testing.T) {
	base := start(t, New(nil, Options{}))
	for _, p := range []string{"/api/v1/zones?level=primary", "/api/v1/schools", "/api/v1/area", "/api/v1/web"} {
		if r := get(t, base+p); r.code != http.StatusServiceUnavailable {
			t.Errorf("%s: %d", p, r.code)
		}
	}
	if r := post(t, base+"/api/v1/planner/whatif", "x", "{}"); r.code != http.StatusServiceUnavailable {
		t.Errorf("whatif: %d", r.code)
	}
	if r := get(t, base+"/"); r.code != http.StatusOK {
		t.Errorf("/: %d", r.code)
	}
}

func FuzzWhatIfBody(f *testing.F) {
	res, _, base := defaultWeb(f)
	_ = res
	for _, s := range []string{`{"level":"primary","unit":1,"school_id":"hz01"}`, `{"level":"junior","lon":86.9,"lat":44.18,"school_id":"hz01"}`, `{`, `[]`, `{"unit":1e99}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := post(t, base+"/api/v1/planner/whatif", testToken, body)
		switch r.code {
		case 200, 400, 404, 413:
		default:
			t.Fatalf("%q: %d %s", body, r.code, r.body)
		}
		if !json.Valid(r.body) {
			t.Fatalf("%q: body not JSON: %s", body, r.body)
		}
	})
}

func BenchmarkWhatIfMove(b *testing.B) {
	res, _, _ := defaultWeb(b)
	lr := res.Levels[0]
	base := webData.whatif[lr.Level]
	id := res.Dataset.Schools[lr.Zones[0].Schools[0]].ID
	n := lr.PlanUnits()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := base.move(i%n, id); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
