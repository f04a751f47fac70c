package report

import (
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Map layout, in CSS pixels of the SVG viewBox.
const (
	countyW, countyH = 440, 720 // the whole county, beside the county seat
	seatW, seatH     = 880, 720 // the county seat
	soloW, soloH     = 1000, 720
	mapPad           = 14
	simplifyM        = 10.0 // Douglas–Peucker tolerance of zone outlines, metres (≈1e-4°)
	seatMarginShare  = 0.25 // margin around the urban schools, share of their extent
	seatMarginMinM   = 1000.0
)

// palette is the categorical palette of zone fills (ColorBrewer Set3 with
// the grey replaced): light colours under dark school markers.
var palette = []string{"#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
	"#b3de69", "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f", "#a6cee3"}

// utilClass is a class of utilisation (entrants ÷ intake places).
type utilClass struct {
	Label, Colour string
}

var utilClasses = []utilClass{
	{"无招生计划", "#9e9e9e"},
	{"低于 60%", "#4575b4"},
	{"60%–90%", "#1a9850"},
	{"90%–100%", "#fdae61"},
	{"满额 (100% 及以上)", "#d73027"},
}

// utilOf classifies entrants against places: 0 no places, 1 below 60%, 2
// below 90%, 3 below full, 4 full.
func utilOf(entrants, places int) int {
	switch {
	case places <= 0:
		return 0
	case entrants >= places:
		return 4
	case entrants*10 >= places*9:
		return 3
	case entrants*10 >= places*6:
		return 2
	}
	return 1
}

type mapsView struct {
	Levels  []levelMaps
	Util    []utilClass
	Palette string // a few zone colours for the legend swatch
	Seat    bool   // a county-seat map is drawn beside the county map
	// Roads is the road layer every map places by <use> (roadLayer), nil
	// without a road layer; RoadLegend its drawn classes.
	Roads      []roadPath
	RoadLegend []roadStyle
	RoadLayer  string // the id of the layer's group
}

type levelMaps struct {
	Level, Name  string
	County, Seat *svgMap
	Note         string
}

type svgMap struct {
	ID, Title string
	Class     string // more classes of the svg element: "changes"
	W, H      int
	K         string // CSS pixels per metre at zoom 1, for the script's scale bar
	Inner     string // transform from projected metres to pixels
	Area      string // path of the zoned area's outline
	Zones     []zonePath
	Markers   []marker
	Inset     *rect
	Scale     scaleBar
	Old       string      // path of the zones in force, dashed; "" for none
	Changes   []zonePath  // areas whose zone school changes: filled with Fill, hatched when Fill is ""
	Hatch     *hatchStyle // the hatch pattern of Changes
	Tags      []mapTag    // short labels over the map, in pixels
	Roads     string      // id of the road layer to <use> over the zones; "" for none
}

// mapTag is a short label at a point of the map (pixels): the number of a
// changed area in a legend. A tag set apart from its area has a leader
// line from (X1, Y1) to (X2, Y2); Far hides it until the map is zoomed.
type mapTag struct {
	X, Y, Text     string
	X1, Y1, X2, Y2 string // "" for no leader line
	Far            bool
}

// hatchStyle is an SVG pattern of diagonal lines in projected metres (the
// user space of the zones), sized from the map's scale so that it looks
// the same on every map.
type hatchStyle struct {
	ID           string
	Size, Stroke string // spacing and line width, metres
}

type zonePath struct{ D, Fill, Title string }

type marker struct {
	X, Y, R     string
	Fill        string
	Hollow      bool
	Title       string
	Label       string
	LX, LY      string
	Anchor      string
	LabelHidden bool // shown only once zoomed in (crowded or inside the inset)
}

// rect is the inset's box on the county map, with its label.
type rect struct {
	X, Y, W, H    string
	Label, LX, LY string
	Anchor        string
}

type scaleBar struct {
	X, Y, X2 string
	Label    string
}

// frame maps projected metres to the pixels of one map.
type frame struct {
	w, h       int
	k, dx, dy  float64
	projection proj
}

func (f frame) px(pt orb.Point) (float64, float64) {
	x, y := f.projection.xy(pt)
	return f.k*x + f.dx, f.k*y + f.dy
}

// fit centres the projected bound b (metres) in a w×h map with a padding.
func fit(b orb.Bound, w, h int, p proj) frame {
	bw := math.Max(b.Max[0]-b.Min[0], 500)
	bh := math.Max(b.Max[1]-b.Min[1], 500)
	k := math.Min(float64(w-2*mapPad)/bw, float64(h-2*mapPad)/bh)
	cx, cy := (b.Min[0]+b.Max[0])/2, (b.Min[1]+b.Max[1])/2
	return frame{w: w, h: h, k: k, dx: float64(w)/2 - k*cx, dy: float64(h)/2 - k*cy, projection: p}
}

// extent returns the WGS84 bound of everything drawn: the zoned area, the
// zones and the schools. ok is false when there is nothing.
func (v *view) extent() (orb.Bound, bool) {
	var b orb.Bound
	ok := false
	grow := func(g orb.Bound) {
		if !validBound(g) {
			return // bad coordinates are left out of the frame (and of the drawing)
		}
		if !ok {
			b, ok = g, true
			return
		}
		b = b.Union(g)
	}
	if len(v.res.Area) > 0 {
		grow(v.res.Area.Bound())
	}
	for _, lv := range v.levels {
		for _, zk := range lv.lr.Zoned {
			if z := zk.Polygon; len(z) > 0 {
				grow(z.Bound())
			}
		}
	}
	for i := range v.ds.Schools {
		grow(orb.Bound{Min: v.ds.Schools[i].Loc, Max: v.ds.Schools[i].Loc})
	}
	return b, ok
}

// validBound reports a bound of valid longitudes and latitudes.
func validBound(b orb.Bound) bool {
	return validLonLat(b.Min) && validLonLat(b.Max) && b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1]
}

