package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestServeTrustedProxy: zoning serve --trusted-proxy takes the client
// from X-Forwarded-For behind the proxies given (repeatable), so that each
// client has its own rate limit, and believes no X-Forwarded-For from
// another peer. The page forbids framing, and a long request id is
// replaced.
func TestServeTrustedProxy(t *testing.T) {
	data, out := smallRun(t)
	srv := startServe(t, "--data", data, "--plan", out, "--addr", "127.0.0.1:0", "-q", "--rate", "0.001", "--burst", "1",
		"--trusted-proxy", "127.0.0.1", "--trusted-proxy", "10.0.0.0/8")
	u := srv.base + "/api/v1/lookup?address=" + url.QueryEscape("呼图壁镇园林路18号锦华苑")
	send := func(xff, requestID string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		if requestID != "" {
			req.Header.Set("X-Request-Id", requestID)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for _, tc := range []struct {
		xff  string
		want int
	}{
		{"203.0.113.5", 200},
		{"203.0.113.5", 429},
		{"203.0.113.6, 10.2.3.4", 200},     // through a second trusted proxy
		{"198.51.100.7, 203.0.113.6", 429}, // what the client wrote left of its address
	} {
		if resp := send(tc.xff, ""); resp.StatusCode != tc.want {
			t.Errorf("X-Forwarded-For %q: %d, want %d", tc.xff, resp.StatusCode, tc.want)
		}
	}
	long := strings.Repeat("r", 200)
	if got := send("203.0.113.9", long).Header.Get("X-Request-Id"); got == long || got == "" {
		t.Errorf("a request id of 200 characters answered as %.40q…", got)
	}
	resp, err := http.Get(srv.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("the page's Content-Security-Policy %q lacks frame-ancestors 'none'", csp)
	}
}

// TestServeHardeningFlagsRefused: a bad --trusted-proxy or download limit
// stops serve at start, naming the flag and what it accepts.
func TestServeHardeningFlagsRefused(t *testing.T) {
	data := copyDir(t)
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"--trusted-proxy", "nginx"}, "--trusted-proxy"},
		{[]string{"--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "10.0.0.0/33"}, "--trusted-proxy"},
		{[]string{"--trusted-proxy", "0.0.0.0/0"}, "trusts every address"},
		{[]string{"--download-stall", "0s"}, "--download-stall"},
		{[]string{"--download-stall", "1h"}, "--download-stall"},
		{[]string{"--download-max", "30s"}, "--download-max"},
		{[]string{"--download-max", "48h"}, "--download-max"},
		{[]string{"--download-stall", "5m", "--download-max", "2m"}, "longer than --download-max"},
	} {
		args := append([]string{"serve", "-q", "--data", data, "--addr", "127.0.0.1:0"}, tc.args...)
		_, _, err := zoning(t, args...)
		if err == nil || !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), "accepted") {
			t.Errorf("%v: %v, want an error saying %q and what is accepted", tc.args, err, tc.says)
		}
	}
}
