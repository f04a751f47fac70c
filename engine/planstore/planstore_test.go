package planstore

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/planstore/pgtest"
)

// queries are addresses to match: each home's, the words of zones.csv,
// typos and nonsense.
func queries(p Plan) []string {
	q := []string{"呼图壁镇东风路15号", "呼图壁镇翠湖小区", "呼图壁镇园林路12号", "白杨村5组", "锦华园", "北京市海淀区", "", "'; DROP TABLE zoning.zones; --"}
	for _, h := range p.Dataset.Households {
		q = append(q, h.Address)
	}
	return q
}

// points are a grid over the plan's zones and a little beyond.
func points(p Plan) []orb.Point {
	var b orb.Bound
	for i, z := range p.Zones {
		if i == 0 {
			b = z.Geometry.Bound()
		}
		b = b.Union(z.Geometry.Bound())
	}
	var out []orb.Point
	const n = 24
	for i := -1; i <= n+1; i++ {
		for j := -1; j <= n+1; j++ {
			out = append(out, orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/n, b.Min[1] + (b.Max[1]-b.Min[1])*float64(j)/n})
		}
	}
	for _, h := range p.Dataset.Households {
		out = append(out, h.Loc)
	}
	return out
}

// TestPublishRoundTrip: the plan read back from the store answers every
// point and address exactly as the plan built from the published values.
func TestPublishRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	for _, tc := range []struct {
		name string
		plan Plan
	}{
		{"hand-made with notices and lotteries", tiny()},
		{"generated zones in force", generated(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := s.Publish(ctx, tc.plan, false)
			if err != nil {
				t.Fatal(err)
			}
			if ch.To != 1 || ch.From != 0 {
				t.Errorf("versions %d → %d, want 0 → 1", ch.From, ch.To)
			}
			if want := len(tc.plan.Dataset.Households); ch.Addresses.Added != want {
				t.Errorf("addresses added %d, want %d", ch.Addresses.Added, want)
			}
			c, err := s.Load(ctx, tc.plan.County)
			if err != nil {
				t.Fatal(err)
			}
			if c.Version != 1 || c.Name != tc.plan.Dataset.Meta.Name {
				t.Errorf("loaded %+v", c.Served)
			}
			want := oracle(t, tc.plan)
			for _, pt := range points(tc.plan) {
				g, w := answerJSON(c.Plan.Locate(pt)), answerJSON(want.Locate(pt))
				if g != w {
					t.Fatalf("Locate(%v):\n got %s\nwant %s", pt, g, w)
				}
				if _, err := want.Locate(pt); err == nil && !c.Bound.Contains(pt) {
					t.Errorf("%v is zoned but outside the bound %v", pt, c.Bound)
				}
			}
			for _, q := range queries(tc.plan) {
				g, w := answerJSON(c.Plan.Match(q)), answerJSON(want.Match(q))
				if g != w {
					t.Fatalf("Match(%q):\n got %s\nwant %s", q, g, w)
				}
			}
		})
	}
}

// TestNoPersonalData: no household or child id, and nothing of a
// household but its address and point, is in any table.
func TestNoPersonalData(t *testing.T) {
	ctx := context.Background()
	s, url := open(t)
	p := generated(t)
	if _, err := s.Publish(ctx, p, false); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// Every text of every table of the schema, one per line.
	var text string
	err = conn.QueryRow(ctx, `SELECT string_agg(t, E'\n') FROM (
		SELECT row_to_json(x)::text t FROM zoning.counties x UNION ALL
		SELECT row_to_json(x)::text FROM zoning.versions x UNION ALL
		SELECT row_to_json(x)::text FROM zoning.schools x UNION ALL
		SELECT (row_to_json(x)::jsonb - 'geom')::text FROM zoning.zones x UNION ALL
		SELECT (row_to_json(x)::jsonb - 'geom')::text FROM zoning.addresses x) a`).Scan(&text)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, h := range p.Dataset.Households {
		ids[h.ID] = true
	}
	for _, c := range p.Dataset.Children {
		ids[c.ID] = true
	}
	for id := range ids {
		if strings.Contains(text, `"`+id+`"`) {
			t.Fatalf("id %s is stored", id)
		}
	}
	var cols []string
	rows, _ := conn.Query(ctx, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'zoning' AND table_name = 'addresses' ORDER BY ordinal_position")
	cols, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cols, ","); got != "county,version,n,address,lon,lat,geom" {
		t.Errorf("zoning.addresses has columns %s", got)
	}
}

