package service

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/engine/planstore"
	"github.com/hutubi-edu/zoning/engine/planstore/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func box(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

// storePlan is a hand-made county at (dx, dy) degrees from 87, 44: primary
// school A west of lon 87.1+dx+split, B1 and B2 sharing the zone east of
// it, junior J for all; zones.csv's words and a lottery.
func storePlan(code, name string, dx, dy, split float64) planstore.Plan {
	p := func(x, y float64) orb.Point { return orb.Point{x + dx, y + dy} }
	ds := &dataset.Dataset{
		Meta: dataset.Meta{Name: name, BaseYear: 2024},
		Schools: []dataset.School{
			{ID: "A", Name: "甲小学", Loc: p(87.0, 44.0), PrimarySeats: 600, Address: "呼图壁镇东风路1号"},
			{ID: "B1", Name: "乙小学", Loc: p(87.2, 44.0), PrimarySeats: 600},
			{ID: "B2", Name: "丙小学", Loc: p(87.2, 44.05), PrimarySeats: 600},
			{ID: "J", Name: "丁中学", Loc: p(87.1, 44.0), JuniorSeats: 900},
		},
		Households: []dataset.Household{
			{ID: "hx0001", Loc: p(87.05, 44.0), Address: "呼图壁镇东风路10号锦华苑1栋1单元101室"},
			{ID: "hx0002", Loc: p(87.05, 44.0), Address: "呼图壁镇东风路10号锦华苑1栋1单元102室"},
			{ID: "hx0003", Loc: p(87.25, 44.05), Address: "呼图壁镇红山村3组5号"},
			{ID: "hx0004", Loc: p(87.12, 44.0), Address: "呼图壁镇园林路8号"},
			{ID: "hx0005", Loc: p(87.05, 44.05), Address: "呼图壁镇光明东头第三家"},
			{ID: "hx0006", Loc: p(87.06, 44.02), Address: "呼图壁镇'; DROP TABLE zoning.zones; --"},
			{ID: "hx0007", Loc: p(87.07, 44.02), Address: `呼图壁镇" OR 1=1; DELETE FROM zoning.counties --`},
		},
	}
	ds.Index()
	x := 87.1 + dx + split
	east := box(x, 43.9+dy, 87.3+dx, 44.1+dy)
	half := 0.5
	return planstore.Plan{
		County: code, Source: "test", Dataset: ds,
		Zones: []dataset.Zone{
			{Level: dataset.Primary, SchoolID: "A", Geometry: box(86.9+dx, 43.9+dy, x, 44.1+dy)},
			{Level: dataset.Primary, SchoolID: "B1", ZoneID: "east", Geometry: east},
			{Level: dataset.Primary, SchoolID: "B2", ZoneID: "east", Geometry: east},
			{Level: dataset.Junior, SchoolID: "J", Geometry: box(86.9+dx, 43.9+dy, 87.3+dx, 44.1+dy)},
		},
		Descriptions: []notice.Plan{{Level: "primary", Zones: []notice.Zone{
			{SchoolID: "A", SchoolName: "甲小学", Compounds: []notice.Compound{{Township: "呼图壁镇", Name: "锦华苑"}},
				Streets: []notice.Street{{Township: "呼图壁镇", Road: "东风路", Ranges: []notice.Range{{From: 1, To: 99}}}}},
		}}},
		Metrics: &engine.Metrics{Year: 2025, Lotteries: []engine.LotteryMetrics{{Level: "primary", ZoneID: "east", SchoolID: "B1", Odds: &half}}},
	}
}

// folderServer serves p as folder mode does: the plan built from the
// values published, without the store.
func folderServer(tb testing.TB, p planstore.Plan) string {
	tb.Helper()
	lp, err := lookup.New(p.Dataset, lookup.Source{Zones: p.Zones, Descriptions: p.Descriptions, Lotteries: p.Metrics.Lotteries})
	if err != nil {
		tb.Fatal(err)
	}
	return start(tb, New(lp, Options{Rate: -1}))
}