// seatBound returns the projected bound of the county seat: the urban
// schools with a margin. ok is false when no school is urban.
func (v *view) seatBound(p proj) (orb.Bound, bool) {
	var b orb.Bound
	n := 0
	for i := range v.ds.Schools {
		s := &v.ds.Schools[i]
		if s.AreaType != dataset.Urban || !validLonLat(s.Loc) {
			continue
		}
		pt := p.point(s.Loc)
		if n == 0 {
			b = orb.Bound{Min: pt, Max: pt}
		} else {
			b = b.Extend(pt)
		}
		n++
	}
	if n == 0 {
		return b, false
	}
	m := math.Max(seatMarginShare*math.Max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]), seatMarginMinM)
	return b.Pad(m), true
}

// mapGeom is what every map of the page shares: the projection, the
// county's and the county seat's bounds in projected metres, and the zoned
// area's outline.
type mapGeom struct {
	p       proj
	all     orb.Bound // everything drawn
	seat    orb.Bound // the county seat, when hasSeat
	hasSeat bool
	area    string // path data of the zoned area
}

// newMapGeom projects the run, nil when nothing is drawable.
func (v *view) newMapGeom() *mapGeom {
	wgs, ok := v.extent()
	if !ok {
		return nil
	}
	return v.mapGeomOf(wgs)
}

// mapGeomOf projects the WGS84 bound wgs (lon, lat degrees) of what the
// maps draw.
func (v *view) mapGeomOf(wgs orb.Bound) *mapGeom {
	g := &mapGeom{p: newProj(wgs)}
	g.all = g.p.bound(wgs)
	g.seat, g.hasSeat = v.seatBound(g.p)
	g.area = pathData(simplifyPolys(projectPolys(v.res.Area, g.p), simplifyM))
	return g
}

func mapsData(v *view, _ *template.Template) (any, error) {
	out := mapsView{Util: utilClasses}
	g := v.geom
	if g == nil {
		return out, nil
	}
	out.Seat = g.hasSeat
	if out.Roads = v.roadLayer(g); out.Roads != nil {
		out.RoadLegend, out.RoadLayer = roadLegend(out.Roads), roadLayerID
	}
	for _, lv := range v.levels {
		lm := v.levelMaps(lv, v.zonePaths(lv, g.p), "map-"+string(lv.lr.Level), lv.name+"片区")
		for _, m := range []*svgMap{lm.County, lm.Seat} {
			if m != nil {
				m.Roads = out.RoadLayer
			}
		}
		out.Levels = append(out.Levels, lm)
	}
	return out, nil
}

