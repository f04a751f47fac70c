// Package geocode places addresses without coordinates offline, from the
// county's own reference: a point layer of its standard addresses (标准地址,
// 门牌: CSV lon,lat,address or a GeoPackage point layer) and, where a road
// layer exists, the roads, along which a house number between two known
// numbers is interpolated.
//
// Every address is read with the county's engine/address Parser and placed
// at the most precise level the reference supports, which its Confidence
// says:
//
//	exact         the reference has the address (to the house, or the
//	              compound's building): its point
//	interpolated  a house number on a road between two known numbers of the
//	              same side (odd or even): the point between them, along the
//	              named road when the road layer has it
//	compound      the compound (小区), courtyard (号院, by its buildings) or
//	              lane: the middle of its known points
//	village       the village group (组) or natural village, else the
//	              village: the middle of its known points
//	township      only the township is known: the middle of its points
//
// DistanceM says how far the point may be from the reference that supports
// it, in metres: 0 for exact; for interpolated, the distance to the nearer
// of the two known numbers; for a middle point, the farthest of the points
// it is the middle of. An address written without its township whose road,
// compound or village the reference names in several townships is placed
// only where one township alone has its number (or numbers around it), and
// a reference point written without a township is used for an address that
// names one only when no other township has that road, compound or village:
// a 滨河街72号 of one township is never taken for another's. An address that
// cannot be placed (its road, compound and village unknown, or ambiguous) is
// not placed at all: the Result says why.
//
// Coordinates are WGS84 longitude, latitude (orb's order), in degrees;
// distances are geo.Distance's great-circle metres.
//
// What belongs here: placing an address from a reference. Parsing addresses
// belongs to engine/address, reading a bureau's spreadsheets to
// engine/importer.
package geocode

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/geo"
)

// Confidence is how precisely an address was placed.
type Confidence string

// The confidences, most precise first.
const (
	Exact        Confidence = "exact"
	Interpolated Confidence = "interpolated"
	Compound     Confidence = "compound"
	Village      Confidence = "village"
	Township     Confidence = "township"
)

// Point is one standard address of the reference.
type Point struct {
	Loc     orb.Point // WGS84 lon, lat
	Address string
	Line    int // line (CSV) or feature (GeoPackage) for messages
}

// Road is a named road of the road layer: its centre line, WGS84 lon, lat.
type Road struct {
	Name string
	Line orb.LineString
}

// Result is where an address was placed.
type Result struct {
	Loc        orb.Point
	Confidence Confidence // "" when not placed
	DistanceM  float64    // see the package doc
	// Reason says why an address was not placed; empty when it was.
	Reason string
}

// Placed reports whether the address was placed.
func (r Result) Placed() bool { return r.Confidence != "" }

// Geocoder places addresses against one reference. It is immutable after
// New and safe for concurrent use.
type Geocoder struct {
	p *address.Parser
	// exact: the house key (address without township, community, unit and
	// room) → its points by township ("" when the reference omits it).
	exact map[string][]tpoint
	// numbers: township|road → its known plain house numbers.
	numbers map[string][]number
	// areas: township|compound, township|village|group … → their points.
	areas map[string][]orb.Point
	roads map[string][]orb.LineString // road name → lines
	// towns: the extent of each township's points that name it, to check
	// a point of the reference written without its township.
	towns map[string]orb.Bound
	// townsOf: a road, or an area key without its township, → the
	// townships the reference names it in.
	townsOf map[string]map[string]bool
}

type tpoint struct {
	town string
	loc  orb.Point
}

type number struct {
	n   int
	loc orb.Point
}

