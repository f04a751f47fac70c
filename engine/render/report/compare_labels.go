package report

import (
	"math"
	"sort"
	"strconv"

	"github.com/paulmach/orb"
)

// Label layout of the comparison's maps, in CSS pixels: the fonts of
// svg.map .lbl (style.css) and svg.map text.tag (compare.css), the white
// halo around their glyphs, and how far a number may stray from its area.
const (
	lblFont    = 12.0
	tagFont    = 13.0
	tagDigitEm = 0.62 // a bold digit's width, in ems
	labelHalo  = 1.5
	tagReach   = 90.0
	tagStep    = 6.0
)

// tagSpot is where a changed area's number would go: the point inside the
// area (pixels) and whether the area is wide enough there to hold it.
type tagSpot struct {
	text   string
	x, y   float64
	inside bool
}

// mapLabel is a label placed on a map: its box in pixels.
type mapLabel struct {
	box  orb.Bound
	kind string // "tag", "school", "inset"
	text string
}

// overlaps reports whether two boxes share more than a hair (a tenth of a
// pixel each way).
func overlaps(a, b orb.Bound) bool {
	const eps = 0.1
	return a.Min[0] < b.Max[0]-eps && b.Min[0] < a.Max[0]-eps && a.Min[1] < b.Max[1]-eps && b.Min[1] < a.Max[1]-eps
}

// tagBox is the box of a number centred at x, y (the text is drawn at y
// with dy 4, text-anchor middle).
func tagBox(text string, x, y float64) orb.Bound {
	w := tagDigitEm*tagFont*float64(len([]rune(text))) + 2*labelHalo
	h := tagFont + 2*labelHalo
	return orb.Bound{Min: orb.Point{x - w/2, y - h/2 + 0.5}, Max: orb.Point{x + w/2, y + h/2 + 0.5}}
}

// schoolLabelSpot is candidate position c (0 right, 1 left, 2 above, 3
// below, 4–7 the corners) of a label w pixels wide beside a marker of
// radius r at x, y: the label's box and its text position relative to the
// marker, with its text-anchor.
func schoolLabelSpot(c int, x, y, r, w float64) (box orb.Bound, lx, ly float64, anchor string) {
	g, f := r+2, lblFont
	d := 0.75 * g      // the corners' offset each way
	var x0, y0 float64 // the box's top left, relative to the marker
	switch c {
	case 0:
		x0, y0, lx, ly, anchor = g, -f/2, g, 0.35*f, "start"
	case 1:
		x0, y0, lx, ly, anchor = -g-w, -f/2, -g, 0.35*f, "end"
	case 2:
		x0, y0, lx, ly, anchor = -w/2, -g-f, 0, -g-0.2*f, "middle"
	case 3:
		x0, y0, lx, ly, anchor = -w/2, g, 0, g+0.85*f, "middle"
	case 4:
		x0, y0, lx, ly, anchor = d, -d-f, d, -d-0.2*f, "start"
	case 5:
		x0, y0, lx, ly, anchor = d, d, d, d+0.85*f, "start"
	case 6:
		x0, y0, lx, ly, anchor = -d-w, -d-f, -d, -d-0.2*f, "end"
	default:
		x0, y0, lx, ly, anchor = -d-w, d, -d, d+0.85*f, "end"
	}
	box = orb.Bound{Min: orb.Point{x + x0 - labelHalo, y + y0 - labelHalo}, Max: orb.Point{x + x0 + w + labelHalo, y + y0 + f + labelHalo}}
	return box, lx, ly, anchor
}

