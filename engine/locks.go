package engine

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
)

// Locks are a planner's fixed decisions for a redraw: homes pinned to a
// school's zone, school sections closed to new entrants, and schools that
// share one zone (多校划片).
type Locks struct {
	// File names the locks file in problems (FILE:LINE: message): the
	// name given to ReadLocks; "" reads as "locks".
	File   string
	Pins   []Pin
	Closed map[dataset.Level]map[int]bool // Closed[level][school index]: takes no entrants, has no zone
	// Shares[level][zone_id]: the schools (indexes into ds.Schools, in the
	// file's order) that share the zone; seats are drawn by lot.
	Shares map[dataset.Level]map[string][]int
}

// Pin keeps the homes of one place in a school's zone.
type Pin struct {
	Level  dataset.Level
	School int // index into ds.Schools
	// Households names the homes of the pinned place (indexes into
	// ds.Households, ascending): those whose address names the same
	// compound, village group or house (the same key, with or without the
	// township when the place's name is in one township only). A place
	// wider than zoning.unit_diameter_m lies in several units, and the pin
	// pins them all. Nil for a pin by a point: the unit at the point.
	Households []int
	Loc        *orb.Point // the pinned point, when the lock gave lon and lat
	Address    string     // the pinned address as the lock gave it; "" for a point
	Line       int        // the line of the locks file
	// Required marks a planner's pin (ReadLocks): the redraw keeps every
	// home of the place in the school's zone, joined to it, or refuses
	// with a FILE:LINE problem naming the line and the reason. Other pins
	// (the simulation's share of a closed school's zone) are kept where
	// the redraw can.
	Required bool
}

// IsClosed reports whether the school's section of the level is closed.
func (l *Locks) IsClosed(level dataset.Level, j int) bool {
	return l != nil && l.Closed[level][j]
}

// ReadLocksFile reads a locks CSV file; see ReadLocks.
func ReadLocksFile(path string, ds *dataset.Dataset) (*Locks, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, dataset.Problems{{File: path, Line: 1, Msg: err.Error()}}
	}
	defer f.Close()
	return ReadLocks(f, path, ds)
}

// ReadLocks reads a planner's locks, a CSV file with a header and the columns
// level (primary|junior), school_id, lock (pin|closed|share), and for a pin
// either address (any address of the compound, village group or house to
// pin: all homes sharing its compound or village group go with it) or lon and
// lat (WGS84; the unit holding that point); for a share, zone_id names the
// multi-school zone (多校划片) the school belongs to, and at least two schools
// must name it. Every problem is reported as FILE:LINE: message in a
// dataset.Problems error. The pins are required (Pin.Required): a run keeps
// them, or fails with FILE:LINE problems saying why it cannot (see
// RunOptions.Locks).
func ReadLocks(r io.Reader, name string, ds *dataset.Dataset) (*Locks, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	lr := &locksReader{name: name, ds: ds}
	if !lr.header(cr) {
		return nil, lr.probs
	}
	lr.parser, lr.places = ds.Parser(), newPlaceIndex(ds)
	lr.l = &Locks{File: name, Closed: map[dataset.Level]map[int]bool{}, Shares: map[dataset.Level]map[string][]int{}}
	lr.shareLine, lr.inShare, lr.lastClosed = map[string]int{}, map[string]string{}, map[dataset.Level]int{}
	for {
		line, _ := cr.FieldPos(0)
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			lr.csvError(err, line)
			break
		}
		line, _ = cr.FieldPos(0)
		lr.row(rec, line)
	}
	lr.check()
	if len(lr.probs) > 0 {
		sortByLine(lr.probs)
		return nil, lr.probs
	}
	return lr.l, nil
}

