package service

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
)

// smallPlan is a hand-made plan: one primary and one junior zone, the box
// 86.9–87.3 × 43.9–44.1, and one compound.
func smallPlan(tb testing.TB) *lookup.Plan {
	tb.Helper()
	box := orb.MultiPolygon{{{{86.9, 43.9}, {87.3, 43.9}, {87.3, 44.1}, {86.9, 44.1}, {86.9, 43.9}}}}
	ds := &dataset.Dataset{
		Meta: dataset.Meta{Name: "示例县"},
		Schools: []dataset.School{
			{ID: "p1", Name: "示例县第一小学", Loc: orb.Point{87.0, 44.0}, PrimarySeats: 600},
			{ID: "j1", Name: "示例县第一中学", Loc: orb.Point{87.1, 44.0}, JuniorSeats: 600},
		},
		Households: []dataset.Household{{ID: "hh01", Loc: orb.Point{87.05, 44.0}, Address: "呼图壁镇东风路10号锦华苑1栋1单元101室"}},
	}
	p, err := lookup.New(ds, lookup.Source{Zones: []dataset.Zone{
		{Level: dataset.Primary, SchoolID: "p1", Geometry: box},
		{Level: dataset.Junior, SchoolID: "j1", Geometry: box},
	}})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// FuzzLookupQuery: whatever the query string, the lookup answers JSON with
// a 2xx or 4xx code (never 5xx), an error body on 4xx, and no household id.
func FuzzLookupQuery(f *testing.F) {
	for _, q := range []string{"address=%E9%94%A6%E5%8D%8E%E8%8B%91", "lon=87&lat=44", "lon=87&lat=44&crs=bd09", "lon=x", "address=&lon=1",
		"lat=1e400&lon=-1e400", "address=%ff%fe", "crs=gcj02", ";;&&=="} {
		f.Add(q)
	}
	s := New(smallPlan(f), Options{Rate: -1})
	f.Fuzz(func(t *testing.T, raw string) {
		if strings.ContainsAny(raw, " #\r\n\x00") {
			return // not a query string a client can send
		}
		req := httptest.NewRequest(http.MethodGet, "/api/v1/lookup", nil)
		req.URL.RawQuery = raw
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%q: %d %s", raw, rec.Code, rec.Body)
		}
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%q: not JSON: %s", raw, rec.Body)
		}
		if _, ok := body["error"]; (rec.Code >= 400) != ok {
			t.Fatalf("%q: %d with body %s", raw, rec.Code, rec.Body)
		}
		if strings.Contains(rec.Body.String(), "hh01") {
			t.Fatalf("%q leaks the household id: %s", raw, rec.Body)
		}
	})
}

// TestConcurrentUse: lookups, metrics and plan swaps from many goroutines
// (run with -race); the request counter adds up.
func TestConcurrentUse(t *testing.T) {
	plan := smallPlan(t)
	s := New(plan, Options{Rate: -1})
	const workers, each = 8, 100
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				target := "/api/v1/lookup?lon=87.05&lat=44"
				if i%2 == 1 {
					target = "/api/v1/lookup?address=%E9%94%A6%E5%8D%8E%E8%8B%91"
				}
				rec := httptest.NewRecorder()
				s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
				if rec.Code != 200 {
					t.Errorf("%s: %d %s", target, rec.Code, rec.Body)
					return
				}
				if i%25 == 0 {
					s.SetPlan(plan)
					s.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/metrics", nil))
				}
			}
		}(w)
	}
	wg.Wait()
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	want := fmt.Sprintf(`zoning_http_requests_total{route="/api/v1/lookup",code="200"} %d`, workers*each)
	if !strings.Contains(rec.Body.String(), want) {
		t.Errorf("metrics lack %q:\n%s", want, rec.Body)
	}
}
