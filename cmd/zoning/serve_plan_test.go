package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb/geojson"
)

// TestServeWebMapFromPlan serves a real run's output folder with --plan:
// the map's page loads, the zones are the folder's, the schools' figures
// are metrics.json's, and the what-if answers 503 (it needs a run).
func TestServeWebMapFromPlan(t *testing.T) {
	data, out := smallRun(t)
	srv := startServe(t, "-q", "--data", data, "--plan", out, "--addr", "127.0.0.1:0", "--token", "tok-2")
	base := srv.base
	call := func(method, path, token string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(`{"level":"primary","unit":0,"school_id":"?"}`))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}

	if code, b := call("GET", "/", ""); code != 200 || !strings.Contains(string(b), "app.js") {
		t.Errorf("/: %d %.200s", code, b)
	}
	if code, b := call("POST", "/api/v1/planner/whatif", "tok-2"); code != 503 || !strings.Contains(string(b), "what-if needs a run of the dataset") {
		t.Errorf("whatif: %d %s", code, b)
	}

	// Zones: per level, the folder's zones.geojson school ids, in order.
	zb, err := os.ReadFile(filepath.Join(out, "zones.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	folder, err := geojson.UnmarshalFeatureCollection(zb)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs := map[string][]string{}
	for _, f := range folder.Features {
		l := f.Properties.MustString("level", "")
		wantIDs[l] = append(wantIDs[l], f.Properties.MustString("school_id", ""))
	}
	if len(wantIDs["primary"]) == 0 {
		t.Fatal("the run wrote no primary zone")
	}
	for l, ids := range wantIDs {
		code, b := call("GET", "/api/v1/zones?level="+l, "")
		if code != 200 {
			t.Fatalf("zones %s: %d %s", l, code, b)
		}
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fc.Features {
			got = append(got, f.Properties.MustString("school_id", ""))
		}
		if strings.Join(got, ",") != strings.Join(ids, ",") {
			t.Errorf("zones %s: %v, want %v", l, got, ids)
		}
	}

	// Schools: every section of metrics.json with its figures.
	mb, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Schools []struct {
			SchoolID       string   `json:"school_id"`
			Level          string   `json:"level"`
			Entrants       int      `json:"entrants"`
			IntakeCapacity int      `json:"intake_capacity"`
			StudentsTotal  int      `json:"students_total"`
			Classes        int      `json:"classes"`
			Zoned          int      `json:"zoned"`
			MeanDistanceM  *float64 `json:"mean_distance_m"`
		} `json:"schools"`
	}
	if err := json.Unmarshal(mb, &m); err != nil || len(m.Schools) == 0 {
		t.Fatalf("metrics.json: %v, %d schools", err, len(m.Schools))
	}
	code, b := call("GET", "/api/v1/schools", "")
	if code != 200 {
		t.Fatalf("schools: %d %s", code, b)
	}
	var schools []struct {
		ID     string `json:"id"`
		Levels []struct {
			Level          string   `json:"level"`
			Entrants       int      `json:"entrants"`
			IntakeCapacity int      `json:"intake_capacity"`
			Zoned          int      `json:"zoned"`
			Students       int      `json:"students"`
			Classes        int      `json:"classes"`
			MeanDistanceM  *float64 `json:"mean_distance_m"`
		} `json:"levels"`
	}
	if err := json.Unmarshal(b, &schools); err != nil {
		t.Fatal(err)
	}
	type key struct{ id, level string }
	got := map[key]string{}
	for _, s := range schools {
		for _, l := range s.Levels {
			d, _ := json.Marshal(l.MeanDistanceM)
			got[key{s.ID, l.Level}] = strings.Join([]string{itoa(l.Entrants), itoa(l.IntakeCapacity), itoa(l.Students), itoa(l.Classes), itoa(l.Zoned), string(d)}, "/")
		}
	}
	if len(got) != len(m.Schools) {
		t.Errorf("%d sections served, metrics.json has %d", len(got), len(m.Schools))
	}
	for _, s := range m.Schools {
		d, _ := json.Marshal(s.MeanDistanceM)
		want := strings.Join([]string{itoa(s.Entrants), itoa(s.IntakeCapacity), itoa(s.StudentsTotal), itoa(s.Classes), itoa(s.Zoned), string(d)}, "/")
		if got[key{s.SchoolID, s.Level}] != want {
			t.Errorf("%s %s: %q, want %q (metrics.json)", s.SchoolID, s.Level, got[key{s.SchoolID, s.Level}], want)
		}
	}
	if err := srv.stop(); err != nil {
		t.Fatalf("serve after SIGINT: %v", err)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