// TestVersions: a publish makes a new version served, a dry run changes
// nothing and says what would change, and only Keep versions are kept.
func TestVersions(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	p := tiny()
	if _, err := s.Publish(ctx, p, false); err != nil {
		t.Fatal(err)
	}
	// Move school A's zone: one zone changed, the multi-school zone's
	// two and the junior zone the same.
	p2 := tiny()
	p2.Zones[0].Geometry = square(86.9, 43.9, 87.1, 44.2)
	ch, err := s.Publish(ctx, p2, true)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Diff{Changed: 1, Same: 3}); ch.Zones != want {
		t.Errorf("dry run zones %+v, want %+v", ch.Zones, want)
	}
	if want := (Diff{Same: 4}); ch.Schools != want {
		t.Errorf("dry run schools %+v, want %+v", ch.Schools, want)
	}
	if want := (Diff{Same: 5}); ch.Addresses != want {
		t.Errorf("dry run addresses %+v, want %+v", ch.Addresses, want)
	}
	if !ch.DryRun || ch.From != 1 || ch.To != 2 || !strings.Contains(ch.String(), "dry run") {
		t.Errorf("dry run change %+v", ch)
	}
	vs, err := s.Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || vs[0].Version != 1 {
		t.Fatalf("after a dry run: %+v, want version 1 served", vs)
	}
	for v := 2; v <= Keep+2; v++ {
		ch, err := s.Publish(ctx, p2, false)
		if err != nil {
			t.Fatal(err)
		}
		if ch.To != v {
			t.Fatalf("published version %d, want %d", ch.To, v)
		}
	}
	c, err := s.Load(ctx, p.County)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != Keep+2 {
		t.Errorf("served version %d, want %d", c.Version, Keep+2)
	}
	a, err := c.Plan.Locate(orb.Point{87.0, 44.15})
	if err != nil || len(a.Levels) == 0 || a.Levels[0].Schools[0].SchoolID != "A" {
		t.Errorf("the moved zone not served: %+v, %v", a, err)
	}
	var kept int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM zoning.versions WHERE county = $1", p.County).Scan(&kept); err != nil {
		t.Fatal(err)
	}
	if kept != Keep {
		t.Errorf("%d versions kept, want %d", kept, Keep)
	}
}

// TestMigrate: the schema is made once, whoever of several concurrent
// callers gets there first; again, nothing is applied.
func TestMigrate(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		applied []string
		errs    []error
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := s.Migrate(ctx)
			mu.Lock()
			defer mu.Unlock()
			applied = append(applied, a...)
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(applied) != SchemaVersion() {
		t.Errorf("applied %v, want each of the %d migrations once", applied, SchemaVersion())
	}
	if a, err := s.Migrate(ctx); err != nil || len(a) != 0 {
		t.Errorf("second Migrate: %v, %v", a, err)
	}
	if _, err := s.Versions(ctx); err != nil {
		t.Errorf("Versions on an empty store: %v", err)
	}
}

// TestOpenErrors: a bad URL, a server that is not there, a database
// without PostGIS and one without the schema each say so, never with the
// password.
func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	noPostGIS := pgtest.DatabaseWithoutPostGIS(t)
	down := fmt.Sprintf("postgres://zoning:s3cret@127.0.0.1:%d/zoning?connect_timeout=2", freePort(t))
	for _, tc := range []struct {
		url  string
		want string
	}{
		{"mysql://u@h/db", "accepted: postgres://"},
		{"postgres://u:s3cret@host:notaport/db", "database URL"},
		{down, "cannot reach the database 127.0.0.1:"},
		{noPostGIS, "has no PostGIS extension"},
	} {
		s, err := Open(ctx, tc.url)
		if err == nil {
			s.Close()
			t.Errorf("Open(%q): no error", tc.url)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "s3cret") || !strings.HasPrefix(err.Error(), "planstore: ") {
			t.Errorf("Open(%q) = %v, want a planstore error with %q and no password", tc.url, err, tc.want)
		}
	}
	s, _ := open(t)
	if _, err := s.Versions(ctx); err == nil || !strings.Contains(err.Error(), "no zoning schema: publish a plan first") {
		t.Errorf("Versions before any publish: %v", err)
	}
	if _, err := s.Publish(ctx, Plan{County: "bad code!", Dataset: tiny().Dataset}, false); err == nil || !strings.Contains(err.Error(), "accepted: 1 to 32") {
		t.Errorf("bad code: %v", err)
	}
	bad := tiny()
	bad.Zones[0].SchoolID = "nosuch"
	if _, err := s.Publish(ctx, bad, false); err == nil || !strings.Contains(err.Error(), "nosuch") {
		t.Errorf("a zone of no school: %v", err)
	}
}

