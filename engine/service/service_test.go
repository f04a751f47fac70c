package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/geo"
)

var (
	runOnce sync.Once
	runRes  *engine.Result
	runPlan *lookup.Plan
	runErr  error
)

// defaultPlan is the plan of the embedded default's run, computed once.
func defaultPlan(tb testing.TB) (*engine.Result, *lookup.Plan) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("runs the default dataset")
	}
	runOnce.Do(func() {
		ds, err := dataset.Load(data.Hutubi())
		if err != nil {
			runErr = err
			return
		}
		if runRes, runErr = engine.Run(context.Background(), ds, engine.RunOptions{Config: config.Default()}); runErr != nil {
			return
		}
		runPlan, runErr = lookup.FromResult(runRes)
	})
	if runErr != nil {
		tb.Fatal(runErr)
	}
	return runRes, runPlan
}

// start serves s on 127.0.0.1:0 until the test ends and returns its base
// URL.
func start(tb testing.TB, s *Server) string {
	tb.Helper()
	return startWith(tb, s, func(ln net.Listener) net.Listener { return ln })
}

// startWith serves s like start, on the listener wrap makes of one on
// 127.0.0.1:0.
func startWith(tb testing.TB, s *Server, wrap func(net.Listener) net.Listener) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, wrap(ln)) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Error(err)
		}
	})
	return "http://" + ln.Addr().String()
}

type response struct {
	code   int
	header http.Header
	body   []byte
}

func get(tb testing.TB, u string) response {
	tb.Helper()
	resp, err := http.Get(u)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, b}
}

// expected returns "level:school" of the run's zones holding p, computed
// with orb/planar, independently of the lookup package.
func expected(r *engine.Result, p orb.Point) []string {
	var out []string
	for _, lr := range r.Levels {
		var ids []string
		for k, zk := range lr.Zoned {
			j := zk.School
			if lr.Zoned[k].Polygon != nil && planar.MultiPolygonContains(lr.Zoned[k].Polygon, p) {
				ids = append(ids, r.Dataset.Schools[j].ID)
			}
		}
		sort.Strings(ids)
		for _, id := range ids {
			out = append(out, string(lr.Level)+":"+id)
		}
	}
	return out
}

func answered(a *lookup.Answer) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, l := range a.Levels {
		var ids []string
		for _, s := range l.Schools {
			ids = append(ids, s.SchoolID)
		}
		sort.Strings(ids)
		for _, id := range ids {
			out = append(out, l.Level+":"+id)
		}
	}
	return out
}

