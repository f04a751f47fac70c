package service

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// runAssembled runs a on 127.0.0.1:0 in the background; stop ends it and
// returns Run's error; done receives Run's error when it returns by
// itself.
func runAssembled(t *testing.T, a *Assembled) (base string, stop func() error, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- a.Run(ctx, ln) }()
	t.Cleanup(cancel)
	return "http://" + ln.Addr().String(), func() error { cancel(); return <-ran }, ran
}

// TestAssemblePlanFolder: a server assembled on a plan folder answers
// lookups under the folder's zones at once, and its map shows the year of
// the folder's metrics.json.
func TestAssemblePlanFolder(t *testing.T) {
	box := orb.Polygon{{{86.9, 43.9}, {87.3, 43.9}, {87.3, 44.1}, {86.9, 44.1}, {86.9, 43.9}}}
	ds := &dataset.Dataset{
		Meta: dataset.Meta{Name: "示例县"},
		Schools: []dataset.School{
			{ID: "p1", Name: "示例县第一小学", Loc: orb.Point{87.0, 44.0}, PrimarySeats: 600},
			{ID: "j1", Name: "示例县第一中学", Loc: orb.Point{87.1, 44.0}, JuniorSeats: 600},
		},
	}
	fc := geojson.NewFeatureCollection()
	for _, z := range [][2]string{{"primary", "p1"}, {"junior", "j1"}} {
		f := geojson.NewFeature(box)
		f.Properties["level"], f.Properties["school_id"] = z[0], z[1]
		fc.Append(f)
	}
	b, err := fc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{engine.ZonesFile: b, engine.MetricsFile: []byte(`{"year": 2027}`)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, err := Assemble(Setup{Options: Options{Rate: -1}, Dataset: ds, PlanDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	base, stop, _ := runAssembled(t, a)
	if r := get(t, base+"/readyz"); r.code != 200 {
		t.Errorf("readyz %d, want 200 at once", r.code)
	}
	if r := get(t, base+"/api/v1/lookup?lon=87.05&lat=44.0"); r.code != 200 || !strings.Contains(string(r.body), "示例县第一小学") {
		t.Errorf("lookup: %d %s", r.code, r.body)
	}
	if r := get(t, base+"/api/v1/web"); r.code != 200 || !strings.Contains(string(r.body), `"year":2027`) {
		t.Errorf("web: %d %s", r.code, r.body)
	}
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}

	// The folder's problems, at their lines, before serving.
	if err := os.WriteFile(filepath.Join(dir, engine.ZonesFile), []byte(strings.Replace(string(b), `"p1"`, `"p9"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Assemble(Setup{Dataset: ds, PlanDir: dir}); err == nil || !strings.Contains(err.Error(), `zones.geojson:1: feature 1: school_id "p9"`) {
		t.Errorf("bad folder: %v", err)
	}
}

// TestAssembleJob: without a plan folder the job runs once the server
// listens, /readyz answers 503 until it is done, and a job that fails stops
// the server with its error.
func TestAssembleJob(t *testing.T) {
	release := make(chan struct{})
	a, err := Assemble(Setup{Options: Options{Rate: -1}, Dataset: &dataset.Dataset{},
		Job: func(ctx context.Context) (*engine.Result, error) {
			<-release
			return nil, errors.New("the job failed")
		}})
	if err != nil {
		t.Fatal(err)
	}
	base, _, done := runAssembled(t, a)
	if r := get(t, base+"/readyz"); r.code != 503 {
		t.Errorf("readyz %d while the job runs, want 503", r.code)
	}
	close(release)
	select {
	case err := <-done:
		if err == nil || err.Error() != "the job failed" {
			t.Errorf("Run: %v, want the job's error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server still serves after its job failed")
	}
	if _, err := Assemble(Setup{Dataset: &dataset.Dataset{}}); err == nil {
		t.Error("assembled without a plan folder or a job")
	}
}