// New builds a geocoder of a reference and, optionally, a road layer, whose
// addresses p reads. Reference points with the same house key and
// township are averaged.
func New(p *address.Parser, ref []Point, roads []Road) *Geocoder {
	g := &Geocoder{p: p, exact: map[string][]tpoint{}, numbers: map[string][]number{},
		areas: map[string][]orb.Point{}, roads: map[string][]orb.LineString{}, towns: map[string]orb.Bound{}, townsOf: map[string]map[string]bool{}}
	for _, r := range roads {
		name := p.Parse(r.Name).Road
		if name == "" {
			name = address.NameForm(r.Name)
		}
		if name != "" && len(r.Line) >= 2 {
			g.roads[name] = append(g.roads[name], r.Line)
		}
	}
	for _, pt := range ref {
		a := p.Parse(pt.Address)
		key := houseKey(a)
		if key == "" {
			continue
		}
		g.exact[key] = append(g.exact[key], tpoint{a.Township, pt.Loc})
		if a.Township != "" {
			if b, ok := g.towns[a.Township]; ok {
				g.towns[a.Township] = b.Extend(pt.Loc)
			} else {
				g.towns[a.Township] = orb.Bound{Min: pt.Loc, Max: pt.Loc}
			}
		}
		if a.Township != "" {
			if a.Road != "" {
				g.townOf("|r|"+a.Road, a.Township)
			}
			for _, k := range areaKeys(a) {
				g.townOf(strings.TrimPrefix(k.key, a.Township), a.Township)
			}
		}
		if road, n, ok := plainNumber(a); ok {
			g.numbers[a.Township+"|"+road] = append(g.numbers[a.Township+"|"+road], number{n, pt.Loc})
			if a.Township != "" {
				g.numbers["|"+road] = append(g.numbers["|"+road], number{n, pt.Loc})
			}
		}
		for _, k := range areaKeys(a) {
			g.areas[k.key] = append(g.areas[k.key], pt.Loc)
			if a.Township != "" {
				g.areas[strings.TrimPrefix(k.key, a.Township)] = append(g.areas[strings.TrimPrefix(k.key, a.Township)], pt.Loc)
			}
		}
	}
	for k, ns := range g.numbers {
		slices.SortFunc(ns, func(a, b number) int { return cmp.Compare(a.n, b.n) })
		g.numbers[k] = ns
	}
	return g
}

// houseKey is the address without its township, community, unit, room and
// trailing text: what a standard address (门牌) names.
func houseKey(a address.Address) string {
	a.Township, a.Community, a.Unit, a.Room, a.Extra = "", "", "", "", ""
	if a.Compound != "" && a.Lane == "" {
		// 五一路144号阳光小区2栋 and 阳光小区2栋 are one building.
		a.Road, a.Number = "", ""
	}
	if a.Road == "" && a.Compound == "" && a.Village == "" && a.Lane == "" {
		return ""
	}
	return a.String()
}

// plainNumber returns the road and number of an address on a road whose
// number is a plain integer (not 附, not in a compound or lane).
func plainNumber(a address.Address) (string, int, bool) {
	if a.Compound != "" || a.Lane != "" || a.Village != "" || a.Building != "" || !allDigits(a.Number) {
		return "", 0, false
	}
	road, n, ok := a.Street()
	return road, n, ok
}

