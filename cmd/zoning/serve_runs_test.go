package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeRuns serves the small dataset (base year 2026) with --token and
// --plan, triggers a redraw of 2027 over HTTP, polls its status (a bounded
// count of polls) and downloads metrics.json and outputs.zip.
func TestServeRuns(t *testing.T) {
	data, out := smallRun(t)
	srv := startServe(t, "-q", "--data", data, "--plan", out, "--addr", "127.0.0.1:0", "--token", "tok-r", "--run-timeout", "5m")
	base := srv.base
	do := func(method, path, token, body string) (int, http.Header, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, b
	}
	if code, _, _ := do("POST", "/api/v1/planner/runs", "", `{"kind": "redraw", "year": 2027}`); code != 401 {
		t.Errorf("without token: %d, want 401", code)
	}
	if code, _, b := do("POST", "/api/v1/planner/runs", "tok-r", `{"kind": "redraw", "year": 2027, "objective": "quick"}`); code != 400 || !strings.Contains(string(b), "objective") {
		t.Errorf("bad objective: %d %s, want 400 naming objective", code, b)
	}
	code, _, b := do("POST", "/api/v1/planner/runs", "tok-r", `{"kind": "redraw", "year": 2027, "objective": "moves"}`)
	if code != 202 {
		t.Fatalf("POST: %d %s", code, b)
	}
	var a struct{ ID string }
	if err := json.Unmarshal(b, &a); err != nil || a.ID == "" {
		t.Fatalf("POST answer %s", b)
	}
	var st struct {
		Status, Error string
		Files         []struct{ Name string }
	}
	for i := 0; ; i++ {
		code, _, b := do("GET", "/api/v1/planner/runs/"+a.ID, "tok-r", "")
		if code != 200 {
			t.Fatalf("status: %d %s", code, b)
		}
		if err := json.Unmarshal(b, &st); err != nil {
			t.Fatal(err)
		}
		if st.Status == "done" || st.Status == "failed" {
			break
		}
		if i == 600 {
			t.Fatalf("run still %s", st.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if st.Status != "done" {
		t.Fatalf("run failed: %s", st.Error)
	}
	code, h, b := do("GET", "/api/v1/planner/runs/"+a.ID+"/files/metrics.json", "tok-r", "")
	var m struct {
		Year int `json:"year"`
	}
	if code != 200 || json.Unmarshal(b, &m) != nil || m.Year != 2027 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Errorf("metrics.json: %d %s year %d", code, h.Get("Content-Type"), m.Year)
	}
	code, _, b = do("GET", "/api/v1/planner/runs/"+a.ID+"/outputs.zip", "tok-r", "")
	if code != 200 {
		t.Fatalf("zip: %d", code)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(st.Files) {
		t.Errorf("zip holds %d files, status lists %d", len(zr.File), len(st.Files))
	}
	if err := srv.stop(); err != nil {
		t.Fatalf("serve after SIGINT: %v", err)
	}
}

// TestServeRunsDir serves with --runs-dir, redraws 2027, stops, serves
// again on the same folder and downloads the same status and metrics.json.
func TestServeRunsDir(t *testing.T) {
	data, out := smallRun(t)
	dir := filepath.Join(t.TempDir(), "runs")
	args := []string{"-q", "--data", data, "--plan", out, "--addr", "127.0.0.1:0", "--token", "tok-d", "--runs-dir", dir, "--runs-keep", "3"}
	get := func(base, path string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer tok-d")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	srv := startServe(t, args...)
	req, _ := http.NewRequest("POST", srv.base+"/api/v1/planner/runs", strings.NewReader(`{"kind": "redraw", "year": 2027}`))
	req.Header.Set("Authorization", "Bearer tok-d")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var a struct{ ID string }
	err = json.NewDecoder(resp.Body).Decode(&a)
	resp.Body.Close()
	if resp.StatusCode != 202 || err != nil || a.ID == "" {
		t.Fatalf("POST: %d %v", resp.StatusCode, err)
	}
	var status []byte
	for i := 0; ; i++ {
		code, b := get(srv.base, "/api/v1/planner/runs/"+a.ID)
		var st struct{ Status, Error string }
		if code != 200 || json.Unmarshal(b, &st) != nil {
			t.Fatalf("status: %d %s", code, b)
		}
		if st.Status == "failed" {
			t.Fatalf("run failed: %s", st.Error)
		}
		if st.Status == "done" {
			status = b
			break
		}
		if i == 600 {
			t.Fatalf("run still %s", st.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	_, metrics := get(srv.base, "/api/v1/planner/runs/"+a.ID+"/files/metrics.json")
	if err := srv.stop(); err != nil {
		t.Fatalf("serve after SIGINT: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, a.ID, "status.json")); err != nil || !bytes.Equal(b, status) {
		t.Errorf("DIR/%s/status.json: %v\n%s\nwant\n%s", a.ID, err, b, status)
	}

	again := startServe(t, args...)
	if code, b := get(again.base, "/api/v1/planner/runs/"+a.ID); code != 200 || !bytes.Equal(b, status) {
		t.Errorf("status after the restart: %d %s\nwant %s", code, b, status)
	}
	if code, b := get(again.base, "/api/v1/planner/runs/"+a.ID+"/files/metrics.json"); code != 200 || !bytes.Equal(b, metrics) {
		t.Errorf("metrics.json after the restart: %d, equal %t", code, bytes.Equal(b, metrics))
	}
	if err := again.stop(); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args    []string
		mention string
	}{
		{[]string{"--token", "tok-d", "--runs-dir", file}, "runs folder"},
		{[]string{"--runs-dir", dir}, "--token"},
		{[]string{"--runs-keep", "3"}, "--runs-dir"},
		{[]string{"--token", "tok-d", "--runs-dir", dir, "--runs-keep", "0"}, "--runs-keep"},
	} {
		_, _, err := zoning(t, append([]string{"serve", "-q", "--data", data, "--plan", out, "--addr", "127.0.0.1:0"}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("%v: %v, want an error naming %s", c.args, err, c.mention)
		}
	}
}