// locksReader holds ReadLocks's state: the header's columns, the locks read
// so far and the problems found.
type locksReader struct {
	name   string
	ds     *dataset.Dataset
	col    map[string]int // column index by header name
	parser *address.Parser
	places *placeIndex
	l      *Locks
	// shareLine: the line naming each level's shared zone first (key
	// level NUL zone id); inShare: the zone each school's section shares
	// (key level NUL school id).
	shareLine map[string]int
	inShare   map[string]string
	// lastClosed: the line of each level's last closed lock.
	lastClosed map[dataset.Level]int
	probs      dataset.Problems
}

func (lr *locksReader) bad(line int, format string, a ...any) {
	lr.probs = append(lr.probs, dataset.Problem{File: lr.name, Line: line, Msg: fmt.Sprintf(format, a...)})
}

// csvError reports a CSV syntax error at the line where it lies (the
// record's first line when it spans several), else at line.
func (lr *locksReader) csvError(err error, line int) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if pe.Line != pe.StartLine {
			msg = fmt.Sprintf("%s (the quoted field opened here is still open at line %d)", msg, pe.Line)
		}
		lr.bad(max(pe.StartLine, 1), "%s", msg)
		return
	}
	lr.bad(max(line, 1), "%v", err)
}

// get returns the trimmed field of column c, "" if the file has no such
// column or the record is short.
func (lr *locksReader) get(rec []string, c string) string {
	if i, ok := lr.col[c]; ok && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// header reads the header and its columns; false when it is missing or
// lacks a required column.
func (lr *locksReader) header(cr *csv.Reader) bool {
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		lr.bad(1, "no header: want level,school_id,lock and address or lon,lat")
		return false
	}
	if err != nil {
		lr.csvError(err, 1)
		return false
	}
	lr.col = map[string]int{}
	for i, h := range header {
		name := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(h), "\ufeff"))
		if prev, ok := lr.col[name]; ok && name != "" {
			lr.bad(1, "column %s appears twice (columns %d and %d): keep one", name, prev+1, i+1)
			continue
		}
		lr.col[name] = i
	}
	for _, need := range []string{"level", "school_id", "lock"} {
		if _, ok := lr.col[need]; !ok {
			lr.bad(1, "missing column %s (want level,school_id,lock and address or lon,lat)", need)
		}
	}
	return len(lr.probs) == 0
}

// row reads one lock: its level and school section, then the lock itself.
func (lr *locksReader) row(rec []string, line int) {
	ds, l := lr.ds, lr.l
	level, err := dataset.ParseLevel(lr.get(rec, "level"))
	if err != nil {
		lr.bad(line, "level %q: want primary or junior", lr.get(rec, "level"))
		return
	}
	j := ds.SchoolIndex(lr.get(rec, "school_id"))
	if j < 0 {
		lr.bad(line, "school_id %q does not exist in schools.csv", lr.get(rec, "school_id"))
		return
	}
	if !ds.Schools[j].HasLevel(level) {
		lr.bad(line, "school %s has no %s section", ds.Schools[j].ID, level)
		return
	}
	switch lr.get(rec, "lock") {
	case "share":
		lr.share(rec, line, level, j)
	case "closed":
		if l.Closed[level] == nil {
			l.Closed[level] = map[int]bool{}
		}
		l.Closed[level][j] = true
		lr.lastClosed[level] = line
	case "pin":
		if p, ok := lr.pin(rec, line, level, j); ok {
			l.Pins = append(l.Pins, p)
		}
	default:
		lr.bad(line, "lock %q: want pin, closed or share", lr.get(rec, "lock"))
	}
}

// share adds school j's section of the level to the multi-school zone the
// row names.
func (lr *locksReader) share(rec []string, line int, level dataset.Level, j int) {
	ds, l := lr.ds, lr.l
	id := lr.get(rec, "zone_id")
	if id == "" {
		lr.bad(line, "a share needs a zone_id naming the multi-school zone")
		return
	}
	key := string(level) + "\x00" + ds.Schools[j].ID
	if prev, ok := lr.inShare[key]; ok {
		lr.bad(line, "school %s already shares %s zone %q", ds.Schools[j].ID, level, prev)
		return
	}
	lr.inShare[key] = id
	if l.Shares[level] == nil {
		l.Shares[level] = map[string][]int{}
	}
	l.Shares[level][id] = append(l.Shares[level][id], j)
	if _, ok := lr.shareLine[string(level)+"\x00"+id]; !ok {
		lr.shareLine[string(level)+"\x00"+id] = line
	}
}

