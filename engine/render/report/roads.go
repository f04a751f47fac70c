package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"

	"github.com/hutubi-edu/zoning/geo/roads"
)

// The road layer of the redraw maps: the dataset's roads by class and its
// barriers by kind, drawn once per page (an SVG <defs> group in projected
// whole metres, the zones' user space) and placed on each map by <use>, so
// that the four maps of a county cost one copy of the network. The lines
// are clipped to the maps' extent (the zoned area, the zones and the
// schools, padded by roadPadShare) and simplified to simplifyM metres.

// roadLayerID is the id of the <defs> group the maps <use>.
const roadLayerID = "rdlayer"

// roadPadShare pads the maps' extent before clipping the lines, as a share
// of its larger side: roads run on to the frame's edge.
const roadPadShare = 0.05

// roadStyle is one drawn class of lines: its CSS class and its legend.
type roadStyle struct {
	Class, Label string
	// Swatch is the legend's line: stroke colour, width (px) and dashes.
	Stroke, Width, Dash string
}

// roadStyles lists the drawn classes bottom to top: lanes under county
// roads under the barriers, the expressway on top. The colours match
// style.css.
var roadStyles = []roadStyle{
	{"rd-l", "乡村道路、街巷", "#9a9a9a", "1", ""},
	{"rd-m", "县乡道路、主干道", "#6b6b6b", "2", ""},
	{"bk-canal", "干渠、支渠", "#4f9bd9", "1.2", ""},
	{"bk-river", "河流", "#1f6fc0", "3", ""},
	{"bk-railway", "铁路", "#111111", "2.4", "5 3"},
	{"bk-trunk", "国道 (干线公路)", "#b35806", "2.6", ""},
	{"rd-x", "高速公路", "#d7301f", "3.2", ""},
}

// roadClassOf is the drawn class of a road of an OpenStreetMap highway
// class: the expressway, the county's main roads, or a lane.
func roadClassOf(class string) string {
	switch class {
	case "motorway", "motorway_link":
		return "rd-x"
	case "trunk", "primary", "secondary", "tertiary":
		return "rd-m"
	}
	return "rd-l"
}

// barrierClassOf is the drawn class of a barrier kind.
func barrierClassOf(k roads.BarrierKind) string {
	switch k {
	case roads.Motorway:
		return "rd-x"
	case roads.Trunk:
		return "bk-trunk"
	}
	return "bk-" + string(k)
}

// roadPath is one drawn class's lines as SVG path data (whole metres).
type roadPath struct{ Class, D string }

// roadLayer draws the dataset's road network for the maps of geometry g:
// one path per drawn class present, in roadStyles' order; nil without a
// road layer or without anything inside the maps.
func (v *view) roadLayer(g *mapGeom) []roadPath {
	if v.ds.Roads == nil || g == nil {
		return nil
	}
	net := v.ds.Roads
	pad := roadPadShare * math.Max(g.all.Max[0]-g.all.Min[0], g.all.Max[1]-g.all.Min[1])
	box := g.all.Pad(pad)
	paths := map[string]*strings.Builder{}
	add := func(class string, line orb.LineString) {
		proj := make(orb.LineString, 0, len(line))
		for _, pt := range line {
			if validLonLat(pt) {
				proj = append(proj, g.p.point(pt))
			}
		}
		if len(proj) < 2 {
			return
		}
		for _, part := range clip.LineString(box, proj) {
			writeLine(paths, class, part)
		}
	}
	for _, r := range net.Roads() {
		add(roadClassOf(r.Class), r.Line)
	}
	for _, b := range net.Barriers() {
		add(barrierClassOf(b.Kind), b.Line)
	}
	var out []roadPath
	for _, s := range roadStyles {
		if b := paths[s.Class]; b != nil && b.Len() > 0 {
			out = append(out, roadPath{Class: s.Class, D: b.String()})
		}
	}
	return out
}

// writeLine appends a projected line, simplified to simplifyM and rounded
// to whole metres, to its class's path data: "Mx y x y …" (after M,
// further pairs are lines). A line that collapses to a point is left out.
func writeLine(paths map[string]*strings.Builder, class string, line orb.LineString) {
	line = simplify.DouglasPeucker(simplifyM).LineString(line.Clone())
	var pts []ipt
	for _, q := range line {
		pts = appendVertex(pts, ipt{int64(math.Round(q[0])), int64(math.Round(q[1]))})
	}
	if len(pts) < 2 {
		return
	}
	b := paths[class]
	if b == nil {
		b = &strings.Builder{}
		paths[class] = b
	}
	for i, q := range pts {
		if i == 0 {
			b.WriteByte('M')
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatInt(q.x, 10))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(q.y, 10))
	}
}

// roadLegend is the legend of the drawn classes present in layer.
func roadLegend(layer []roadPath) []roadStyle {
	var out []roadStyle
	for _, s := range roadStyles {
		for _, p := range layer {
			if p.Class == s.Class {
				out = append(out, s)
				break
			}
		}
	}
	return out
}