func TestEndpoints(t *testing.T) {
	r, plan := defaultPlan(t)
	base := start(t, New(plan, Options{Rate: -1}))

	if g := get(t, base+"/healthz"); g.code != 200 || !strings.Contains(string(g.body), `"ok"`) {
		t.Errorf("healthz %d %s", g.code, g.body)
	}
	if g := get(t, base+"/readyz"); g.code != 200 || !strings.Contains(string(g.body), `"ready"`) {
		t.Errorf("readyz %d %s", g.code, g.body)
	}
	if g := get(t, base+"/healthz"); g.header.Get("X-Request-Id") == "" || g.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("healthz headers %v", g.header)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 40; i++ {
		h := &r.Dataset.Households[rng.IntN(len(r.Dataset.Households))]
		want := expected(r, h.Loc)

		g := get(t, base+"/api/v1/lookup?address="+url.QueryEscape(h.Address))
		var m lookup.Match
		if err := json.Unmarshal(g.body, &m); g.code != 200 || err != nil {
			t.Fatalf("address %q: %d %s", h.Address, g.code, g.body)
		}
		if got := answered(m.Answer); !slices.Equal(got, want) {
			t.Errorf("address %q: %v, want %v", h.Address, got, want)
		}
		if strings.Contains(string(g.body), `"point"`) {
			t.Errorf("address %q: the answer shows a point: %s", h.Address, g.body)
		}

		g = get(t, fmt.Sprintf("%s/api/v1/lookup?lon=%v&lat=%v", base, h.Loc[0], h.Loc[1]))
		var a lookup.Answer
		if err := json.Unmarshal(g.body, &a); g.code != 200 || err != nil {
			t.Fatalf("point %v: %d %s", h.Loc, g.code, g.body)
		}
		if got := answered(&a); !slices.Equal(got, want) {
			t.Errorf("point %v: %v, want %v", h.Loc, got, want)
		}
		// The same home as a map app gives it: the answer is for a point
		// within a metre of the home.
		for _, crs := range []geo.CRS{geo.GCJ02, geo.BD09} {
			q := geo.FromWGS84(h.Loc, crs)
			g = get(t, fmt.Sprintf("%s/api/v1/lookup?lon=%s&lat=%s&crs=%s", base,
				strconv.FormatFloat(q[0], 'f', -1, 64), strconv.FormatFloat(q[1], 'f', -1, 64), crs))
			var c lookup.Answer
			if err := json.Unmarshal(g.body, &c); g.code != 200 || err != nil {
				t.Fatalf("%s point %v: %d %s", crs, q, g.code, g.body)
			}
			if c.Point == nil {
				t.Fatalf("%s point %v: no point in the answer", crs, q)
			}
			if d := geo.Distance(*c.Point, h.Loc); d > 1 {
				t.Errorf("%s point %v: answered for %v, %.2f m from the home", crs, q, c.Point, d)
			}
		}
	}

	g := get(t, base+"/metrics")
	body := string(g.body)
	for _, want := range []string{
		`zoning_http_requests_total{route="/healthz",code="200"} 2`,
		`zoning_http_requests_total{route="/readyz",code="200"} 1`,
		`zoning_http_requests_total{route="/api/v1/lookup",code="200"} 160`,
		`zoning_http_request_duration_seconds_count{route="/api/v1/lookup"} 160`,
		`# TYPE zoning_http_request_duration_seconds histogram`,
		`zoning_http_request_duration_seconds_bucket{route="/api/v1/lookup",le="+Inf"} 160`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	if !strings.HasPrefix(g.header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Errorf("metrics content type %q", g.header.Get("Content-Type"))
	}
}

func TestBadRequests(t *testing.T) {
	_, plan := defaultPlan(t)
	base := start(t, New(plan, Options{Rate: -1}))
	long := strings.Repeat("路", lookup.MaxQueryLen+1)
	tests := []struct {
		name, path string
		code       int
		want       []string // in the error message
	}{
		{"no parameter", "/api/v1/lookup", 400, []string{"missing parameter", "address=", "crs=wgs84|gcj02|bd09"}},
		{"lon not a number", "/api/v1/lookup?lon=abc&lat=44", 400, []string{"parameter lon", "accepted: decimal degrees -180..180"}},
		{"lat missing", "/api/v1/lookup?lon=87", 400, []string{"missing parameter lat"}},
		{"lat NaN", "/api/v1/lookup?lon=87&lat=NaN", 400, []string{"parameter lat"}},
		{"lat out of range", "/api/v1/lookup?lon=87&lat=95", 400, []string{"parameter lat", "-90..90"}},
		{"bad crs", "/api/v1/lookup?lon=87&lat=44&crs=utm", 400, []string{"parameter crs", "wgs84, gcj02, bd09"}},
		{"address and point", "/api/v1/lookup?address=x&lon=87&lat=44", 400, []string{"together"}},
		{"address twice", "/api/v1/lookup?address=x&address=y", 400, []string{"more than once"}},
		{"crs with address", "/api/v1/lookup?address=x&crs=gcj02", 400, []string{"crs applies to lon/lat"}},
		{"empty address", "/api/v1/lookup?address=", 400, []string{"parameter address", "accepted"}},
		{"address too long", "/api/v1/lookup?address=" + url.QueryEscape(long), 400, []string{"parameter address", "longer than"}},
		{"outside the county", "/api/v1/lookup?lon=80&lat=40", 404, []string{"outside the zoned area", "呼图壁县"}},
		{"outside China", "/api/v1/lookup?lon=-70&lat=40&crs=gcj02", 404, []string{"outside the zoned area"}},
		{"unknown address", "/api/v1/lookup?address=" + url.QueryEscape("火星基地1号"), 404, []string{"parameter address", "no single place"}},
		{"unknown path", "/api/v2/lookup", 404, []string{"accepted: /api/v1/lookup"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := get(t, base+tc.path)
			var e struct {
				Error string        `json:"error"`
				Match *lookup.Match `json:"match"`
			}
			if err := json.Unmarshal(g.body, &e); err != nil || g.code != tc.code {
				t.Fatalf("%d %s, want %d and JSON", g.code, g.body, tc.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(e.Error, w) {
					t.Errorf("error %q lacks %q", e.Error, w)
				}
			}
			if e.Match != nil && e.Match.Answer != nil {
				t.Errorf("an error with an answer: %s", g.body)
			}
		})
	}

	t.Run("POST", func(t *testing.T) {
		resp, err := http.Post(base+"/api/v1/lookup", "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 405 || !strings.Contains(string(b), `"error"`) || resp.Header.Get("Allow") == "" {
			t.Errorf("%d %s %v", resp.StatusCode, b, resp.Header)
		}
	})
	t.Run("HEAD", func(t *testing.T) {
		resp, err := http.Head(base + "/api/v1/lookup?lon=86.9&lat=44.19")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("HEAD: %d", resp.StatusCode)
		}
	})
	t.Run("oversized body", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/lookup?lon=87&lat=44", strings.NewReader(strings.Repeat("x", 1<<20)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 413 || !strings.Contains(string(b), "accepted: at most") {
			t.Errorf("%d %s", resp.StatusCode, b)
		}
	})
	t.Run("oversized URL", func(t *testing.T) {
		g := get(t, base+"/api/v1/lookup?address="+strings.Repeat("a", 2*MaxHeaderBytes))
		if g.code != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("%d %s", g.code, g.body)
		}
	})
	t.Run("server survives", func(t *testing.T) {
		if g := get(t, base+"/healthz"); g.code != 200 {
			t.Errorf("healthz after bad requests: %d", g.code)
		}
	})
}