// pin reads a pin of the row to school j's section of the level, by address
// or by lon, lat; false (with a problem) when it has neither or they do not
// name one place.
func (lr *locksReader) pin(rec []string, line int, level dataset.Level, j int) (Pin, bool) {
	p := Pin{Level: level, School: j, Line: line, Required: true}
	addr, lon, lat := lr.get(rec, "address"), lr.get(rec, "lon"), lr.get(rec, "lat")
	switch {
	case addr != "" && (lon != "" || lat != ""):
		lr.bad(line, "a pin names both an address (%q) and lon, lat (%q, %q): give one, the address or the point", addr, lon, lat)
		return p, false
	case addr != "":
		p.Address = addr
		var towns []string
		p.Households, towns = lr.places.match(lr.parser.Parse(addr))
		if len(towns) > 1 {
			lr.bad(line, "address %q names %s in %d townships (%s): write the township", addr, lr.parser.Parse(addr).PlaceName(), len(towns), strings.Join(towns, "、"))
			return p, false
		}
		if len(p.Households) == 0 {
			lr.bad(line, "address %q matches no household (pin by a compound, village group or house address of households.csv, or by lon,lat)", addr)
			return p, false
		}
	case lon != "" || lat != "":
		if lon == "" || lat == "" {
			lr.bad(line, "a pin by a point needs both lon and lat (lon %q, lat %q)", lon, lat)
			return p, false
		}
		x, err1 := strconv.ParseFloat(lon, 64)
		y, err2 := strconv.ParseFloat(lat, 64)
		if err1 != nil || err2 != nil || !(x >= 73 && x <= 136 && y >= 3 && y <= 54) { // NaN is refused too
			lr.bad(line, "lon %q, lat %q: want WGS84 decimal degrees in China (lon 73–136, lat 3–54)", lon, lat)
			return p, false
		}
		pt := orb.Point{x, y}
		p.Loc = &pt
	default:
		lr.bad(line, "a pin needs an address or lon and lat")
		return p, false
	}
	return p, true
}

// check finds the problems between rows: every public section of a level
// closed, pins to closed sections, shared zones of one school or with a
// closed section.
func (lr *locksReader) check() {
	ds, l := lr.ds, lr.l
	// Closing every public section of a level leaves its entrants no zone.
	for _, level := range dataset.Levels {
		line, ok := lr.lastClosed[level]
		if !ok {
			continue
		}
		open := 0
		for j := range ds.Schools {
			if s := &ds.Schools[j]; s.Public && s.HasLevel(level) && !l.IsClosed(level, j) {
				open++
			}
		}
		if open == 0 {
			lr.bad(line, "the locks close every public %s section (%d): the %s entrants would have no zone; keep at least one open",
				level, len(l.Closed[level]), level)
		}
	}
	for _, p := range l.Pins {
		if l.IsClosed(p.Level, p.School) {
			lr.bad(p.Line, "pin to %s, which the locks close to %s entrants", ds.Schools[p.School].ID, p.Level)
		}
	}
	for level, zs := range l.Shares {
		for id, members := range zs {
			line := lr.shareLine[string(level)+"\x00"+id]
			if len(members) < 2 {
				lr.bad(line, "%s zone %q is shared by one school only: name at least two", level, id)
			}
			for _, j := range members {
				if l.IsClosed(level, j) {
					lr.bad(line, "%s zone %q includes %s, which the locks close", level, id, ds.Schools[j].ID)
				}
			}
		}
	}
}