// annexBase returns the road and main number of an annex house (261附1 →
// 261), not in a compound, lane or village.
func annexBase(a address.Address) (string, int, bool) {
	if a.Compound != "" || a.Lane != "" || a.Village != "" || !strings.Contains(a.Number, "附") {
		return "", 0, false
	}
	return a.Street()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

type areaKey struct {
	key  string
	conf Confidence
}

// areaKeys are the areas an address lies in, most precise first, each
// prefixed by its township ("" when not written).
func areaKeys(a address.Address) []areaKey {
	t := a.Township
	var out []areaKey
	switch {
	case a.Compound != "":
		out = append(out, areaKey{t + "|c|" + a.Compound, Compound})
	case a.Lane != "" && a.Road != "":
		out = append(out, areaKey{t + "|l|" + a.Road + "|" + a.Lane, Compound})
	case a.Building != "" && a.Road != "" && a.Number != "":
		// A courtyard (号院) whose buildings are numbered.
		out = append(out, areaKey{t + "|y|" + a.Village + "|" + a.Road + "|" + a.Number, Compound})
	}
	if a.Village != "" {
		if a.Group != "" || a.Hamlet != "" {
			out = append(out, areaKey{t + "|v|" + a.Village + "|" + a.Hamlet + "|" + a.Group, Village})
		}
		out = append(out, areaKey{t + "|v|" + a.Village, Village})
	}
	if t != "" {
		out = append(out, areaKey{t + "|t|", Township})
	}
	return out
}

// Locate places one address. A township-level result is returned as such:
// the caller decides whether so coarse a point is used.
func (g *Geocoder) Locate(addr string) Result {
	a := g.p.Parse(addr)
	key := houseKey(a)
	if key == "" && a.Township == "" {
		return Result{Reason: "no road, compound or village read in the address"}
	}
	ambiguous := g.ambiguous(a)
	if ambiguous {
		if r, ok := g.oneRoadTown(a, key); ok {
			return r
		}
	}
	if pts := g.exact[key]; len(pts) > 0 && !ambiguous {
		if loc, ok, amb := g.oneTown(pts, a.Township, g.elsewhere(a)); ok {
			return Result{Loc: loc, Confidence: Exact}
		} else if amb {
			ambiguous = true
		}
	}
	if road, n, ok := plainNumber(a); ok {
		if r, ok := g.interpolate(a.Township, road, n); ok {
			return r
		}
	}
	if road, n, ok := annexBase(a); ok {
		// 261附1 is a house behind or beside 261: placed at 261.
		b := a
		b.Number = strconv.Itoa(n)
		if pts := g.exact[houseKey(b)]; len(pts) > 0 {
			if loc, ok, _ := g.oneTown(pts, a.Township, g.elsewhere(a)); ok {
				return Result{Loc: loc, Confidence: Interpolated}
			}
		}
		if r, ok := g.interpolate(a.Township, road, n); ok {
			return r
		}
	}
	for _, k := range areaKeys(a) {
		if k.conf == Township {
			continue
		}
		if pts := g.areas[k.key]; len(pts) > 0 {
			if a.Township == "" && g.manyTowns(k.key) {
				ambiguous = true
				continue
			}
			return middle(pts, k.conf)
		}
		// The reference may write the place without its township.
		if bare := strings.TrimPrefix(k.key, a.Township); a.Township != "" && !g.manyTowns(bare) {
			if pts := g.areas[bare]; len(pts) > 0 && g.inTown(a.Township, mean(pts)) {
				return middle(pts, k.conf)
			}
		}
	}
	if ambiguous {
		return Result{Reason: "the reference has this address in more than one township, and the address names none"}
	}
	if a.Township != "" {
		if pts := g.areas[a.Township+"|t|"]; len(pts) > 0 {
			r := middle(pts, Township)
			r.Reason = "only the township " + a.Township + " is known"
			return r
		}
	}
	switch {
	case a.Compound != "":
		return Result{Reason: "compound " + a.Compound + " not in the reference"}
	case a.Village != "":
		return Result{Reason: "village " + a.Village + " not in the reference"}
	case a.Road != "":
		return Result{Reason: "road " + a.Road + " not in the reference, or no known numbers on either side of " + a.Number}
	}
	return Result{Reason: "nothing of the address is in the reference"}
}

// oneTown returns the point of a house key in the township: its points
// that name the township, else those that name none when they lie in the
// township's extent and the place is not named in another township
// (elsewhere). An address without a township takes the one township
// the reference has the key in; amb reports more than one.
func (g *Geocoder) oneTown(pts []tpoint, town string, elsewhere bool) (loc orb.Point, ok, amb bool) {
	var same, blank []orb.Point
	towns := map[string]bool{}
	for _, p := range pts {
		switch {
		case town == "":
			same = append(same, p.loc)
			if p.town != "" {
				towns[p.town] = true
			}
		case p.town == town:
			same = append(same, p.loc)
		case p.town == "" && !elsewhere && g.inTown(town, p.loc):
			blank = append(blank, p.loc)
		}
	}
	if town == "" && len(towns) > 1 {
		return orb.Point{}, false, true
	}
	if len(same) == 0 {
		same = blank
	}
	if len(same) == 0 {
		return orb.Point{}, false, false
	}
	return mean(same), true, false
}

// inTown reports whether p lies in the extent of the township's named
// points, grown by about 500 m.
func (g *Geocoder) inTown(town string, p orb.Point) bool {
	b, ok := g.towns[town]
	if !ok {
		return false
	}
	const pad = 0.005 // degrees, about 500 m
	return p[0] >= b.Min[0]-pad && p[0] <= b.Max[0]+pad && p[1] >= b.Min[1]-pad && p[1] <= b.Max[1]+pad
}

// oneRoadTown places a house number on a road the reference has in several
// townships, written without one, when the number is known, or lies between
// known numbers, in only one of them.
func (g *Geocoder) oneRoadTown(a address.Address, key string) (Result, bool) {
	road, n, ok := plainNumber(a)
	if !ok {
		return Result{}, false
	}
	towns := make([]string, 0, len(g.townsOf["|r|"+road]))
	for t := range g.townsOf["|r|"+road] {
		towns = append(towns, t)
	}
	slices.Sort(towns)
	var hits []Result
	for _, t := range towns {
		var pts []tpoint
		for _, p := range g.exact[key] {
			if p.town == t {
				pts = append(pts, p)
			}
		}
		if len(pts) > 0 {
			loc, _, _ := g.oneTown(pts, t, true)
			hits = append(hits, Result{Loc: loc, Confidence: Exact})
		} else if r, ok := g.interpolate(t, road, n); ok {
			hits = append(hits, r)
		}
	}
	if len(hits) != 1 {
		return Result{}, false
	}
	return hits[0], true
}

// elsewhere reports whether the road, compound or village of an address
// with a township is named in another township of the reference: a point of
// it written without a township may be that one's.
func (g *Geocoder) elsewhere(a address.Address) bool {
	var key string
	switch {
	case a.Compound != "":
		key = "|c|" + a.Compound
	case a.Village != "":
		key = "|v|" + a.Village
	case a.Road != "":
		key = "|r|" + a.Road
	default:
		return false
	}
	for t := range g.townsOf[key] {
		if t != a.Township {
			return true
		}
	}
	return false
}

// townOf records that the reference names key in a township.
func (g *Geocoder) townOf(key, town string) {
	if g.townsOf[key] == nil {
		g.townsOf[key] = map[string]bool{}
	}
	g.townsOf[key][town] = true
}

// manyTowns reports whether an area key written without a township is known
// in more than one township.
func (g *Geocoder) manyTowns(key string) bool { return len(g.townsOf[key]) > 1 }

// roadInManyTowns reports whether the reference names a road in more than
// one township.
func (g *Geocoder) roadInManyTowns(road string) bool { return len(g.townsOf["|r|"+road]) > 1 }

// ambiguous reports whether an address written without a township names a
// compound, lane, village or road the reference has in several townships:
// the one the reference has the house in may not be the one it is in.
func (g *Geocoder) ambiguous(a address.Address) bool {
	if a.Township != "" {
		return false
	}
	switch {
	case a.Compound != "":
		return g.manyTowns("|c|" + a.Compound)
	case a.Lane != "" && a.Road != "":
		return g.manyTowns("|l|" + a.Road + "|" + a.Lane)
	case a.Village != "":
		return g.manyTowns("|v|" + a.Village)
	}
	return a.Road != "" && g.roadInManyTowns(a.Road)
}

func mean(pts []orb.Point) orb.Point {
	var x, y float64
	for _, p := range pts {
		x += p[0]
		y += p[1]
	}
	return orb.Point{x / float64(len(pts)), y / float64(len(pts))}
}

// middle returns the mean of points, its distance the farthest of them.
func middle(pts []orb.Point, c Confidence) Result {
	m := mean(pts)
	far := 0.0
	for _, p := range pts {
		far = max(far, geo.Distance(m, p))
	}
	return Result{Loc: m, Confidence: c, DistanceM: far}
}

// maxGap is the widest gap of house numbers interpolated across (numbers of
// one side step by two: 40 is twenty houses).
const maxGap = 40

// interpolate places number n of a road between the nearest known numbers
// of its side (odd or even) below and above it, no more than maxGap apart;
// beyond the last known number of its side, no more than maxGap/4 beyond,
// on the line through the last two; else between the nearest numbers of
// the other side (across the road).
func (g *Geocoder) interpolate(town, road string, n int) (Result, bool) {
	if town == "" && g.roadInManyTowns(road) {
		return Result{}, false
	}
	ns := g.numbers[town+"|"+road]
	if len(ns) == 0 && town != "" {
		// Numbers written without the township, in its extent.
		for _, x := range g.numbers["|"+road] {
			if g.inTown(town, x.loc) {
				ns = append(ns, x)
			}
		}
	}
	var lo, hi, lo2, hi2 *number
	for i := range ns {
		if ns[i].n%2 != n%2 {
			continue
		}
		if ns[i].n < n {
			lo2, lo = lo, &ns[i]
		} else if ns[i].n > n {
			if hi == nil {
				hi = &ns[i]
			} else if hi2 == nil {
				hi2 = &ns[i]
			}
		}
	}
	switch {
	case lo != nil && hi != nil && hi.n-lo.n <= maxGap:
	case lo != nil && lo2 != nil && hi == nil && n-lo.n <= maxGap/4:
		hi, lo = lo, lo2 // extrapolate beyond the last
	case hi != nil && hi2 != nil && lo == nil && hi.n-n <= maxGap/4:
		lo, hi = hi, hi2 // before the first
	default:
		return g.across(ns, road, n)
	}
	return g.between(road, lo, hi, n), true
}

// across places number n between the nearest known numbers of the other
// side, n − 1 and n + 1 or the nearest around them.
func (g *Geocoder) across(ns []number, road string, n int) (Result, bool) {
	var lo, hi *number
	for i := range ns {
		if ns[i].n%2 == n%2 {
			continue
		}
		if ns[i].n < n {
			lo = &ns[i]
		} else if hi == nil {
			hi = &ns[i]
		}
	}
	if lo == nil || hi == nil || hi.n-lo.n > 6 {
		return Result{}, false
	}
	return g.between(road, lo, hi, n), true
}

// between places number n on the line from lo to hi (or along the road).
func (g *Geocoder) between(road string, lo, hi *number, n int) Result {
	t := float64(n-lo.n) / float64(hi.n-lo.n)
	loc := orb.Point{lo.loc[0] + t*(hi.loc[0]-lo.loc[0]), lo.loc[1] + t*(hi.loc[1]-lo.loc[1])}
	if line, ok := g.nearestRoad(road, lo.loc, hi.loc); ok {
		loc = alongRoad(line, lo.loc, hi.loc, t)
	}
	d := min(geo.Distance(loc, lo.loc), geo.Distance(loc, hi.loc))
	return Result{Loc: loc, Confidence: Interpolated, DistanceM: d}
}

// nearestRoad returns the line of the road of that name nearest both
// points, when one lies within 100 m of each.
func (g *Geocoder) nearestRoad(road string, a, b orb.Point) (orb.LineString, bool) {
	best, bestD := orb.LineString(nil), math.Inf(1)
	for _, l := range g.roads[road] {
		_, da, _ := project(l, a)
		_, db, _ := project(l, b)
		if d := max(da, db); d < bestD {
			best, bestD = l, d
		}
	}
	return best, best != nil && bestD <= 100
}

// alongRoad places the point a fraction t of the way from a to b measured
// along the road, at the mean of their offsets from it (the houses' set-back).
func alongRoad(l orb.LineString, a, b orb.Point, t float64) orb.Point {
	sa, oa, _ := project(l, a)
	sb, ob, _ := project(l, b)
	s := sa + t*(sb-sa)
	off := oa + t*(ob-oa)
	// The side: the sign of each offset, taken from the first point.
	_, _, side := project(l, a)
	return pointAt(l, s, off*side)
}

// frame is a local metric frame (metres east, north) around a latitude.
func frame(lat float64) (kx, ky float64) {
	m := geo.EarthRadius * math.Pi / 180
	return m * math.Cos(lat*math.Pi/180), m
}

// project returns the distance along l of the point of l nearest p, the
// distance from p to it (metres), and the side of p (+1 left, −1 right).
func project(l orb.LineString, p orb.Point) (along, dist, side float64) {
	kx, ky := frame(p[1])
	best := math.Inf(1)
	acc := 0.0
	side = 1
	for i := 0; i+1 < len(l); i++ {
		ax, ay := (l[i][0]-p[0])*kx, (l[i][1]-p[1])*ky
		bx, by := (l[i+1][0]-p[0])*kx, (l[i+1][1]-p[1])*ky
		dx, dy := bx-ax, by-ay
		seg := math.Hypot(dx, dy)
		u := 0.0
		if seg > 0 {
			u = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/(seg*seg)))
		}
		cx, cy := ax+u*dx, ay+u*dy
		if d := math.Hypot(cx, cy); d < best {
			best, along = d, acc+u*seg
			// p is at the origin: left of a→b when the cross product is > 0.
			if dx*(-ay)-dy*(-ax) < 0 {
				side = -1
			} else {
				side = 1
			}
		}
		acc += seg
	}
	return along, best, side
}

// pointAt returns the point at distance s along l, off metres to its left
// (negative: right).
func pointAt(l orb.LineString, s, off float64) orb.Point {
	kx, ky := frame(l[0][1])
	acc := 0.0
	for i := 0; i+1 < len(l); i++ {
		dx, dy := (l[i+1][0]-l[i][0])*kx, (l[i+1][1]-l[i][1])*ky
		seg := math.Hypot(dx, dy)
		if seg == 0 {
			continue
		}
		if acc+seg >= s || i+2 == len(l) {
			u := (s - acc) / seg
			x, y := u*dx-off*dy/seg, u*dy+off*dx/seg
			return orb.Point{l[i][0] + x/kx, l[i][1] + y/ky}
		}
		acc += seg
	}
	return l[0]
}

// FormatDistance writes a distance in whole metres, blank when not placed.
func FormatDistance(r Result) string {
	if !r.Placed() {
		return ""
	}
	return strconv.FormatFloat(math.Round(r.DistanceM), 'f', 0, 64)
}

// Parser returns the address parser the geocoder reads with.
func (g *Geocoder) Parser() *address.Parser { return g.p }
