package engine_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/zones"
)

// pinCounty is a generated plains county (compounds, 附 houses and villages
// in a county seat, with zones in force) and its stepper.
type pinCounty struct {
	ds       *dataset.Dataset
	place    []string // the generator's truth: each household's place
	st       *engine.Stepper
	us       *zones.Units
	year     int
	capacity []int       // this year's primary intake per school
	entrants map[int]int // primary entrants per household
	primary  []int       // public schools with a primary section
}

func newPinCounty(t *testing.T, seed uint64, children int) *pinCounty {
	t.Helper()
	ds, tr, err := county.Generate(county.Spec{Family: county.Plains, Seed: seed, ZonesInForce: true, Children: children})
	if err != nil {
		t.Fatal(err)
	}
	st, err := engine.NewStepper(ds, engine.RunOptions{Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	c := &pinCounty{ds: ds, place: tr.Place, st: st, us: st.Units(), year: ds.Meta.BaseYear + 1, entrants: map[int]int{}}
	c.capacity = engine.BaseEnrolment(ds).IntakeCapacity(ds, dataset.Primary, true)
	for _, ci := range engine.Entrants(ds, c.year, dataset.Primary) {
		c.entrants[ds.HouseholdIndex(ds.Children[ci].HouseholdID)]++
	}
	for j, s := range ds.Schools {
		if s.Public && s.HasLevel(dataset.Primary) && c.capacity[j] > 0 {
			c.primary = append(c.primary, j)
		}
	}
	return c
}

// lock is one line of a locks file the test writes: a place (an address,
// or a point) pinned to a school.
type lock struct {
	school int
	addr   string
	pt     *orb.Point
}

// locksFile writes the locks; the pin of locks[i] is on line i+2.
func (c *pinCounty) locksFile(locks []lock) string {
	var b strings.Builder
	b.WriteString("level,school_id,lock,address,lon,lat\n")
	for _, l := range locks {
		if l.pt != nil {
			fmt.Fprintf(&b, "primary,%s,pin,,%.7f,%.7f\n", c.ds.Schools[l.school].ID, l.pt[0], l.pt[1])
		} else {
			fmt.Fprintf(&b, "primary,%s,pin,%s,,\n", c.ds.Schools[l.school].ID, l.addr)
		}
	}
	return b.String()
}

// outcome is what a redraw with locks did.
type outcome struct {
	kept    bool
	reasons []string // the kinds of refusal, one per problem
	probs   dataset.Problems
}

// redraw runs the year with the locks and checks the outcome: every pin
// kept (each home of the place in the school's zone, by the run's home
// zones and by the zone's polygon, tested here point in polygon), or the
// run refused with problems at lines of pins, each for a reason this test
// confirms on its own.
func (c *pinCounty) redraw(t *testing.T, locks []lock) outcome {
	t.Helper()
	body := c.locksFile(locks)
	lk, err := engine.ReadLocks(strings.NewReader(body), "locks.csv", c.ds)
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	yr, err := c.st.Step(context.Background(), engine.BaseEnrolment(c.ds), engine.StepOptions{Final: true, Locks: lk})
	if err != nil {
		var probs dataset.Problems
		if !errors.As(err, &probs) {
			t.Fatalf("%s: the run failed without a locks problem: %v", body, err)
		}
		out := outcome{probs: probs}
		for _, p := range probs {
			out.reasons = append(out.reasons, c.confirm(t, body, lk, p))
		}
		return out
	}
	lr := yr.Level(dataset.Primary)
	for i, pin := range lk.Pins {
		k := lr.ZonedIndex(pin.School)
		if k < 0 {
			t.Fatalf("%s: line %d: the school has no zone, and the run did not refuse", body, pin.Line)
		}
		homes := c.homesOf(pin)
		outZone, outPoly := 0, 0
		for _, h := range homes {
			if lr.HomeZone[h] != lr.Zoned[k].Zone {
				outZone++
			}
			if !inMultiPolygon(lr.Zoned[k].Polygon, c.ds.Households[h].Loc) {
				outPoly++
			}
		}
		if outZone+outPoly > 0 {
			t.Errorf("%s: line %d (%s) not kept: %d of %d homes outside the zone, %d outside its polygon",
				body, pin.Line, locks[i].addr, outZone, len(homes), outPoly)
		}
		// The generator's truth: every home of the place, however its
		// address is written.
		if pin.Loc == nil {
			truth, in := 0, 0
			for h := range c.ds.Households {
				if c.place[h] == c.place[pin.Households[0]] {
					truth++
					if lr.HomeZone[h] == lr.Zoned[k].Zone {
						in++
					}
				}
			}
			if in < truth {
				t.Errorf("%s: line %d: %d of the %d homes of %s (the generator's place) in the zone; the pin names %d", body, pin.Line, in, truth, c.place[pin.Households[0]], len(pin.Households))
			}
		}
	}
	return outcome{kept: true}
}

// homesOf returns the homes a pin keeps: those its address names, or those
// of the unit at its point.
func (c *pinCounty) homesOf(pin engine.Pin) []int {
	if pin.Loc != nil {
		return c.us.Units[c.us.UnitAt(*pin.Loc)].Homes
	}
	return pin.Households
}

// unitsOf returns the units of a pin, ascending.
func (c *pinCounty) unitsOf(pin engine.Pin) []int {
	var out []int
	for _, h := range pin.Households {
		out = append(out, c.us.HomeUnit[h])
	}
	if pin.Loc != nil {
		out = append(out, c.us.UnitAt(*pin.Loc))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var (
	reOne     = regexp.MustCompile(`has (\d+) primary entrants in (\d+)(?:, (\d+) with the homes around it that no zone boundary can pass between,)? and .* takes (\d+): the school cannot seat them$`)
	reSeveral = regexp.MustCompile(`\(lines? ([\d, and]+)\) have (\d+) primary entrants in (\d+) and it takes (\d+): the school cannot seat them all$`)
	reLine    = regexp.MustCompile(`on line (\d+)|\(line (\d+)\)`)
	reLines   = regexp.MustCompile(`lines? ([\d, and]+)`)
)

// confirm checks one problem of a refused run on the test's own terms and
// returns its kind.
func (c *pinCounty) confirm(t *testing.T, body string, lk *engine.Locks, p dataset.Problem) string {
	t.Helper()
	if p.File != "locks.csv" {
		t.Errorf("%s: problem %v: file %q, want locks.csv", body, p, p.File)
	}
	at := slices.IndexFunc(lk.Pins, func(pin engine.Pin) bool { return pin.Line == p.Line })
	if at < 0 {
		t.Errorf("%s: problem %v is at no pin's line", body, p)
		return "?"
	}
	pin := lk.Pins[at]
	byLine := func(line int) *engine.Pin {
		for i := range lk.Pins {
			if lk.Pins[i].Line == line {
				return &lk.Pins[i]
			}
		}
		t.Fatalf("%s: problem %v names line %d, no pin", body, p, line)
		return nil
	}
	lines := func(s string) []int {
		var out []int
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
		return out
	}
	// The entrants of the units of the pins to the school up to the line,
	// each unit once.
	seated := func(upTo int) int {
		units := map[int]bool{}
		n := 0
		for _, o := range lk.Pins[:upTo+1] {
			if o.School != pin.School {
				continue
			}
			for _, u := range c.unitsOf(o) {
				if !units[u] {
					units[u] = true
					for _, h := range c.us.Units[u].Homes {
						n += c.entrants[h]
					}
				}
			}
		}
		return n
	}
	switch msg := p.Msg; {
	case strings.HasSuffix(msg, "the school cannot seat them"):
		m := reOne.FindStringSubmatch(msg)
		if m == nil {
			t.Errorf("%s: %v: no figures", body, p)
			return "intake"
		}
		own, placed := 0, 0
		for _, u := range c.unitsOf(pin) {
			for _, h := range c.us.Units[u].Homes {
				own += c.entrants[h]
			}
		}
		for _, h := range pin.Households {
			placed += c.entrants[h]
		}
		total := m[1]
		if m[3] != "" {
			total = m[3]
			if m[1] != strconv.Itoa(placed) {
				t.Errorf("%s: %v: the test counts %d entrants in the place itself", body, p, placed)
			}
		}
		if total != strconv.Itoa(own) || m[2] != strconv.Itoa(c.year) || m[4] != strconv.Itoa(c.capacity[pin.School]) || own <= c.capacity[pin.School] {
			t.Errorf("%s: %v: the test counts %d entrants in %d for an intake of %d", body, p, own, c.year, c.capacity[pin.School])
		}
		return "intake"
	case strings.HasSuffix(msg, "the school cannot seat them all"):
		m := reSeveral.FindStringSubmatch(msg)
		n := seated(at)
		if m == nil || m[2] != strconv.Itoa(n) || m[4] != strconv.Itoa(c.capacity[pin.School]) || n <= c.capacity[pin.School] {
			t.Errorf("%s: %v: the test counts %d entrants for an intake of %d", body, p, n, c.capacity[pin.School])
		}
		for _, l := range lines(m[1]) {
			if o := byLine(l); o.School != pin.School {
				t.Errorf("%s: %v: line %d pins another school", body, p, l)
			}
		}
		return "intake (several)"
	case strings.Contains(msg, "one place cannot be in two zones"), strings.Contains(msg, "lie too close together"):
		m := reLine.FindStringSubmatch(msg)
		l, _ := strconv.Atoi(m[1] + m[2])
		o := byLine(l)
		shared := false
		for _, u := range c.unitsOf(pin) {
			shared = shared || slices.Contains(c.unitsOf(*o), u)
		}
		if !shared || o.School == pin.School || l >= p.Line {
			t.Errorf("%s: %v: lines %d and %d share no unit, or pin one school", body, p, l, p.Line)
		}
		return "two schools"
	case strings.Contains(msg, "lies too close to the campus of"):
		found := false
		for _, j := range c.primary {
			if j != pin.School && strings.Contains(msg, c.ds.Schools[j].Name) && slices.Contains(c.unitsOf(pin), c.us.UnitAt(c.ds.Schools[j].Loc)) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: %v: no unit of the place holds the named campus", body, p)
		}
		return "campus"
	case strings.Contains(msg, "cannot be joined"):
		// The lines named pin other schools.
		if m := reLines.FindStringSubmatch(msg); m != nil {
			for _, l := range lines(m[1]) {
				if o := byLine(l); o.School == pin.School {
					t.Errorf("%s: %v: line %d pins the same school", body, p, l)
				}
			}
		}
		if strings.Contains(msg, "every way there runs through") && c.reachable(lk, pin) {
			t.Errorf("%s: %v: the test finds a way of units not pinned elsewhere nor holding a campus", body, p)
		}
		return "cannot be joined"
	}
	t.Errorf("%s: unexpected problem %v", body, p)
	return "?"
}

// reachable reports whether every unit of the pin can be reached from its
// school's campus through units no other pin holds nor another school's
// campus (a campus the zones in force give to another school does not
// block).
func (c *pinCounty) reachable(lk *engine.Locks, pin engine.Pin) bool {
	blocked := map[int]bool{}
	for _, o := range lk.Pins {
		if o.School != pin.School {
			for _, u := range c.unitsOf(o) {
				blocked[u] = true
			}
		}
	}
	for _, j := range c.primary {
		if j != pin.School {
			blocked[c.us.UnitAt(c.ds.Schools[j].Loc)] = true
		}
	}
	start := c.us.UnitAt(c.ds.Schools[pin.School].Loc)
	seen := map[int]bool{start: true}
	queue := []int{start}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, y := range c.us.Adj[x] {
			if !seen[y] && !blocked[y] {
				seen[y] = true
				queue = append(queue, y)
			}
		}
	}
	for _, u := range c.unitsOf(pin) {
		if !seen[u] {
			return false
		}
	}
	return true
}

// inMultiPolygon reports whether p lies inside mp (even-odd rule over every
// ring: holes and parts alike).
func inMultiPolygon(mp orb.MultiPolygon, p orb.Point) bool {
	in := false
	for _, poly := range mp {
		for _, ring := range poly {
			for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
				a, b := ring[i], ring[j]
				if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
					in = !in
				}
			}
		}
	}
	return in
}

// TestPinsKeptOrRefused pins random places (compounds, village groups and
// houses: any household's address) of generated plains counties to random
// schools, one at a time and several together (some to one school), and
// requires each run to keep every pin or refuse it for a reason the test
// confirms.
func TestPinsKeptOrRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("redraws generated counties")
	}
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			t.Parallel()
			c := newPinCounty(t, seed, 4000)
			rng := rand.New(rand.NewPCG(seed, 0x9175))
			// Places drawn at random, each once: the address of a random
			// household of a compound, village group or house not drawn
			// yet.
			parser := c.ds.Parser()
			drawn := map[string]bool{}
			place := func() string {
				for {
					addr := c.ds.Households[rng.IntN(len(c.ds.Households))].Address
					if a := parser.Parse(addr); !drawn[a.PlaceName()] {
						drawn[a.PlaceName()] = true
						return addr
					}
				}
			}
			var runs [][]lock
			for range 5 {
				runs = append(runs, []lock{{school: c.primary[rng.IntN(len(c.primary))], addr: place()}})
			}
			for range 3 {
				// Four pins, to two schools.
				two := []int{c.primary[rng.IntN(len(c.primary))], c.primary[rng.IntN(len(c.primary))]}
				var ls []lock
				for i := range 4 {
					ls = append(ls, lock{school: two[i%2], addr: place()})
				}
				runs = append(runs, ls)
			}
			kept, pins, refused := 0, 0, map[string]int{}
			for _, ls := range runs {
				out := c.redraw(t, ls)
				if out.kept {
					kept++
					pins += len(ls)
					continue
				}
				for _, r := range out.reasons {
					refused[r]++
				}
				t.Logf("refused: %v", out.probs)
			}
			t.Logf("%d places in %d runs: %d runs kept their %d pins, refused %v", len(drawn), len(runs), kept, pins, refused)
			if kept == 0 {
				t.Error("no run kept its pins")
			}
		})
	}
}