func sortByLine(ps dataset.Problems) {
	slices.SortStableFunc(ps, func(a, b dataset.Problem) int { return cmp.Compare(a.Line, b.Line) })
}

// placeIndex finds the households of a place named by an address: those
// whose address has the same key (address.Address.Key), and those that name
// it without its township, or name its township where the pin's address
// does not, when the place is in one township only (八一路107号金桂佳苑 and
// 城关镇八一路107号金桂佳苑 are one compound): the rule by which groupHomes
// groups the homes of the units.
type placeIndex struct {
	byKey  map[string][]int           // key → households
	bare   map[string][]int           // key without the township → households
	townOf map[string]map[string]bool // key without the township → the townships written with it
}

func newPlaceIndex(ds *dataset.Dataset) *placeIndex {
	parser := ds.Parser()
	pi := &placeIndex{byKey: map[string][]int{}, bare: map[string][]int{}, townOf: map[string]map[string]bool{}}
	for h := range ds.Households {
		a := parser.Parse(ds.Households[h].Address)
		k := a.Key()
		pi.byKey[k] = append(pi.byKey[k], h)
		town := a.Township
		a.Township = ""
		b := a.Key()
		pi.bare[b] = append(pi.bare[b], h)
		if town != "" {
			if pi.townOf[b] == nil {
				pi.townOf[b] = map[string]bool{}
			}
			pi.townOf[b][town] = true
		}
	}
	return pi
}

// match returns the households of the place an address names, ascending,
// and, when the address leaves out the township and the place's name is
// written in several townships, those townships (then the place is not
// known).
func (pi *placeIndex) match(a address.Address) ([]int, []string) {
	town := a.Township
	a.Township = ""
	b := a.Key()
	towns := slices.Sorted(maps.Keys(pi.townOf[b]))
	switch {
	case len(towns) > 1 && town == "":
		return nil, towns
	case len(towns) > 1:
		a.Township = town
		return pi.byKey[a.Key()], nil
	}
	if town != "" && len(towns) == 1 && towns[0] != town {
		a.Township = town
		return pi.byKey[a.Key()], nil
	}
	return pi.bare[b], nil
}

// levelPins are the pins of one level and year, resolved to units.
type levelPins struct {
	locks map[int]int // unit → zone (index into Problem.Schools): the problem's locks
	pins  []unitPin   // in the order of the locks file
	file  string      // the locks file's name in problems
}

// unitPin is a pin and the units it pins.
type unitPin struct {
	*Pin
	zone  int    // index into Problem.Schools
	units []int  // ascending
	homes []int  // the homes to keep in the zone (indexes into ds.Households)
	place string // the place in words
}

// locked returns the pinned units as a mask over the units.
func (lp *levelPins) locked(n int) []bool {
	m := make([]bool, n)
	for u := range lp.locks {
		m[u] = true
	}
	return m
}

// problem returns a problem at the pin's line of the locks file.
func (lp *levelPins) problem(p *unitPin, format string, a ...any) dataset.Problem {
	return dataset.Problem{File: lp.file, Line: p.Line, Msg: fmt.Sprintf(format, a...)}
}

