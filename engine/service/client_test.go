package service

import (
	"encoding/json"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// fromAddr sends method u from the local address local (127.0.0.x: every
// such address is this machine's, so each is another client to the
// server), with the headers given as name, value pairs.
func fromAddr(tb testing.TB, local, method, u string, headers ...string) response {
	tb.Helper()
	tr := &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}).DialContext}
	defer tr.CloseIdleConnections()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var body strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		body.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return response{resp.StatusCode, resp.Header, []byte(body.String())}
}

// TestPageAndStaticHeaders: no other site may frame the page; static files
// are served with nosniff, and a folder of them is never listed.
func TestPageAndStaticHeaders(t *testing.T) {
	base := start(t, New(nil, Options{}))
	g := get(t, base+"/")
	if csp := g.header.Get("Content-Security-Policy"); g.code != 200 || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("/: %d, Content-Security-Policy %q: want frame-ancestors 'none'", g.code, csp)
	}
	if xfo := g.header.Get("X-Frame-Options"); xfo != "DENY" {
		t.Errorf("/: X-Frame-Options %q, want DENY", xfo)
	}
	for _, p := range []string{"/static/app.js", "/static/style.css", "/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css"} {
		g := get(t, base+p)
		if g.code != 200 || g.header.Get("X-Content-Type-Options") != "nosniff" || len(g.body) == 0 {
			t.Errorf("%s: %d, X-Content-Type-Options %q, %d bytes", p, g.code, g.header.Get("X-Content-Type-Options"), len(g.body))
		}
	}
	for _, p := range []string{"/static/", "/static/vendor/", "/static/vendor", "/static/vendor/leaflet/", "/static/vendor/leaflet/images/",
		"/static/nothing.js", "/static/%2e%2e/web.go", "/static//app.js"} {
		g := get(t, base+p)
		if g.code != http.StatusNotFound || strings.Contains(string(g.body), "<a href") || strings.Contains(string(g.body), "leaflet.js") {
			t.Errorf("%s: %d %.200s, want 404 without a listing", p, g.code, g.body)
		}
		var e errorBody
		if err := json.Unmarshal(g.body, &e); err != nil || e.Error == "" {
			t.Errorf("%s: body %.200s is not a JSON error", p, g.body)
		}
	}
	if g := get(t, base+"/static/app.js"); !strings.Contains(g.header.Get("Content-Type"), "javascript") {
		t.Errorf("app.js: Content-Type %q", g.header.Get("Content-Type"))
	}
}

// TestRequestIDBound: a client's X-Request-Id is kept when it is short
// visible ASCII, and replaced by the server's own otherwise.
func TestRequestIDBound(t *testing.T) {
	base := start(t, New(nil, Options{}))
	for _, tc := range []struct {
		id   string
		kept bool
	}{
		{"abc-123", true},
		{strings.Repeat("x", MaxRequestIDLen), true},
		{strings.Repeat("x", MaxRequestIDLen+1), false},
		{strings.Repeat("y", 8000), false},
		{"a b", false},
		{"编号1", false},
	} {
		g := fromAddr(t, "127.0.0.1", http.MethodGet, base+"/healthz", middleware.RequestIDHeader, tc.id)
		got := g.header.Get(middleware.RequestIDHeader)
		if tc.kept != (got == tc.id) || got == "" || len(got) > 2*MaxRequestIDLen {
			t.Errorf("X-Request-Id of %d bytes: answered %.80q (%d bytes), kept %v, want kept %v", len(tc.id), got, len(got), got == tc.id, tc.kept)
		}
	}
}