// TestPinRefusals makes each kind of refusal on purpose and checks its
// words and figures.
func TestPinRefusals(t *testing.T) {
	if testing.Short() {
		t.Skip("redraws a generated county")
	}
	c := newPinCounty(t, 3, 0)
	ds, us := c.ds, c.us
	parser := ds.Parser()
	// The places by key, with their units and entrants.
	type place struct {
		addr     string
		homes    []int
		units    []int
		entrants int
	}
	byKey := map[string]*place{}
	var keys []string
	for h := range ds.Households {
		k := parser.Parse(ds.Households[h].Address).Key()
		p := byKey[k]
		if p == nil {
			p = &place{addr: ds.Households[h].Address}
			byKey[k] = p
			keys = append(keys, k)
		}
		p.homes = append(p.homes, h)
		if u := us.HomeUnit[h]; !slices.Contains(p.units, u) {
			p.units = append(p.units, u)
		}
	}
	for _, p := range byKey {
		for _, u := range p.units {
			for _, h := range us.Units[u].Homes {
				p.entrants += c.entrants[h]
			}
		}
	}
	campusOf := map[int]int{}
	for _, j := range c.primary {
		campusOf[us.UnitAt(ds.Schools[j].Loc)] = j
	}
	holdsCampus := func(p *place) bool {
		for _, u := range p.units {
			if _, ok := campusOf[u]; ok {
				return true
			}
		}
		return false
	}
	smallest := c.primary[0]
	for _, j := range c.primary {
		if c.capacity[j] < c.capacity[smallest] {
			smallest = j
		}
	}
	want := func(name string, out outcome, line int, kind string, words ...string) {
		t.Helper()
		if out.kept {
			t.Errorf("%s: kept, want refused (%s)", name, kind)
			return
		}
		for i, p := range out.probs {
			if p.Line != line || out.reasons[i] != kind {
				continue
			}
			for _, w := range words {
				if !strings.Contains(p.Msg, w) {
					t.Errorf("%s: %v lacks %q", name, p, w)
				}
			}
			t.Logf("%s: %v", name, p)
			return
		}
		t.Errorf("%s: problems %v, want one at line %d of kind %s", name, out.probs, line, kind)
	}

	// The school cannot seat one place.
	var big *place
	for _, k := range keys {
		if p := byKey[k]; !holdsCampus(p) && p.entrants > c.capacity[smallest] && (big == nil || p.entrants > big.entrants) {
			big = p
		}
	}
	if big == nil {
		t.Fatalf("no place has more than %d entrants", c.capacity[smallest])
	}
	want("intake", c.redraw(t, []lock{{school: smallest, addr: big.addr}}), 2, "intake",
		fmt.Sprintf("primary entrants in %d", c.year), fmt.Sprintf("takes %d", c.capacity[smallest]),
		parser.Parse(big.addr).PlaceName(), ds.Schools[smallest].Name)

	// Nor several, each of which it could seat.
	var several []lock
	sum := 0
	taken := map[int]bool{}
	for _, k := range keys {
		p := byKey[k]
		if holdsCampus(p) || p.entrants == 0 || p.entrants > c.capacity[smallest]/2 || slices.ContainsFunc(p.units, func(u int) bool { return taken[u] }) {
			continue
		}
		several = append(several, lock{school: smallest, addr: p.addr})
		sum += p.entrants
		for _, u := range p.units {
			taken[u] = true
		}
		if sum > c.capacity[smallest] {
			break
		}
	}
	out := c.redraw(t, several)
	want("intake (several)", out, len(several)+1, "intake (several)", "the places pinned to "+ds.Schools[smallest].Name)

	// A place that holds another school's campus.
	for _, k := range keys {
		p := byKey[k]
		j, ok := campusOf[p.units[0]]
		if !ok || len(p.units) > 1 {
			continue
		}
		other := c.primary[0]
		if other == j {
			other = c.primary[1]
		}
		want("campus", c.redraw(t, []lock{{school: other, addr: p.addr}}), 2, "campus", ds.Schools[j].Name)
		break
	}

	// One place to two schools (another address of it on the second line).
	var free *place
	for _, k := range keys {
		if p := byKey[k]; !holdsCampus(p) && len(p.homes) > 1 && p.entrants < c.capacity[smallest] {
			free = p
			break
		}
	}
	other := ds.Households[free.homes[len(free.homes)-1]].Address
	want("two schools", c.redraw(t, []lock{{school: c.primary[0], addr: free.addr}, {school: c.primary[1], addr: other}}), 3, "two schools",
		"here and to", "on line 2")

	// A place whose every way to its school runs through places pinned to
	// another: a unit with homes away from the campuses, its neighbours
	// pinned (by points) to the school nearest to it, itself to the
	// school farthest.
	for _, k := range keys {
		p := byKey[k]
		if len(p.units) > 1 || holdsCampus(p) {
			continue
		}
		u := p.units[0]
		var ring []lock
		ok := true
		for _, v := range us.Adj[u] {
			pt := geo.CellCenter(us.Units[v].Cells[0])
			_, campus := campusOf[v]
			if campus || us.UnitAt(pt) != v {
				ok = false
				break
			}
			ring = append(ring, lock{pt: &pt})
		}
		if !ok || len(ring) == 0 {
			continue
		}
		near, far := -1, -1
		for _, j := range c.primary {
			d := geo.Distance(us.Units[u].Center, ds.Schools[j].Loc)
			if near < 0 || d < geo.Distance(us.Units[u].Center, ds.Schools[near].Loc) {
				near = j
			}
			if far < 0 || d > geo.Distance(us.Units[u].Center, ds.Schools[far].Loc) {
				far = j
			}
		}
		for i := range ring {
			ring[i].school = near
		}
		ls := append([]lock{{school: far, addr: p.addr}}, ring...)
		want("cannot be joined", c.redraw(t, ls), 2, "cannot be joined", "every way there runs through places pinned to other schools")
		break
	}

	// A place wider than zoning.unit_diameter_m lies in several units: the
	// pin keeps them all (or is refused).
	var wide *place
	for _, k := range keys {
		if p := byKey[k]; len(p.units) > 1 && !holdsCampus(p) && (wide == nil || len(p.units) > len(wide.units)) {
			wide = p
		}
	}
	if wide == nil {
		t.Fatal("no place lies in several units")
	}
	nearest := c.primary[0]
	for _, j := range c.primary {
		if geo.Distance(ds.Households[wide.homes[0]].Loc, ds.Schools[j].Loc) < geo.Distance(ds.Households[wide.homes[0]].Loc, ds.Schools[nearest].Loc) {
			nearest = j
		}
	}
	if out := c.redraw(t, []lock{{school: nearest, addr: wide.addr}}); out.kept {
		t.Logf("wide: %s, %d homes in %d units, kept in the zone of %s", parser.Parse(wide.addr).PlaceName(), len(wide.homes), len(wide.units), ds.Schools[nearest].Name)
	} else {
		t.Logf("wide: %s, %d homes in %d units, refused: %v", parser.Parse(wide.addr).PlaceName(), len(wide.homes), len(wide.units), out.probs)
	}
}

