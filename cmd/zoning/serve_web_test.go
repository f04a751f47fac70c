package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeWebMap serves a dataset without --plan, with --token and
// --tiles: the map's page and JSON answer once the run is done, the
// what-if wants the token, and a tile URL without {z}/{x}/{y} is refused.
func TestServeWebMap(t *testing.T) {
	data := copyDir(t)
	if _, _, err := zoning(t, "serve", "-q", "--data", data, "--addr", "127.0.0.1:0", "--tiles", "https://t.example/tile.png"); err == nil ||
		!strings.Contains(err.Error(), "{z}") {
		t.Fatalf("bad --tiles: %v", err)
	}
	srv := startServe(t, "-q", "--data", data, "--addr", "127.0.0.1:0", "--token", "tok-1",
		"--tiles", "https://t.example/{z}/{x}/{y}.png")
	base := srv.base
	// Wait for the run (readyz), bounded by a count of polls, not a time.
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if i == 600 {
			t.Fatal("not ready")
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, tc := range []struct {
		method, path, token string
		code                int
		holds               string
	}{
		{"GET", "/", "", 200, "app.js"},
		{"GET", "/api/v1/web", "", 200, `"tiles":"https://t.example/{z}/{x}/{y}.png"`},
		{"GET", "/api/v1/zones?level=primary", "", 200, "FeatureCollection"},
		{"POST", "/api/v1/planner/whatif", "", 401, "bearer"},
		{"POST", "/api/v1/planner/whatif", "tok-1", 400, "school_id"},
	} {
		req, _ := http.NewRequest(tc.method, base+tc.path, strings.NewReader(`{"level":"primary","unit":0,"school_id":"?"}`))
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code || !strings.Contains(string(b), tc.holds) {
			t.Errorf("%s %s: %d %.200s, want %d holding %q", tc.method, tc.path, resp.StatusCode, b, tc.code, tc.holds)
		}
	}
	if err := srv.stop(); err != nil {
		t.Fatalf("serve after SIGINT: %v", err)
	}
}