// layoutLabels places a comparison map's labels so that no two overlap
// and none covers a school's dot, the county seat's box or its label, the
// scale bar or the north arrow, or sticks out of the map: first the
// changed areas' numbers (each in its area where it fits, else on a ring
// of points around it, joined to it by a leader line), then the school
// labels, larger schools first, each at the first of eight positions that
// is free; a label with no free position is shown only once the map is
// zoomed (class far). Schools are named by their section of the level
// (compare.SectionName); on the county map, schools and areas inside the
// county seat's box are left to the county seat's map. It returns the
// labels shown at zoom 1.
func (cv *compareView) layoutLabels(lv *levelView, m *svgMap, spots []tagSpot) []mapLabel {
	W, H := float64(m.W), float64(m.H)
	frameBox := orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{W - 1, H - 1}}
	inFrame := func(b orb.Bound) bool {
		return b.Min[0] >= frameBox.Min[0] && b.Min[1] >= frameBox.Min[1] && b.Max[0] <= frameBox.Max[0] && b.Max[1] <= frameBox.Max[1]
	}
	// Fixed obstacles: the north arrow, the scale bar, the inset.
	obstacles := []orb.Bound{{Min: orb.Point{W - 40, 8}, Max: orb.Point{W - 12, 58}}}
	sx, sy := parseNum(m.Scale.X), parseNum(m.Scale.Y)
	obstacles = append(obstacles, orb.Bound{Min: orb.Point{sx - 2, sy - 22}, Max: orb.Point{parseNum(m.Scale.X2) + 40, sy + 3}})
	var shown []mapLabel
	var seatPx orb.Bound
	hasSeat := m.Inset != nil
	if hasSeat {
		x, y := parseNum(m.Inset.X), parseNum(m.Inset.Y)
		seatPx = orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + parseNum(m.Inset.W), y + parseNum(m.Inset.H)}}
		obstacles = append(obstacles, seatPx.Pad(1))
		if m.Inset.Label != "" {
			w := textWidth(m.Inset.Label, 11)
			lx, ly := parseNum(m.Inset.LX), parseNum(m.Inset.LY)
			x0 := lx
			switch m.Inset.Anchor {
			case "end":
				x0 = lx - w
			case "middle":
				x0 = lx - w/2
			}
			b := orb.Bound{Min: orb.Point{x0 - labelHalo, ly - 0.85*11 - labelHalo}, Max: orb.Point{x0 + w + labelHalo, ly + 0.15*11 + labelHalo}}
			obstacles = append(obstacles, b)
			shown = append(shown, mapLabel{box: b, kind: "inset", text: m.Inset.Label})
		}
	}
	// The schools' dots, with the school of each marker.
	var js []int
	for _, j := range lv.lr.Sections {
		if validLonLat(cv.ds.Schools[j].Loc) {
			js = append(js, j)
		}
	}
	if len(js) != len(m.Markers) {
		js = nil // not the markers of the level: leave their labels
	}
	type dot struct{ x, y, r float64 }
	dots := make([]dot, len(m.Markers))
	for i, mk := range m.Markers {
		dots[i] = dot{parseNum(mk.X), parseNum(mk.Y), parseNum(mk.R)}
	}
	free := func(b orb.Bound, skip int) bool {
		if !inFrame(b) {
			return false
		}
		for i, o := range obstacles {
			if i != skip && overlaps(b, o) {
				return false
			}
		}
		for _, l := range shown {
			if overlaps(b, l.box) {
				return false
			}
		}
		return true
	}
	// The changed areas too small for their numbers stay in view: a
	// number goes beside such an area, not over it, nor over another's.
	for _, s := range spots {
		if !s.inside {
			obstacles = append(obstacles, orb.Bound{Min: orb.Point{s.x - 2.5, s.y - 2.5}, Max: orb.Point{s.x + 2.5, s.y + 2.5}})
		}
	}
	dotBase := len(obstacles) // obstacles[dotBase+i] is marker i's dot
	for _, d := range dots {
		obstacles = append(obstacles, orb.Bound{Min: orb.Point{d.x - d.r, d.y - d.r}, Max: orb.Point{d.x + d.r, d.y + d.r}})
	}
	// The numbers of the changed areas.
	m.Tags = nil
	for _, s := range spots {
		if hasSeat && seatPx.Contains(orb.Point{s.x, s.y}) {
			continue // in the county seat's box: numbered on the county seat's map
		}
		t := mapTag{Text: s.text}
		best, found := orb.Point{s.x, s.y}, false
		if s.inside && free(tagBox(s.text, s.x, s.y), -1) {
			found = true
		}
		for d := tagStep; !found && d <= tagReach; d += tagStep {
			n := max(8, int(2*math.Pi*d/tagStep))
			for k := range n {
				a := 2 * math.Pi * float64(k) / float64(n)
				p := orb.Point{s.x + d*math.Cos(a), s.y - d*math.Sin(a)}
				if free(tagBox(s.text, p[0], p[1]), -1) {
					best, found = p, true
					break
				}
			}
		}
		t.X, t.Y = num(best[0], 1), num(best[1], 1)
		box := tagBox(s.text, best[0], best[1])
		if !found {
			t.Far = true // no room at zoom 1
		} else {
			shown = append(shown, mapLabel{box: box, kind: "tag", text: s.text})
			if !s.inside || best != (orb.Point{s.x, s.y}) {
				// A leader from the area to the nearest point of the box.
				ex := math.Max(box.Min[0], math.Min(s.x, box.Max[0]))
				ey := math.Max(box.Min[1], math.Min(s.y, box.Max[1]))
				if math.Hypot(ex-s.x, ey-s.y) > 3 {
					t.X1, t.Y1, t.X2, t.Y2 = num(s.x, 1), num(s.y, 1), num(ex, 1), num(ey, 1)
				}
			}
		}
		m.Tags = append(m.Tags, t)
	}
	// The school labels, larger schools first.
	order := make([]int, len(m.Markers))
	for i := range order {
		order[i] = i
	}
	if js != nil {
		sort.SliceStable(order, func(a, b int) bool { return lv.entrants(js[order[a]]) > lv.entrants(js[order[b]]) })
	}
	for _, i := range order {
		mk := &m.Markers[i]
		if js != nil {
			mk.Label = cv.schoolName(js[i], lv.lr.Level, mk.Label)
		}
		d := dots[i]
		mk.LabelHidden = true
		if hasSeat && seatPx.Contains(orb.Point{d.x, d.y}) {
			continue
		}
		w := textWidth(mk.Label, lblFont)
		for c := range 8 {
			box, lx, ly, anchor := schoolLabelSpot(c, d.x, d.y, d.r, w)
			// The label stands clear of its own dot's circle (if not of
			// the square around it, at a corner).
			if free(box, dotBase+i) {
				mk.LX, mk.LY, mk.Anchor, mk.LabelHidden = num(lx, 1), num(ly, 1), anchor, false
				shown = append(shown, mapLabel{box: box, kind: "school", text: mk.Label})
				break
			}
		}
	}
	return shown
}

// parseNum reads a number the page wrote with num; 0 for none.
func parseNum(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0
	}
	return v
}

// tagSpots are where the numbers of changed areas would go on a frame.
func tagSpots(cl changeLayer, f frame) []tagSpot {
	var out []tagSpot
	for _, t := range cl.tags {
		x, y, w := labelPoint(t.polys)
		if w == 0 && len(t.polys) > 0 && len(t.polys[0]) > 0 && len(t.polys[0][0]) > 0 {
			q := t.polys[0][0][0] // a flat area: any of its points
			x, y = float64(q.x), float64(q.y)
		}
		px, py := f.k*x+f.dx, f.k*y+f.dy
		box := tagBox(t.text, px, py)
		out = append(out, tagSpot{text: t.text, x: px, y: py, inside: w*f.k >= box.Max[0]-box.Min[0]})
	}
	return out
}

// sectionLabels names a map's schools by their section of the level and
// lays out its labels (layoutLabels) without numbers.
func (cv *compareView) sectionLabels(lv *levelView, m *svgMap) {
	if m != nil {
		cv.layoutLabels(lv, m, nil)
	}
}