// TestPinsVerifiedAfterTheRedraw: a redrawer that does not keep a pin
// (moves the pinned place to another school, or leaves it cut off from its
// school's zone) makes the run fail at the pin's line rather than write
// the plan.
func TestPinsVerifiedAfterTheRedraw(t *testing.T) {
	ds, _, err := county.Generate(county.Spec{Family: county.Plains, Seed: 4, ZonesInForce: true, Children: 3000})
	if err != nil {
		t.Fatal(err)
	}
	var spoil func(p *zones.Problem, pl *zones.Plan)
	cfg := config.Default()
	// Straight distances: on the county's roads, the polygon repair after
	// the redraw hands the spoiled neighbours back to the pin's zone (the
	// other zone is across a barrier), which joins the pin again.
	cfg.Zoning.Distance = "straight"
	redraw := func(ctx context.Context, p *zones.Problem) (zones.Plan, error) {
		pl, err := zones.Redraw(ctx, p, zones.RedrawOptions{Seed: 1})
		if err == nil && len(p.Locks) > 0 {
			spoil(p, &pl)
		}
		return pl, err
	}
	st, err := engine.NewStepper(ds, engine.RunOptions{Config: cfg, Redraw: redraw})
	if err != nil {
		t.Fatal(err)
	}
	us := st.Units()
	// A village group far from every campus, pinned to its nearest
	// school (a pin any redraw keeps easily).
	campus := map[int]bool{}
	for _, s := range ds.Schools {
		campus[us.UnitAt(s.Loc)] = true
	}
	h := -1
	for i := range ds.Households {
		u := us.HomeUnit[i]
		if campus[u] || !strings.Contains(ds.Households[i].Address, "组") || slices.ContainsFunc(us.Adj[u], func(v int) bool { return campus[v] }) {
			continue
		}
		h = i
		break
	}
	if h < 0 {
		t.Fatal("no village group away from the campuses")
	}
	near := -1
	for j, s := range ds.Schools {
		if s.Public && s.HasLevel(dataset.Primary) && (near < 0 || geo.Distance(ds.Households[h].Loc, s.Loc) < geo.Distance(ds.Households[h].Loc, ds.Schools[near].Loc)) {
			near = j
		}
	}
	body := fmt.Sprintf("level,school_id,lock,address\nprimary,%s,pin,%s\n", ds.Schools[near].ID, ds.Households[h].Address)
	lk, err := engine.ReadLocks(strings.NewReader(body), "locks.csv", ds)
	if err != nil {
		t.Fatal(err)
	}
	place := ds.Parser().Parse(ds.Households[h].Address).PlaceName()
	for _, tc := range []struct {
		name  string
		spoil func(p *zones.Problem, pl *zones.Plan)
		want  string
	}{
		{"kept", func(*zones.Problem, *zones.Plan) {}, ""},
		{"moved", func(p *zones.Problem, pl *zones.Plan) {
			for u, z := range p.Locks {
				pl.UnitSchool[u] = (z + 1) % len(p.Schools)
			}
		}, "locks.csv:2: the redraw did not keep " + place + " in the zone of " + ds.Schools[near].Name},
		{"cut off", func(p *zones.Problem, pl *zones.Plan) {
			for u, z := range p.Locks {
				for _, v := range p.Units.Adj[u] {
					if _, pinned := p.Locks[v]; !pinned && pl.UnitSchool[v] == z {
						pl.UnitSchool[v] = (z + 1) % len(p.Schools)
					}
				}
			}
		}, "locks.csv:2: " + place + " cannot be joined to the zone of " + ds.Schools[near].Name},
	} {
		spoil = tc.spoil
		_, err := st.Step(context.Background(), engine.BaseEnrolment(ds), engine.StepOptions{Final: true, Locks: lk})
		var probs dataset.Problems
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (!errors.As(err, &probs) || !strings.HasPrefix(probs.Error(), tc.want)):
			t.Errorf("%s: err %v, want a problem starting %q", tc.name, err, tc.want)
		case err != nil:
			t.Logf("%s: %v", tc.name, probs)
		}
	}
}