// TestTokenTimeTellsNoLength: refusing a wrong token takes as long whether
// its length is the right one or not, so that timing cannot find the
// token's length. (A plain constant-time compare returns at once on
// another length and compares every byte on the same length.)
func TestTokenTimeTellsNoLength(t *testing.T) {
	const n = 256 << 10 // long enough for the compare to be timed
	want := strings.Repeat("a", n)
	sameLen := strings.Repeat("a", n-1) + "b"
	longer := sameLen + "b"
	best := func(got string) time.Duration {
		b := time.Duration(1 << 62)
		for range 15 {
			t0 := time.Now()
			if tokenMatches(got, want) {
				t.Fatal("a wrong token matches")
			}
			b = min(b, time.Since(t0))
		}
		return b
	}
	if !tokenMatches(want, want) {
		t.Fatal("the right token does not match")
	}
	var same, other time.Duration
	for range 3 {
		same, other = best(sameLen), best(longer)
		if r := float64(max(same, other)) / float64(max(1, min(same, other))); r < 2 {
			return
		}
	}
	t.Errorf("a wrong token of the right length is refused in %v, one byte longer in %v: the time tells the length", same, other)
}

// TestTokenFailuresLimited: after MaxTokenFailures wrong tokens, a client
// gets 429 with Retry-After, with the right token too; another client is
// not limited.
func TestTokenFailuresLimited(t *testing.T) {
	_, base := stubRuns(t, RunsOptions{Token: runToken}, nil)
	u := base + "/api/v1/planner/runs/0"
	for i := range MaxTokenFailures {
		if g := fromAddr(t, "127.0.0.1", http.MethodGet, u, "Authorization", "Bearer wrong"+strconv.Itoa(i)); g.code != http.StatusUnauthorized {
			t.Fatalf("wrong token %d: %d %s, want 401", i+1, g.code, g.body)
		}
	}
	for _, tok := range []string{"wrong", runToken} {
		g := fromAddr(t, "127.0.0.1", http.MethodGet, u, "Authorization", "Bearer "+tok)
		ra, err := strconv.Atoi(g.header.Get("Retry-After"))
		if g.code != http.StatusTooManyRequests || err != nil || ra < 1 || ra > int(TokenFailureWindow.Seconds()) {
			t.Errorf("token %q after %d wrong ones: %d, Retry-After %q, %s: want 429 with Retry-After", tok, MaxTokenFailures, g.code, g.header.Get("Retry-After"), g.body)
		}
	}
	// Every planner route shares the count.
	if g := fromAddr(t, "127.0.0.1", http.MethodPost, base+"/api/v1/planner/runs", "Authorization", "Bearer "+runToken); g.code != http.StatusTooManyRequests {
		t.Errorf("POST /api/v1/planner/runs: %d %s, want 429", g.code, g.body)
	}
	// Another client, right token: not limited (404: no such run).
	if g := fromAddr(t, "127.0.0.2", http.MethodGet, u, "Authorization", "Bearer "+runToken); g.code != http.StatusNotFound {
		t.Errorf("another client with the token: %d %s, want 404 (no such run)", g.code, g.body)
	}
}

// TestFailureLimiterRefills: the count of failures empties over the window.
func TestFailureLimiterRefills(t *testing.T) {
	l := newFailureLimiter()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range MaxTokenFailures {
		if _, ok := l.peek("a", t0); !ok {
			t.Fatal("limited before MaxTokenFailures failures")
		}
		l.allow("a", t0)
	}
	wait, ok := l.peek("a", t0)
	if ok || wait <= 0 || wait > TokenFailureWindow {
		t.Fatalf("after %d failures: limited %v for %v", MaxTokenFailures, !ok, wait)
	}
	if _, ok := l.peek("a", t0.Add(wait)); !ok {
		t.Errorf("still limited after %v", wait)
	}
	if _, ok := l.peek("b", t0); !ok {
		t.Error("another client limited")
	}
}

func TestParseTrustedProxy(t *testing.T) {
	for in, want := range map[string]string{
		"10.0.0.0/8": "10.0.0.0/8", "10.1.2.3/8": "10.0.0.0/8", "192.168.1.10": "192.168.1.10/32", " 127.0.0.1 ": "127.0.0.1/32",
		"fd00::/8": "fd00::/8", "::1": "::1/128", "::ffff:10.0.0.0/104": "10.0.0.0/8",
	} {
		if p, err := ParseTrustedProxy(in); err != nil || p.String() != want {
			t.Errorf("%q: %v %v, want %s", in, p, err, want)
		}
	}
	for _, in := range []string{"", "proxy.local", "10.0.0.0/33", "0.0.0.0/0", "::/0", "10.0.0.1:80", "fe80::1%eth0"} {
		if _, err := ParseTrustedProxy(in); err == nil || !strings.HasPrefix(err.Error(), "service: ") || !strings.Contains(err.Error(), "accepted:") {
			t.Errorf("%q: %v, want an error naming what is accepted", in, err)
		}
	}
}