// TestInjection: addresses holding SQL are stored and matched as text.
func TestInjection(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	p := tiny()
	evil := []string{
		"呼图壁镇'; DROP TABLE zoning.zones; --",
		`呼图壁镇" OR 1=1 --`,
		"呼图壁镇\\'); DELETE FROM zoning.counties; --",
		"呼图壁镇$1$$; SELECT pg_sleep(10); $$",
	}
	for i, a := range evil {
		p.Dataset.Households[i].Address = a
	}
	p.Dataset.Meta.Name = "测试县'; DROP SCHEMA zoning CASCADE; --"
	p.Dataset.Index()
	if _, err := s.Publish(ctx, p, false); err != nil {
		t.Fatal(err)
	}
	c, err := s.Load(ctx, p.County)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != p.Dataset.Meta.Name {
		t.Errorf("name %q", c.Name)
	}
	want := oracle(t, p)
	for _, q := range evil {
		if g, w := answerJSON(c.Plan.Match(q)), answerJSON(want.Match(q)); g != w {
			t.Errorf("Match(%q):\n got %s\nwant %s", q, g, w)
		}
	}
	if _, err := s.Load(ctx, "x' OR '1'='1"); err == nil || !strings.Contains(err.Error(), "not published") {
		t.Errorf("Load of a code with SQL: %v", err)
	}
}

// follower records what Follow applies.
type follower struct {
	mu      sync.Mutex
	served  map[string]int
	applied chan *County
	failed  chan error
}

func (f *follower) Served() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.served {
		out[k] = v
	}
	return out
}

func (f *follower) Apply(c *County) {
	f.mu.Lock()
	f.served[c.County] = c.Version
	f.mu.Unlock()
	f.applied <- c
}

func (f *follower) Failed(county string, err error) {
	if err != nil {
		f.failed <- fmt.Errorf("%s: %w", county, err)
	}
}

// next is the next county applied; an error applied fails the test.
func (f *follower) next(t *testing.T) *County {
	t.Helper()
	select {
	case c := <-f.applied:
		return c
	case err := <-f.failed:
		t.Fatal(err)
	case <-time.After(time.Minute): // a hang, not a measure
		t.Fatal("nothing applied within a minute")
	}
	return nil
}

// TestFollowNotified: a follower polling once an hour gets a new version
// by notification.
func TestFollowNotified(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, _ := open(t)
	p := tiny()
	if _, err := s.Publish(ctx, p, false); err != nil {
		t.Fatal(err)
	}
	f := &follower{served: map[string]int{}, applied: make(chan *County, 10), failed: make(chan error, 10)}
	if err := s.Sync(ctx, f); err != nil {
		t.Fatal(err)
	}
	if c := f.next(t); c.Version != 1 {
		t.Fatalf("first sync: version %d", c.Version)
	}
	done := make(chan struct{})
	go func() { defer close(done); s.Follow(ctx, f, 1<<40) }()
	// Publish until the follower has version 2: the first publish may
	// come before LISTEN, and Follow syncs once listening in any case.
	if _, err := s.Publish(ctx, p, false); err != nil {
		t.Fatal(err)
	}
	if c := f.next(t); c.Version != 2 {
		t.Errorf("followed to version %d, want 2", c.Version)
	}
	if _, err := s.Publish(ctx, p, false); err != nil {
		t.Fatal(err)
	}
	if c := f.next(t); c.Version != 3 {
		t.Errorf("followed to version %d, want 3", c.Version)
	}
	cancel()
	<-done
}

// TestConcurrentPublish: publishes of several counties at once, on a store
// without the schema yet, each make their county's version 1, and those of
// one county queue into versions 1, 2, 3.
func TestConcurrentPublish(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := tiny()
			p.County = fmt.Sprintf("c%d", i)
			_, err := s.Publish(ctx, p, false)
			errs <- err
		}()
	}
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Publish(ctx, tiny(), false)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	vs, err := s.Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []Served{{"659999", "测试县", 3}, {"c0", "测试县", 1}, {"c1", "测试县", 1}, {"c2", "测试县", 1}, {"c3", "测试县", 1}}
	if !reflect.DeepEqual(vs, want) {
		t.Errorf("versions %+v, want %+v", vs, want)
	}
}