func TestRateLimit(t *testing.T) {
	_, plan := defaultPlan(t)
	base := start(t, New(plan, Options{Rate: 0.5, Burst: 3}))
	u := base + "/api/v1/lookup?lon=86.9&lat=44.19"
	for i := 0; i < 3; i++ {
		if g := get(t, u); g.code == 429 {
			t.Fatalf("request %d of a burst of 3 limited", i+1)
		}
	}
	g := get(t, u)
	if g.code != 429 || !strings.Contains(string(g.body), "too many requests") {
		t.Fatalf("4th request: %d %s, want 429", g.code, g.body)
	}
	// At 0.5 a second the next token is 2 s away.
	if ra, err := strconv.Atoi(g.header.Get("Retry-After")); err != nil || ra < 1 || ra > 2 {
		t.Errorf("Retry-After %q, want 1..2 s", g.header.Get("Retry-After"))
	}
	// Other routes are not limited.
	if g := get(t, base+"/healthz"); g.code != 200 {
		t.Errorf("healthz limited: %d", g.code)
	}
}

func TestLimiterForgetsIdleClients(t *testing.T) {
	l := newLimiter(1, 1)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, ok := l.allow("a", t0); !ok {
		t.Fatal("first request limited")
	}
	if wait, ok := l.allow("a", t0); ok || wait != time.Second {
		t.Fatalf("second request at once: %v %v, want limited for 1s", wait, ok)
	}
	if _, ok := l.allow("b", t0); !ok {
		t.Fatal("another client limited")
	}
	if _, ok := l.allow("c", t0.Add(idleAfter+2*time.Minute)); !ok || len(l.clients) != 1 {
		t.Fatalf("idle clients kept: %d", len(l.clients))
	}
}

var idToken = regexp.MustCompile(`[A-Za-z0-9_-]+`)

// TestNoIDsInResponses: no response of the public lookup holds a household
// or child id of the dataset, whatever is asked.
func TestNoIDsInResponses(t *testing.T) {
	r, plan := defaultPlan(t)
	base := start(t, New(plan, Options{Rate: -1}))
	ids := map[string]bool{}
	for _, h := range r.Dataset.Households {
		ids[h.ID] = true
	}
	for _, c := range r.Dataset.Children {
		ids[c.ID] = true
	}
	rng := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < 150; i++ {
		h := &r.Dataset.Households[rng.IntN(len(r.Dataset.Households))]
		rs := []rune(h.Address)
		for _, path := range []string{
			"/api/v1/lookup?address=" + url.QueryEscape(h.Address),
			"/api/v1/lookup?address=" + url.QueryEscape(string(rs[:len(rs)/2])),
			"/api/v1/lookup?address=" + url.QueryEscape(string(rs[len(rs)/3:])),
			fmt.Sprintf("/api/v1/lookup?lon=%v&lat=%v", h.Loc[0]+rng.NormFloat64()*0.01, h.Loc[1]+rng.NormFloat64()*0.01),
		} {
			g := get(t, base+path)
			for _, tok := range idToken.FindAll(g.body, -1) {
				if ids[string(tok)] {
					t.Fatalf("%s leaks %s: %s", path, tok, g.body)
				}
			}
		}
	}
}

func TestNotReady(t *testing.T) {
	s := New(nil, Options{})
	base := start(t, s)
	if g := get(t, base+"/readyz"); g.code != 503 || g.header.Get("Retry-After") == "" {
		t.Errorf("readyz without a plan: %d", g.code)
	}
	if g := get(t, base+"/api/v1/lookup?lon=87&lat=44"); g.code != 503 || !strings.Contains(string(g.body), "loading") {
		t.Errorf("lookup without a plan: %d %s", g.code, g.body)
	}
	if g := get(t, base+"/healthz"); g.code != 200 {
		t.Errorf("healthz without a plan: %d", g.code)
	}
}

func TestRecoverer(t *testing.T) {
	s := New(nil, Options{})
	rec := httptest.NewRecorder()
	h := s.recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("%d %s", rec.Code, rec.Body.String())
	}
}

func TestGracefulShutdown(t *testing.T) {
	s := New(nil, Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	if g := get(t, base+"/healthz"); g.code != 200 {
		t.Fatalf("healthz %d", g.code)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve after shutdown: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still serving after shutdown")
	} else if !errors.Is(err, context.Canceled) && !strings.Contains(err.Error(), "refused") {
		t.Logf("after shutdown: %v", err)
	}
}

func TestDeadline(t *testing.T) {
	// A deadline of 1 ns has passed by the time the lookup runs.
	base := start(t, New(smallPlan(t), Options{Timeout: time.Nanosecond}))
	g := get(t, base+"/api/v1/lookup?lon=87.05&lat=44")
	if g.code != http.StatusServiceUnavailable || !strings.Contains(string(g.body), "timed out") {
		t.Errorf("%d %s, want 503 timed out", g.code, g.body)
	}
	base = start(t, New(smallPlan(t), Options{}))
	if g := get(t, base+"/api/v1/lookup?lon=87.05&lat=44"); g.code != 200 {
		t.Errorf("default timeout: %d %s", g.code, g.body)
	}
}