// frames returns the frame of the county map and, with a county seat, the
// frame of the county seat's map.
func (g *mapGeom) frames() (county, zoom frame) {
	if g.hasSeat {
		return fit(g.all, countyW, countyH, g.p), fit(g.seat, seatW, seatH, g.p)
	}
	return fit(g.all, soloW, soloH, g.p), frame{}
}

// levelMaps draws a level's zones on the county map (id-county, "title ·
// 全县") and, with a county seat, on the county seat's map (id-seat, "title
// · 县城"). v.geom must not be nil.
func (v *view) levelMaps(lv *levelView, zones []zonePath, id, title string) levelMaps {
	g := v.geom
	county, zoom := g.frames()
	lm := levelMaps{Level: string(lv.lr.Level), Name: lv.name}
	lm.County = v.drawMap(lv, county, id+"-county", title+" · 全县", g.area, zones, g.hasSeat, g.seat, false)
	if g.hasSeat {
		lm.Seat = v.drawMap(lv, zoom, id+"-seat", title+" · 县城", g.area, zones, false, g.seat, true)
	}
	return lm
}

// zonePaths draws a level's zones, coloured so that touching zones differ.
func (v *view) zonePaths(lv *levelView, p proj) []zonePath { return v.zonePathsTol(lv, p, simplifyM) }

// zonePathsTol is zonePaths with outlines simplified to tol metres.
func (v *view) zonePathsTol(lv *levelView, p proj, tol float64) []zonePath {
	var polys [][][][]ipt
	var rings [][][]ipt
	var schools []int
	for _, zk := range lv.lr.Zoned {
		pz := projectPolys(zk.Polygon, p)
		if len(pz) == 0 {
			continue
		}
		polys = append(polys, pz)
		rings = append(rings, flat(pz))
		schools = append(schools, zk.School)
	}
	// Colour on the unsimplified outlines; draw the simplified ones.
	cols := colour(adjacency(rings, 1), len(palette))
	out := make([]zonePath, 0, len(rings))
	for i := range polys {
		j := schools[i]
		d := pathData(simplifyPolys(polys[i], tol))
		if d == "" {
			continue
		}
		out = append(out, zonePath{D: d, Fill: palette[cols[i]],
			Title: v.sectionName(j, lv.lr.Level) + " 片区：入学 " + strconv.Itoa(lv.entrants(j)) + " / 学位 " + strconv.Itoa(lv.capacity(j))})
	}
	return out
}