// resolvePins turns the pins of a level into unit locks, and checks before
// the redraw that every required pin can be kept: its school has a zone
// this year, no unit of the place is pinned to another school or holds
// another school's campus, the school's intake seats the entrants of the
// places pinned to it, and a way of units not pinned elsewhere joins each
// place to the school. A required pin that fails is a dataset.Problems error
// naming the line of the locks file; other pins fail as before, with an
// error.
func (r *Result) resolvePins(lr *LevelResult, p *zones.Problem) (*levelPins, error) {
	lp := &levelPins{locks: map[int]int{}}
	if r.Locks == nil {
		return lp, nil
	}
	lp.file = r.Locks.File
	if lp.file == "" {
		lp.file = "locks"
	}
	ds, level, year := r.Dataset, lr.Level, r.Year
	pos := map[int]int{}
	for k, zk := range lr.Zoned {
		j := zk.School
		pos[j] = k
	}
	var probs dataset.Problems
	parser := ds.Parser()
	first := map[int]int{} // unit → the first pin (index into lp.pins) pinning it
	for i := range r.Locks.Pins {
		pin := &r.Locks.Pins[i]
		if pin.Level != level {
			continue
		}
		up := unitPin{Pin: pin, place: pinPlace(pin, parser)}
		k, ok := pos[pin.School]
		if !ok {
			if !pin.Required {
				return nil, fmt.Errorf("locks line %d: %s takes no %s entrants in %d (no intake, or not public)", pin.Line, ds.Schools[pin.School].ID, level, year)
			}
			probs = append(probs, lp.problem(&up, "%s (%s) takes no %s entrants in %d (no intake, or not public): it has no zone to keep %s in",
				ds.Schools[pin.School].Name, ds.Schools[pin.School].ID, level, year, up.place))
			continue
		}
		up.zone = lr.Zoned[k].Zone
		units := map[int]bool{}
		for _, h := range pin.Households {
			units[r.Units.HomeUnit[h]] = true
		}
		if pin.Loc != nil {
			u := r.Units.UnitAt(*pin.Loc)
			if u < 0 {
				if !pin.Required {
					return nil, fmt.Errorf("locks line %d: %v is outside the zoned area", pin.Line, *pin.Loc)
				}
				probs = append(probs, lp.problem(&up, "%s lies outside the zoned area of the county", up.place))
				continue
			}
			units[u] = true
		}
		for u := range units {
			up.units = append(up.units, u)
		}
		slices.Sort(up.units)
		up.homes = pin.Households
		if pin.Loc != nil {
			up.homes = slices.Clone(pin.Households)
			for _, u := range up.units {
				up.homes = append(up.homes, r.Units.Units[u].Homes...)
			}
			slices.Sort(up.homes)
			up.homes = slices.Compact(up.homes)
		}
		if !pin.Required {
			// A scenario's pin yields the units an earlier pin holds
			// (a planner's, which come first, or an earlier move's).
			up.units = slices.DeleteFunc(up.units, func(u int) bool {
				i, ok := first[u]
				return ok && lp.pins[i].zone != up.zone
			})
		}
		clash := false
		for _, u := range up.units {
			i, ok := first[u]
			if !ok || lp.pins[i].zone == up.zone {
				continue
			}
			o := &lp.pins[i]
			if o.place == up.place {
				probs = append(probs, lp.problem(&up, "%s is pinned to %s here and to %s on line %d: one place cannot be in two zones",
					up.place, r.zoneName(lr, up.zone), r.zoneName(lr, o.zone), o.Line))
			} else {
				probs = append(probs, lp.problem(&up, "%s and %s (line %d) lie too close together for a zone boundary to pass between them: they cannot go to %s and %s apart",
					up.place, o.place, o.Line, r.zoneName(lr, up.zone), r.zoneName(lr, o.zone)))
			}
			clash = true
			break
		}
		if clash {
			continue
		}
		for _, u := range up.units {
			if _, ok := first[u]; !ok {
				first[u] = len(lp.pins)
			}
			lp.locks[u] = up.zone
		}
		lp.pins = append(lp.pins, up)
	}
	if len(probs) == 0 {
		probs = r.checkPins(lr, p, lp)
	}
	if len(probs) > 0 {
		sortByLine(probs)
		return nil, probs
	}
	return lp, nil
}