// dbServer serves the counties of the store at dbURL, following it.
func dbServer(tb testing.TB, dbURL string, poll time.Duration) string {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := planstore.Open(ctx, dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	cs := NewCounties(nil, nil)
	done := make(chan struct{})
	go func() { defer close(done); cs.Follow(ctx, st, poll) }()
	base := start(tb, New(nil, Options{Rate: -1, Counties: cs}))
	tb.Cleanup(func() { cancel(); <-done; st.Close() }) // after the server's stop
	waitReady(tb, base, nil)
	return base
}

// waitReady waits until /readyz answers 200 and, when want is not nil,
// lists those versions.
func waitReady(tb testing.TB, base string, want map[string]int) {
	tb.Helper()
	for deadline := time.Now().Add(time.Minute); ; { // a hang guard, not a measure
		r := get(tb, base+"/readyz")
		var body struct {
			Counties []CountyStatus `json:"counties"`
		}
		_ = json.Unmarshal(r.body, &body)
		got := map[string]int{}
		for _, c := range body.Counties {
			got[c.Code] = c.Version
		}
		if r.code == 200 && (want == nil || reflect.DeepEqual(got, want)) {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("not ready with %v within a minute: %d %s", want, r.code, r.body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func publish(tb testing.TB, dbURL string, ps ...planstore.Plan) {
	tb.Helper()
	st, err := planstore.Open(context.Background(), dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	for _, p := range ps {
		if _, err := st.Publish(context.Background(), p, false); err != nil {
			tb.Fatal(err)
		}
	}
}

// withoutCounty is a lookup's JSON without the county's code and version.
func withoutCounty(tb testing.TB, b []byte) (map[string]any, string, int) {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		tb.Fatalf("%v: %s", err, b)
	}
	code, _ := m["county_code"].(string)
	v, _ := m["version"].(float64)
	delete(m, "county_code")
	delete(m, "version")
	return m, code, int(v)
}

// lookups are the query strings of a county at (dx, dy): points on a grid
// and the addresses of its homes, of zones.csv and typos.
func lookups(p planstore.Plan, dx, dy float64) []string {
	var qs []string
	for i := 0; i <= 8; i++ {
		for j := 0; j <= 4; j++ {
			qs = append(qs, fmt.Sprintf("lon=%g&lat=%g", 86.92+dx+0.045*float64(i), 43.92+dy+0.04*float64(j)))
		}
	}
	for _, a := range []string{"呼图壁镇东风路15号", "呼图壁镇锦华苑", "锦华园"} {
		qs = append(qs, "address="+url.QueryEscape(a))
	}
	for _, h := range p.Dataset.Households {
		qs = append(qs, "address="+url.QueryEscape(h.Address))
	}
	return qs
}

// TestCountiesRoundTrip: a server on the store answers each county's
// points and addresses as a folder-mode server of that county does, with
// the county named; /readyz lists the counties and versions.
func TestCountiesRoundTrip(t *testing.T) {
	db := pgtest.Database(t)
	a := storePlan("659901", "甲县", 0, 0, 0)
	b := storePlan("659902", "乙县", 1, 0, 0.02) // a degree east
	publish(t, db, a, b)
	base := dbServer(t, db, time.Hour)
	waitReady(t, base, map[string]int{"659901": 1, "659902": 1})
	for _, tc := range []struct {
		p      planstore.Plan
		dx     float64
		folder string
	}{{a, 0, folderServer(t, a)}, {b, 1, folderServer(t, b)}} {
		for _, q := range lookups(tc.p, tc.dx, 0) {
			dq := q
			if a, ok := strings.CutPrefix(q, "address="); ok {
				// The same addresses in both counties: name the county.
				dq = "address=" + url.QueryEscape(tc.p.Dataset.Meta.Name) + a
			}
			got, want := get(t, base+"/api/v1/lookup?"+dq), get(t, tc.folder+"/api/v1/lookup?"+q)
			if got.code != want.code {
				t.Errorf("%s: %d, folder mode %d\n%s\n%s", q, got.code, want.code, got.body, want.body)
				continue
			}
			if got.code != 200 {
				continue
			}
			g, code, v := withoutCounty(t, got.body)
			w, _, _ := withoutCounty(t, want.body)
			if strings.HasPrefix(q, "address=") {
				delete(g, "query")
				delete(w, "query")
			}
			if !reflect.DeepEqual(g, w) || code != tc.p.County || v != 1 {
				t.Errorf("%s: county %s version %d\n got %s\nwant %s", q, code, v, got.body, want.body)
			}
		}
	}
	// An address of both counties, not named: ambiguous, with the
	// counties' names as candidates.
	r := get(t, base+"/api/v1/lookup?address="+url.QueryEscape("呼图壁镇园林路8号"))
	if r.code != 404 || !strings.Contains(string(r.body), "several counties") || !strings.Contains(string(r.body), "甲县呼图壁镇园林路8号") {
		t.Errorf("ambiguous address: %d %s", r.code, r.body)
	}
	r = get(t, base+"/api/v1/lookup?lon=80&lat=40")
	if r.code != 404 || !strings.Contains(string(r.body), "every county served (2)") {
		t.Errorf("outside: %d %s", r.code, r.body)
	}
	r = get(t, base+"/readyz")
	if r.code != 200 || !strings.Contains(string(r.body), `"name":"乙县"`) || !strings.Contains(string(r.body), `"version":1`) {
		t.Errorf("/readyz: %d %s", r.code, r.body)
	}
}

// TestSwitchUnderLoad: versions published while clients keep asking are
// switched without a failed lookup, and each answer is the whole of one
// version's (as a folder-mode server of that version answers).
func TestSwitchUnderLoad(t *testing.T) {
	db := pgtest.Database(t)
	// Version 1 and 3 split the primary zones at lon 87.1, version 2 at
	// 87.14: the points between change school.
	v1, v2 := storePlan("659901", "甲县", 0, 0, 0), storePlan("659901", "甲县", 0, 0, 0.04)
	publish(t, db, v1)
	base := dbServer(t, db, 500*time.Millisecond)
	folders := map[int]string{1: folderServer(t, v1), 2: folderServer(t, v2), 3: folderServer(t, v1)}
	var qs []string
	for _, q := range lookups(v1, 0, 0) {
		if r := get(t, folders[1]+"/api/v1/lookup?"+q); r.code == 200 { // answered in every version
			if r2 := get(t, folders[2]+"/api/v1/lookup?"+q); r2.code == 200 {
				qs = append(qs, q)
			}
		}
	}
	want := map[int]map[string]map[string]any{}
	for v, f := range folders {
		want[v] = map[string]map[string]any{}
		for _, q := range qs {
			want[v][q], _, _ = withoutCounty(t, get(t, f+"/api/v1/lookup?"+q).body)
		}
	}
	var (
		stop     atomic.Bool
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures []string
		seen     = map[int]int{}
		total    atomic.Int64
	)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; !stop.Load(); i++ {
				q := qs[i%len(qs)]
				r := get(t, base+"/api/v1/lookup?"+q)
				total.Add(1)
				mu.Lock()
				if r.code != 200 {
					failures = append(failures, fmt.Sprintf("%s: %d %s", q, r.code, r.body))
				} else {
					g, _, v := withoutCounty(t, r.body)
					if strings.HasPrefix(q, "address=") {
						delete(g, "query")
						delete(want[v][q], "query")
					}
					seen[v]++
					if !reflect.DeepEqual(g, want[v][q]) {
						failures = append(failures, fmt.Sprintf("%s: version %d answered %s", q, v, r.body))
					}
				}
				mu.Unlock()
			}
		}()
	}
	for total.Load() < 200 {
		time.Sleep(5 * time.Millisecond)
	}
	publish(t, db, v2)
	waitReady(t, base, map[string]int{"659901": 2})
	for n := total.Load(); total.Load() < n+200; {
		time.Sleep(5 * time.Millisecond)
	}
	publish(t, db, v1)
	waitReady(t, base, map[string]int{"659901": 3})
	for n := total.Load(); total.Load() < n+200; {
		time.Sleep(5 * time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("%d of %d lookups failed, first: %s", len(failures), total.Load(), failures[0])
	}
	if seen[1] == 0 || seen[2] == 0 || seen[3] == 0 {
		t.Errorf("answers by version %v: a version never served", seen)
	}
}

// TestReplicas: two servers on one database answer the same, and both
// follow a new version.
func TestReplicas(t *testing.T) {
	db := pgtest.Database(t)
	p := storePlan("659901", "甲县", 0, 0, 0)
	publish(t, db, p)
	r1, r2 := dbServer(t, db, time.Hour), dbServer(t, db, time.Hour)
	same := func(version int) {
		for _, q := range lookups(p, 0, 0) {
			a, b := get(t, r1+"/api/v1/lookup?"+q), get(t, r2+"/api/v1/lookup?"+q)
			if a.code != b.code || string(a.body) != string(b.body) {
				t.Errorf("%s: replicas differ:\n%d %s\n%d %s", q, a.code, a.body, b.code, b.body)
			}
			if _, _, v := withoutCounty(t, a.body); a.code == 200 && v != version {
				t.Errorf("%s: version %d, want %d", q, v, version)
			}
		}
	}
	same(1)
	publish(t, db, storePlan("659901", "甲县", 0, 0, 0.04))
	waitReady(t, r1, map[string]int{"659901": 2})
	waitReady(t, r2, map[string]int{"659901": 2})
	same(2)
}

// TestCountiesNotReady: before the first load, and with no county
// published, /readyz and the lookups answer 503.
func TestCountiesNotReady(t *testing.T) {
	cs := NewCounties(nil, nil)
	base := start(t, New(nil, Options{Rate: -1, Counties: cs}))
	for _, path := range []string{"/readyz", "/api/v1/lookup?lon=87&lat=44"} {
		if r := get(t, base+path); r.code != 503 || r.header.Get("Retry-After") == "" {
			t.Errorf("%s before the load: %d %s", path, r.code, r.body)
		}
	}
	cs.Loaded()
	if r := get(t, base+"/readyz"); r.code != 503 || !strings.Contains(string(r.body), "zoning publish") {
		t.Errorf("/readyz with no county: %d %s", r.code, r.body)
	}
}

// FuzzCountiesMatch: whatever the address, two counties' Match answers
// with one of them or an error, never a panic, and a county it answers with
// has the place in its own plan.
func FuzzCountiesMatch(f *testing.F) {
	for _, s := range []string{"甲县呼图壁镇园林路8号", "呼图壁镇园林路8号", "乙县", "甲县乙县呼图壁镇锦华苑", "锦华园", "", " ", "'; DROP TABLE zoning.zones; --", "\xff\xfe", strings.Repeat("县", 300)} {
		f.Add(s)
	}
	cs := NewCounties(nil, nil)
	for i, name := range []string{"甲县", "乙县"} {
		p := storePlan(fmt.Sprintf("65990%d", i+1), name, float64(i), 0, 0)
		lp, err := lookup.New(p.Dataset, lookup.Source{Zones: p.Zones, Descriptions: p.Descriptions, Lotteries: p.Metrics.Lotteries})
		if err != nil {
			f.Fatal(err)
		}
		c := &planstore.County{Plan: lp, Prefixes: []string{"新疆维吾尔自治区", name}}
		c.County, c.Name, c.Version = p.County, name, 1
		cs.Apply(c)
	}
	cs.Loaded()
	f.Fuzz(func(t *testing.T, addr string) {
		k, m, err := cs.Match(addr)
		if err != nil {
			if k != nil || m.Answer != nil {
				t.Errorf("Match(%q) failed with a county or an answer: %v", addr, err)
			}
			return
		}
		if k == nil || m.Answer == nil || m.Answer.County != k.Name {
			t.Fatalf("Match(%q) = %v, %+v", addr, k, m)
		}
	})
}

// TestDatabaseLost: when the database goes away the counties loaded are
// still served, and /readyz tells of the lost connection.
func TestDatabaseLost(t *testing.T) {
	pgtest.Shared(t) // skipped without PostgreSQL, as the others
	c, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	db, err := c.CreateDatabase(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	p := storePlan("659901", "甲县", 0, 0, 0)
	publish(t, db, p)
	base := dbServer(t, db, 100*time.Millisecond)
	q := "/api/v1/lookup?lon=87.05&lat=44.05"
	before := get(t, base+q)
	if before.code != 200 {
		t.Fatalf("%s: %d %s", q, before.code, before.body)
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; { // a hang guard
		r := get(t, base+"/readyz")
		if r.code != 200 {
			t.Fatalf("/readyz after the database went: %d %s", r.code, r.body)
		}
		if strings.Contains(string(r.body), `"failures"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz tells no failure: %s", r.body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if after := get(t, base+q); after.code != 200 || string(after.body) != string(before.body) {
		t.Errorf("after the database went: %d %s, before %s", after.code, after.body, before.body)
	}
}