// drawMap lays out one map of a level.
func (v *view) drawMap(lv *levelView, f frame, id, title, area string, zones []zonePath,
	inset bool, seat orb.Bound, seatMap bool) *svgMap {
	m := &svgMap{ID: id, Title: title, W: f.w, H: f.h, K: num(f.k, 8),
		Inner: "matrix(" + num(f.k, 8) + " 0 0 " + num(f.k, 8) + " " + num(f.dx, 3) + " " + num(f.dy, 3) + ")",
		Area:  area, Zones: zones}
	var seatPx orb.Bound // the inset's box in pixels
	if inset {
		seatPx = orb.Bound{Min: orb.Point{f.k*seat.Min[0] + f.dx, f.k*seat.Min[1] + f.dy},
			Max: orb.Point{f.k*seat.Max[0] + f.dx, f.k*seat.Max[1] + f.dy}}
		m.Inset = &rect{X: num(seatPx.Min[0], 1), Y: num(seatPx.Min[1], 1),
			W: num(seatPx.Max[0]-seatPx.Min[0], 1), H: num(seatPx.Max[1]-seatPx.Min[1], 1)}
	}
	// Scale bar: a round length near a quarter of the width.
	L := niceBelow(0.25 * float64(f.w) / f.k)
	m.Scale = scaleBar{X: num(mapPad, 1), Y: num(float64(f.h-mapPad), 1), X2: num(mapPad+L*f.k, 1), Label: distLabel(L)}

	rMin, rMax, font := 2.5, 9.0, 11.0
	if seatMap {
		rMin, rMax, font = 4, 16, 12
	}
	maxE := 1
	for _, j := range lv.lr.Sections {
		maxE = max(maxE, lv.entrants(j))
	}
	zoned := map[int]bool{}
	for _, zk := range lv.lr.Zoned {
		j := zk.School
		zoned[j] = true
	}
	type placed struct {
		j       int
		x, y, r float64
	}
	var ps []placed
	for _, j := range lv.lr.Sections {
		if !validLonLat(v.ds.Schools[j].Loc) {
			continue
		}
		x, y := f.px(v.ds.Schools[j].Loc)
		r := rMin + (rMax-rMin)*math.Sqrt(float64(lv.entrants(j))/float64(maxE))
		ps = append(ps, placed{j, x, y, r})
	}
	// Larger schools choose their label position first.
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return lv.entrants(ps[order[a]].j) > lv.entrants(ps[order[b]].j) })
	var boxes []orb.Bound
	for _, q := range ps {
		boxes = append(boxes, orb.Bound{Min: orb.Point{q.x - q.r, q.y - q.r}, Max: orb.Point{q.x + q.r, q.y + q.r}})
	}
	frameBox := orb.Bound{Max: orb.Point{float64(f.w), float64(f.h)}}
	// cost is the overlap of a label box with the obstacles (other than
	// marker skip) and with the outside of the frame.
	cost := func(c orb.Bound, skip int) float64 {
		over := 0.0
		for bi, b := range boxes {
			if bi != skip {
				over += overlap(c, b)
			}
		}
		return over + (c.Max[0]-c.Min[0])*(c.Max[1]-c.Min[1]) - overlap(c, frameBox)
	}
	if inset {
		// The inset's label goes where it hides the fewest markers; then
		// the inset and its label are obstacles to the school labels.
		const text, font = "县城 (见右图)", 11.0
		w := textWidth(text, font)
		r := seatPx
		cy := (r.Min[1] + r.Max[1]) / 2
		cands := []struct {
			box    orb.Bound
			x, y   float64
			anchor string
		}{
			{orb.Bound{Min: orb.Point{r.Max[0] + 4, cy - font/2}, Max: orb.Point{r.Max[0] + 4 + w, cy + font/2}}, r.Max[0] + 4, cy + 0.35*font, "start"},
			{orb.Bound{Min: orb.Point{r.Min[0] - 4 - w, cy - font/2}, Max: orb.Point{r.Min[0] - 4, cy + font/2}}, r.Min[0] - 4, cy + 0.35*font, "end"},
			{orb.Bound{Min: orb.Point{r.Min[0], r.Min[1] - 4 - font}, Max: orb.Point{r.Min[0] + w, r.Min[1] - 4}}, r.Min[0], r.Min[1] - 4 - 0.2*font, "start"},
			{orb.Bound{Min: orb.Point{r.Min[0], r.Max[1] + 4}, Max: orb.Point{r.Min[0] + w, r.Max[1] + 4 + font}}, r.Min[0], r.Max[1] + 4 + 0.85*font, "start"},
		}
		best, bestOver := 0, math.Inf(1)
		for c := range cands {
			if over := cost(cands[c].box, -1); over < bestOver-1e-9 {
				best, bestOver = c, over
			}
		}
		m.Inset.LX, m.Inset.LY, m.Inset.Anchor, m.Inset.Label = num(cands[best].x, 1), num(cands[best].y, 1), cands[best].anchor, text
		boxes = append(boxes, r, cands[best].box)
	}
	county := v.ds.Meta.Name
	markers := make([]marker, len(ps))
	for _, i := range order {
		q := ps[i]
		s := &v.ds.Schools[q.j]
		e, c := lv.entrants(q.j), lv.capacity(q.j)
		mk := marker{X: num(q.x, 1), Y: num(q.y, 1), R: num(q.r, 1), Fill: utilClasses[utilOf(e, c)].Colour,
			Hollow: !zoned[q.j], Label: shortName(s.SectionName(lv.lr.Level), county)}
		mk.Title = v.schoolTitle(lv, q.j)
		inside := q.x >= 0 && q.y >= 0 && q.x <= float64(f.w) && q.y <= float64(f.h)
		w := textWidth(mk.Label, font)
		best, bestOver := -1, math.Inf(1)
		var cands [4]orb.Bound
		for c := range cands {
			cands[c] = labelBox(c, q.x, q.y, q.r, w, font)
			if over := cost(cands[c], i); over < bestOver-1e-9 {
				best, bestOver = c, over
			}
		}
		lx, ly, anchor := labelAnchor(best, q.r, font)
		mk.LX, mk.LY, mk.Anchor = num(lx, 1), num(ly, 1), anchor
		inSeat := inset && seatPx.Contains(orb.Point{q.x, q.y})
		mk.LabelHidden = inSeat || bestOver > 0.5 || !inside
		if !mk.LabelHidden {
			boxes = append(boxes, cands[best])
		}
		markers[i] = mk
	}
	m.Markers = markers
	return m
}