// checkPins checks that the required pins of a level can be kept: no pinned
// unit holds another school's campus, each school's intake seats the
// entrants of the places pinned to it, and a way of units not pinned to
// other schools (nor holding their campuses) joins each place to its
// school's campus.
func (r *Result) checkPins(lr *LevelResult, p *zones.Problem, lp *levelPins) dataset.Problems {
	ds, level, year := r.Dataset, lr.Level, r.Year
	var probs dataset.Problems
	// Campuses: unit → the zoned school (index into ds.Schools) whose
	// campus it holds.
	campus := map[int]int{}
	zoneOf := map[int]int{}
	for k, zk := range lr.Zoned {
		j := zk.School
		zoneOf[j] = lr.Zoned[k].Zone
		if u := r.Units.UnitAt(ds.Schools[j].Loc); u >= 0 {
			if _, ok := campus[u]; !ok {
				campus[u] = j
			}
		}
	}
	ok := make([]bool, len(lp.pins))
	for i := range lp.pins {
		up := &lp.pins[i]
		ok[i] = up.Required
		if !up.Required {
			continue
		}
		for _, u := range up.units {
			if j, has := campus[u]; has && zoneOf[j] != up.zone {
				probs = append(probs, lp.problem(up, "%s lies too close to the campus of %s (%s) for a zone boundary to pass between them, and a campus stays in its own school's zone: it cannot go to %s",
					up.place, ds.Schools[j].Name, ds.Schools[j].ID, r.zoneName(lr, up.zone)))
				ok[i] = false
				break
			}
		}
	}

	// The intake: the entrants of the units pinned to a zone, each unit
	// once, against the zone's places.
	dem := p.UnitDemand()
	type seats struct {
		units map[int]bool
		n     int
		lines []int
		full  bool
	}
	byZone := map[int]*seats{}
	for i := range lp.pins {
		up := &lp.pins[i]
		if !ok[i] {
			continue
		}
		z := byZone[up.zone]
		if z == nil {
			z = &seats{units: map[int]bool{}}
			byZone[up.zone] = z
		}
		own := 0
		for _, u := range up.units {
			own += dem[u]
			if !z.units[u] {
				z.units[u] = true
				z.n += dem[u]
			}
		}
		z.lines = append(z.lines, up.Line)
		capacity := p.Schools[up.zone].Capacity
		if z.full || z.n <= capacity {
			continue
		}
		z.full = true
		ok[i] = false
		name := r.schoolName(lr, up.zone)
		if len(z.lines) == 1 || own > capacity {
			// The place's own entrants, and those of the homes that go
			// with it (its units).
			placed, unitHomes := 0, 0
			for _, h := range up.homes {
				placed += p.Demand[h]
			}
			for _, u := range up.units {
				unitHomes += len(r.Units.Units[u].Homes)
			}
			if unitHomes == len(up.homes) {
				probs = append(probs, lp.problem(up, "%s has %d %s entrants in %d and %s takes %d: the school cannot seat them",
					up.place, own, level, year, name, capacity))
			} else {
				probs = append(probs, lp.problem(up, "%s has %d %s entrants in %d, %d with the homes around it that no zone boundary can pass between, and %s takes %d: the school cannot seat them",
					up.place, placed, level, year, own, name, capacity))
			}
		} else {
			probs = append(probs, lp.problem(up, "with %s, the places pinned to %s (%s) have %d %s entrants in %d and it takes %d: the school cannot seat them all",
				up.place, name, lineList(z.lines), z.n, level, year, capacity))
		}
	}

	// The way: from the school's campus through units not pinned to
	// other zones nor holding their pinned campuses.
	q := *p
	q.Locks = lp.locks
	pinnedCampus := q.PinnedCampuses()
	blockedFor := func(u, z int) bool {
		if k, has := lp.locks[u]; has && k != z {
			return true
		}
		k, has := pinnedCampus[u]
		return has && k != z
	}
	reach := map[int][]bool{}
	for i := range lp.pins {
		up := &lp.pins[i]
		if !ok[i] {
			continue
		}
		seen, done := reach[up.zone]
		if !done {
			var src []int
			for _, j := range lr.Zones[up.zone].Schools {
				if u := r.Units.UnitAt(ds.Schools[j].Loc); u >= 0 && !blockedFor(u, up.zone) {
					src = append(src, u)
				}
			}
			if len(src) == 0 {
				src = up.units[:1]
			}
			seen = unitsReached(r.Units, src, func(u int) bool { return !blockedFor(u, up.zone) })
			reach[up.zone] = seen
		}
		joined := true
		for _, u := range up.units {
			joined = joined && seen[u]
		}
		if joined {
			continue
		}
		// What closes the way: the blocked units around the place's
		// side (the units reached from it).
		side := unitsReached(r.Units, up.units, func(u int) bool { return !blockedFor(u, up.zone) })
		lines, schools := map[int]bool{}, map[int]bool{}
		for u, in := range side {
			if !in {
				continue
			}
			for _, v := range r.Units.Adj[u] {
				if side[v] || !blockedFor(v, up.zone) {
					continue
				}
				if _, has := lp.locks[v]; has {
					lines[lp.pins[slices.IndexFunc(lp.pins, func(o unitPin) bool { return slices.Contains(o.units, v) })].Line] = true
				} else if j, has := campus[v]; has {
					schools[j] = true
				}
			}
		}
		var what []string
		if len(lines) > 0 {
			what = append(what, "places pinned to other schools ("+lineList(slices.Sorted(maps.Keys(lines)))+")")
		}
		for _, j := range slices.Sorted(maps.Keys(schools)) {
			what = append(what, "the campus of "+ds.Schools[j].Name)
		}
		if len(what) == 0 {
			probs = append(probs, lp.problem(up, "%s cannot be joined to %s: no way of units leads there from the school",
				up.place, r.zoneName(lr, up.zone)))
			continue
		}
		probs = append(probs, lp.problem(up, "%s cannot be joined to %s: every way there runs through %s",
			up.place, r.zoneName(lr, up.zone), strings.Join(what, " or ")))
	}
	return probs
}