// TestTrustedProxy: behind a trusted proxy, each client of
// X-Forwarded-For has its own rate limit, taken from the right-most address
// the proxy did not add itself; a peer that is not trusted is the client
// whatever X-Forwarded-For says.
func TestTrustedProxy(t *testing.T) {
	proxy := netip.MustParsePrefix("127.0.0.1/32")
	base := start(t, New(smallPlan(t), Options{Rate: 0.001, Burst: 1, TrustedProxies: []netip.Prefix{proxy, netip.MustParsePrefix("10.0.0.0/8")}}))
	u := base + "/api/v1/lookup?lon=87.05&lat=44"
	xff := "X-Forwarded-For"
	for _, tc := range []struct {
		name    string
		peer    string
		headers []string
		want    int
	}{
		{"a client behind the proxy", "127.0.0.1", []string{xff, "203.0.113.5"}, 200},
		{"the same client again", "127.0.0.1", []string{xff, "203.0.113.5"}, 429},
		{"another client behind the proxy", "127.0.0.1", []string{xff, "203.0.113.6"}, 200},
		{"the first, naming another address left of its own", "127.0.0.1", []string{xff, "198.51.100.1, 203.0.113.5"}, 429},
		{"the first, through two trusted proxies", "127.0.0.1", []string{xff, "203.0.113.5, 10.1.1.1"}, 429},
		{"a third, through two trusted proxies, two headers", "127.0.0.1", []string{xff, "203.0.113.7", xff, "10.1.1.1"}, 200},
		{"an IPv6 client with a port", "127.0.0.1", []string{xff, "[2001:db8::1]:4711"}, 200},
		{"the same IPv6 client", "127.0.0.1", []string{xff, "2001:db8::1"}, 429},
		{"junk: the proxy itself is the client", "127.0.0.1", []string{xff, "203.0.113.8, junk"}, 200},
		{"other junk: the proxy again", "127.0.0.1", []string{xff, "other-junk"}, 429},
		{"a peer not trusted", "127.0.0.2", []string{xff, "203.0.113.9"}, 200},
		{"the same peer naming another client", "127.0.0.2", []string{xff, "203.0.113.10"}, 429},
		{"the same peer naming none", "127.0.0.2", nil, 429},
	} {
		if g := fromAddr(t, tc.peer, http.MethodGet, u, tc.headers...); g.code != tc.want {
			t.Errorf("%s (%s, %v): %d %s, want %d", tc.name, tc.peer, tc.headers, g.code, g.body, tc.want)
		}
	}
}

// TestNoProxyTrusted: without --trusted-proxy, X-Forwarded-For changes
// nothing: a client cannot escape its rate limit by naming another address.
func TestNoProxyTrusted(t *testing.T) {
	base := start(t, New(smallPlan(t), Options{Rate: 0.001, Burst: 1}))
	u := base + "/api/v1/lookup?lon=87.05&lat=44"
	if g := fromAddr(t, "127.0.0.1", http.MethodGet, u, "X-Forwarded-For", "203.0.113.1"); g.code != 200 {
		t.Fatalf("first lookup: %d", g.code)
	}
	for _, h := range []string{"203.0.113.2", "203.0.113.3, 203.0.113.4"} {
		if g := fromAddr(t, "127.0.0.1", http.MethodGet, u, "X-Forwarded-For", h, "X-Real-Ip", h); g.code != 429 {
			t.Errorf("X-Forwarded-For %s: %d, want 429 (the same client)", h, g.code)
		}
	}
}