// schoolTitle is a marker's hover text.
func (v *view) schoolTitle(lv *levelView, j int) string {
	s := &v.ds.Schools[j]
	var b strings.Builder
	b.WriteString(s.SectionName(lv.lr.Level))
	b.WriteString("\n入学 " + strconv.Itoa(lv.entrants(j)) + " / 学位 " + strconv.Itoa(lv.capacity(j)))
	if sm := lv.byIndex[j]; sm != nil {
		b.WriteString("\n片内入学 " + strconv.Itoa(sm.Zoned) + "，在校生 " + strconv.Itoa(sm.StudentsTotal) +
			" / 学位 " + strconv.Itoa(sm.Seats))
		b.WriteString("\n校额 " + strconv.Itoa(sm.CampusTotal) + " / " + strconv.Itoa(sm.CampusCap))
		b.WriteString("\n平均距离 " + metres(sm.MeanDistanceM))
	}
	if !s.Public {
		b.WriteString("\n民办 (不划片)")
	}
	return b.String()
}

// shortName drops the county's name from the start of a school's name for
// map labels: 呼图壁县第二小学 → 第二小学. The county's name is the dataset's
// name up to a space or parenthesis: "呼图壁县 (synthetic)" → 呼图壁县.
func shortName(name, county string) string {
	county = countyName(county)
	if county != "" && strings.HasPrefix(name, county) && len(name) > len(county) {
		return strings.TrimPrefix(name, county)
	}
	return name
}

// textWidth estimates the width in pixels of a label: wide (CJK) runes take
// one em, the others about half.
func textWidth(s string, font float64) float64 {
	w := 0.0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana) || r >= 0xFF00 && r <= 0xFFEF || r >= 0x3000 && r <= 0x303F {
			w += font
		} else {
			w += 0.55 * font
		}
	}
	return w
}

// labelBox is the box of label position c (0 right, 1 left, 2 above, 3
// below) of a marker at x, y of radius r.
func labelBox(c int, x, y, r, w, font float64) orb.Bound {
	g := r + 2
	switch c {
	case 1:
		return orb.Bound{Min: orb.Point{x - g - w, y - font/2}, Max: orb.Point{x - g, y + font/2}}
	case 2:
		return orb.Bound{Min: orb.Point{x - w/2, y - g - font}, Max: orb.Point{x + w/2, y - g}}
	case 3:
		return orb.Bound{Min: orb.Point{x - w/2, y + g}, Max: orb.Point{x + w/2, y + g + font}}
	}
	return orb.Bound{Min: orb.Point{x + g, y - font/2}, Max: orb.Point{x + g + w, y + font/2}}
}

// labelAnchor gives the text position relative to the marker centre and the
// text-anchor for label position c.
func labelAnchor(c int, r, font float64) (x, y float64, anchor string) {
	g := r + 2
	switch c {
	case 1:
		return -g, 0.35 * font, "end"
	case 2:
		return 0, -g - 0.2*font, "middle"
	case 3:
		return 0, g + 0.85*font, "middle"
	}
	return g, 0.35 * font, "start"
}

// overlap is the area of the intersection of two boxes.
func overlap(a, b orb.Bound) float64 {
	w := math.Min(a.Max[0], b.Max[0]) - math.Max(a.Min[0], b.Min[0])
	h := math.Min(a.Max[1], b.Max[1]) - math.Max(a.Min[1], b.Min[1])
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}