// verifyPins checks after the redraw that the plan keeps every required
// pin: each pinned unit in its school's zone and joined to it (in one piece
// of the unit graph with the school's campus), every home of the place in
// the zone (HomeZone), and, when the zones' polygons are drawn (drawn: the
// final year), within the school's polygon. A pin not kept is a
// dataset.Problems error at its line: rather refused than written.
func (r *Result) verifyPins(lr *LevelResult, p *zones.Problem, lp *levelPins, drawn bool) error {
	if lp == nil || len(lp.pins) == 0 {
		return nil
	}
	ds := r.Dataset
	q := *p
	q.Locks = lp.locks
	moved, apart := lr.plan.Unkept(&q)
	var probs dataset.Problems
	for i := range lp.pins {
		up := &lp.pins[i]
		if !up.Required {
			continue
		}
		name := r.zoneName(lr, up.zone)
		out := 0
		for _, h := range up.homes {
			if lr.HomeZone[h] != up.zone {
				out++
			}
		}
		if drawn && out == 0 {
			var zone orb.MultiPolygon
			for k, zk := range lr.Zoned {
				j := zk.School
				if j == up.School {
					zone = lr.Zoned[k].Polygon
				}
			}
			for _, h := range up.homes {
				if !planar.MultiPolygonContains(zone, ds.Households[h].Loc) {
					out++
				}
			}
		}
		lost := slices.ContainsFunc(up.units, func(u int) bool { _, found := slices.BinarySearch(moved, u); return found })
		switch {
		case lost || out > 0:
			probs = append(probs, lp.problem(up, "the redraw did not keep %s in %s (%d of its %d homes outside it): refused rather than written; please report this with the locks file",
				up.place, name, out, len(up.homes)))
		case slices.ContainsFunc(up.units, func(u int) bool { _, found := slices.BinarySearch(apart, u); return found }):
			lines := r.crossing(lr, p, lp, up)
			if len(lines) == 0 {
				probs = append(probs, lp.problem(up, "%s cannot be joined to %s: the zones of other schools cut across every way there",
					up.place, name))
			} else {
				probs = append(probs, lp.problem(up, "%s cannot be joined to %s: the zones joining the places pinned on %s to their schools cut across every way there (drop or change one of these pins)",
					up.place, name, lineList(lines)))
			}
		}
	}
	if len(probs) > 0 {
		sortByLine(probs)
		return probs
	}
	return nil
}

