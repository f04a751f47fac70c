package service

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// The web map's road layer, GET /api/v1/web/roads: the dataset's roads by
// drawn kind and its barriers one feature each, as GeoJSON (WGS84 [lon,
// lat]), clipped to the map's extent (the zoned area and the schools,
// padded by a twentieth), simplified to SimplifyDeg and rounded to
// roadDigits decimals of a degree. Public data: no home is in it.

// MaxRoadsBytes bounds the road layer served: beyond it the lanes are left
// out (the county's main roads and the barriers stay), and beyond it still
// the layer is empty.
const MaxRoadsBytes = 4 << 20

// roadDigits is the decimals of a degree of the served coordinates (1e-5°
// ≈ 1 m).
const roadDigits = 5

// Road kinds of the served features (property kind): the expressway, the
// main roads (trunk to tertiary), the lanes (every other class); barriers
// have their own kind (river, canal, motorway, trunk, railway) and
// barrier: true.
const (
	roadExpressway = "expressway"
	roadMain       = "main"
	roadLane       = "lane"
)

// roadKindOf is the served kind of an OpenStreetMap highway class.
func roadKindOf(class string) string {
	switch class {
	case "motorway", "motorway_link":
		return roadExpressway
	case "trunk", "primary", "secondary", "tertiary":
		return roadMain
	}
	return roadLane
}

// roadsGeoJSON is the road layer of net within the WGS84 bound b; nil
// without a network. Roads are one MultiLineString feature a
// kind (lane, main, expressway: properties kind, barrier false); barriers
// one feature each (properties kind, name, barrier true). Lanes are left
// out when the whole passes limit bytes (MaxRoadsBytes), everything beyond
// it still.
func roadsGeoJSON(net *roads.Network, b orb.Bound, limit int) ([]byte, error) {
	if net == nil {
		return nil, nil
	}
	pad := 0.05 * math.Max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])
	box := b.Pad(pad)
	build := func(lanes bool) ([]byte, error) {
		fc := geojson.NewFeatureCollection()
		byKind := map[string]orb.MultiLineString{}
		for _, r := range net.Roads() {
			k := roadKindOf(r.Class)
			if k == roadLane && !lanes {
				continue
			}
			byKind[k] = append(byKind[k], webLines(r.Line, box)...)
		}
		for _, k := range []string{roadLane, roadMain, roadExpressway} {
			if len(byKind[k]) == 0 {
				continue
			}
			f := geojson.NewFeature(byKind[k])
			f.Properties["kind"], f.Properties["barrier"] = k, false
			fc.Append(f)
		}
		for _, br := range net.Barriers() {
			ls := webLines(br.Line, box)
			if len(ls) == 0 {
				continue
			}
			f := geojson.NewFeature(ls)
			f.Properties["kind"], f.Properties["name"], f.Properties["barrier"] = string(br.Kind), br.Name, true
			fc.Append(f)
		}
		out, err := fc.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("service: road layer: %w", err)
		}
		return out, nil
	}
	out, err := build(true)
	if err != nil || len(out) <= limit {
		return out, err
	}
	if out, err = build(false); err != nil || len(out) <= limit {
		return out, err
	}
	return []byte(`{"type":"FeatureCollection","features":[]}`), nil
}

// webLines clips a line to box, simplifies it to SimplifyDeg and rounds it
// to roadDigits decimals; the pieces left with two distinct points.
func webLines(line orb.LineString, box orb.Bound) orb.MultiLineString {
	var out orb.MultiLineString
	scale := math.Pow(10, roadDigits)
	for _, part := range clip.LineString(box, line.Clone()) {
		part = simplify.DouglasPeucker(SimplifyDeg).LineString(part)
		var ls orb.LineString
		for _, p := range part {
			q := orb.Point{math.Round(p[0]*scale) / scale, math.Round(p[1]*scale) / scale}
			if n := len(ls); n > 0 && ls[n-1] == q {
				continue
			}
			ls = append(ls, q)
		}
		if len(ls) >= 2 {
			out = append(out, ls)
		}
	}
	return out
}

// webBound is the WGS84 bound of the map: the zoned area and the schools;
// the network's own bound when there is neither.
func webBound(net *roads.Network, area orb.MultiPolygon, sites []orb.Point) orb.Bound {
	var b orb.Bound
	ok := false
	grow := func(g orb.Bound) {
		if !ok {
			b, ok = g, true
			return
		}
		b = b.Union(g)
	}
	if len(area) > 0 {
		grow(area.Bound())
	}
	for _, p := range sites {
		if finitePoint(p) == nil {
			grow(orb.Bound{Min: p, Max: p})
		}
	}
	if !ok && net != nil {
		return net.Bounds()
	}
	return b
}

// setRoads sets w's road layer from ds's road network, within the zoned
// area and the schools; none without a network.
func (w *Web) setRoads(ds *dataset.Dataset, area orb.MultiPolygon) error {
	if ds.Roads == nil {
		return nil
	}
	sites := make([]orb.Point, len(ds.Schools))
	for j := range ds.Schools {
		sites[j] = ds.Schools[j].Loc
	}
	var err error
	w.roads, err = roadsGeoJSON(ds.Roads, webBound(ds.Roads, area, sites), MaxRoadsBytes)
	return err
}
