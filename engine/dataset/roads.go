package dataset

import (
	"errors"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"go.yaml.in/yaml/v3"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// File names Files gives the road layer when Meta names none (or names a
// file of another format: the layer is always written as GeoJSON).
const (
	RoadsFile    = "roads.geojson"
	BarriersFile = "barriers.geojson"
)

// roadFormats and barrierFormats are the file name endings accepted for the
// roads and barriers keys of dataset.yaml.
var (
	roadFormats    = []string{".geojson", ".json", ".gpkg", ".osm", ".osm.pbf"}
	barrierFormats = []string{".geojson", ".json", ".gpkg"}
)

// roadKey reads the roads or barriers key of dataset.yaml: a file name in
// the folder with an accepted ending.
func (l *loader) roadKey(key string, v *yaml.Node) {
	formats, line := roadFormats, &l.metaRoads
	if key == "roads" {
		l.roadsKey = true
	}
	if key == "barriers" {
		formats, line = barrierFormats, &l.metaBarriers
	}
	switch {
	case v.Kind != yaml.ScalarNode:
		l.problem(MetaFile, v.Line, "%s must be a file name", key)
		return
	case v.Tag == "!!null" || v.Value == "":
		return
	case !fs.ValidPath(v.Value):
		l.problem(MetaFile, v.Line, "%s %q is not a path inside the dataset folder (relative, with / separators, no ..)", key, v.Value)
		return
	case !hasFormat(v.Value, formats):
		l.problem(MetaFile, v.Line, "%s %q: unknown format (accepted file names end in %s)", key, v.Value, strings.Join(formats, ", "))
		return
	}
	if key == "roads" {
		l.d.Meta.Roads = v.Value
	} else {
		l.d.Meta.Barriers = v.Value
	}
	*line = v.Line
}

func hasFormat(name string, formats []string) bool {
	low := strings.ToLower(name)
	for _, f := range formats {
		if strings.HasSuffix(low, f) {
			return true
		}
	}
	return false
}

// loadRoads reads the road layer dataset.yaml names, through geo/roads:
// every problem the reader finds becomes a problem of its file.
func (l *loader) loadRoads() {
	m := &l.d.Meta
	if m.Roads == "" {
		if m.Barriers != "" && !l.roadsKey {
			l.problem(MetaFile, l.metaBarriers, "barriers %q named without roads", m.Barriers)
		}
		return
	}
	ok := true
	for _, f := range []struct {
		key, name string
		line      int
	}{{"roads", m.Roads, l.metaRoads}, {"barriers", m.Barriers, l.metaBarriers}} {
		if f.name == "" {
			continue
		}
		if _, err := fs.Stat(l.fsys, f.name); errors.Is(err, fs.ErrNotExist) {
			l.problem(MetaFile, f.line, "%s file %q not found", f.key, f.name)
			ok = false
		} else if err != nil {
			l.problem(f.name, 0, "cannot open: %v", unwrapPath(err))
			ok = false
		}
	}
	if m.Barriers != "" && (hasFormat(m.Roads, []string{".osm", ".osm.pbf"})) {
		l.problem(MetaFile, l.metaBarriers, "barriers %q named beside an OpenStreetMap roads file, which holds its own barriers", m.Barriers)
		ok = false
	}
	if !ok || l.stopped() {
		return
	}
	n, err := roads.ReadFS(l.fsys, m.Roads, m.Barriers)
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			file, msg := m.Roads, strings.TrimPrefix(line, "roads: ")
			for _, name := range []string{m.Roads, m.Barriers} {
				if rest, found := strings.CutPrefix(msg, name+": "); name != "" && found {
					file, msg = name, rest
					break
				}
			}
			l.problem(file, 0, "%s", msg)
		}
		return
	}
	if l.crs != "" && l.crs != geo.WGS84 {
		if n, err = toWGS84(n, l.crs); err != nil {
			l.problem(m.Roads, 0, "%s", strings.TrimPrefix(err.Error(), "roads: "))
			return
		}
	}
	l.d.Roads = n
}

// toWGS84 converts a road layer read in another reference system.
func toWGS84(n *roads.Network, crs geo.CRS) (*roads.Network, error) {
	conv := func(l orb.LineString) orb.LineString {
		out := make(orb.LineString, len(l))
		for i, p := range l {
			out[i] = geo.ToWGS84(p, crs)
		}
		return out
	}
	rs := slices.Clone(n.Roads())
	for i := range rs {
		rs[i].Line = conv(rs[i].Line)
	}
	bs := slices.Clone(n.Barriers())
	for i := range bs {
		bs[i].Line = conv(bs[i].Line)
	}
	return roads.New(rs, bs)
}

// roadFiles renders the road layer as GeoJSON files: one feature a line,
// in the network's order, coordinates rounded to 1e-7 degree, so that
// writing what was read gives the same bytes.
func roadFiles(n *roads.Network) (roadsJSON, barriersJSON []byte, err error) {
	fc := geojson.NewFeatureCollection()
	for _, r := range n.Roads() {
		f := geojson.NewFeature(roundLine(r.Line))
		f.Properties["class"] = r.Class
		if r.Name != "" {
			f.Properties["name"] = r.Name
		}
		if r.Oneway {
			f.Properties["oneway"] = true
		}
		if r.Bridge {
			f.Properties["bridge"] = true
		}
		if r.Tunnel {
			f.Properties["tunnel"] = true
		}
		fc.Append(f)
	}
	if roadsJSON, err = MarshalFeatures(fc); err != nil {
		return nil, nil, err
	}
	if len(n.Barriers()) == 0 {
		return roadsJSON, nil, nil
	}
	fc = geojson.NewFeatureCollection()
	for _, b := range n.Barriers() {
		f := geojson.NewFeature(roundLine(b.Line))
		f.Properties["kind"] = string(b.Kind)
		if b.Name != "" {
			f.Properties["name"] = b.Name
		}
		fc.Append(f)
	}
	barriersJSON, err = MarshalFeatures(fc)
	return roadsJSON, barriersJSON, err
}

func roundLine(l orb.LineString) orb.LineString {
	out := make(orb.LineString, len(l))
	for i, p := range l {
		out[i] = orb.Point{roundDeg7(p[0]), roundDeg7(p[1])}
	}
	return out
}

func roundDeg7(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 7, 64), 64)
	return f
}