// crossing returns the lines of the required pins of other schools whose
// zones the shortest way from the pin's school to it crosses (through units
// not pinned to other schools).
func (r *Result) crossing(lr *LevelResult, p *zones.Problem, lp *levelPins, up *unitPin) []int {
	ds := r.Dataset
	var src []int
	for _, j := range lr.Zones[up.zone].Schools {
		if u := r.Units.UnitAt(ds.Schools[j].Loc); u >= 0 && lr.plan.UnitSchool[u] == up.zone {
			src = append(src, u)
		}
	}
	if len(src) == 0 {
		return nil
	}
	prev := map[int]int{}
	for _, u := range src {
		prev[u] = -1
	}
	queue := slices.Clone(src)
	target := -1
	for len(queue) > 0 && target < 0 {
		x := queue[0]
		queue = queue[1:]
		for _, y := range r.Units.Adj[x] {
			if _, seen := prev[y]; seen {
				continue
			}
			if z, has := lp.locks[y]; has && z != up.zone {
				continue
			}
			prev[y] = x
			if slices.Contains(up.units, y) {
				target = y
				break
			}
			queue = append(queue, y)
		}
	}
	zones := map[int]bool{}
	for u := target; u >= 0; u = prev[u] {
		if z := lr.plan.UnitSchool[u]; z >= 0 && z != up.zone {
			zones[z] = true
		}
	}
	var lines []int
	for i := range lp.pins {
		if o := &lp.pins[i]; o.Required && zones[o.zone] {
			lines = append(lines, o.Line)
		}
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

// unitsReached marks the units reached from src by steps on the unit graph
// through units that pass.
func unitsReached(us *zones.Units, src []int, pass func(u int) bool) []bool {
	seen := make([]bool, len(us.Units))
	stack := slices.Clone(src)
	for _, u := range src {
		seen[u] = true
	}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, y := range us.Adj[x] {
			if !seen[y] && pass(y) {
				seen[y] = true
				stack = append(stack, y)
			}
		}
	}
	return seen
}

// schoolName names the school of zone z for a planner: its name, or for a
// shared zone (多校划片) the zone's id and its schools' names.
func (r *Result) schoolName(lr *LevelResult, z int) string {
	var names []string
	for _, j := range lr.Zones[z].Schools {
		names = append(names, r.Dataset.Schools[j].Name)
	}
	if z < len(lr.Zones) && lr.Zones[z].ID != "" {
		return fmt.Sprintf("the shared zone %s (%s)", lr.Zones[z].ID, strings.Join(names, "、"))
	}
	return strings.Join(names, "、")
}

// zoneName names zone z for a planner: "the zone of" its school.
func (r *Result) zoneName(lr *LevelResult, z int) string {
	if z < len(lr.Zones) && lr.Zones[z].ID != "" {
		return r.schoolName(lr, z)
	}
	return "the zone of " + r.schoolName(lr, z)
}

// pinPlace names a pin's place in words: the compound, village group or
// house of its address, or its point.
func pinPlace(p *Pin, parser *address.Parser) string {
	if p.Address != "" {
		if name := parser.Parse(p.Address).PlaceName(); name != "" {
			return name
		}
		return p.Address
	}
	if p.Loc != nil {
		return fmt.Sprintf("the place at %.5f,%.5f", p.Loc[0], p.Loc[1])
	}
	return fmt.Sprintf("the %d homes of line %d", len(p.Households), p.Line)
}

// lineList writes line numbers as "line 2" or "lines 2, 4 and 5".
func lineList(lines []int) string {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = strconv.Itoa(l)
	}
	if len(s) < 2 {
		return "line " + strings.Join(s, "")
	}
	return "lines " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
