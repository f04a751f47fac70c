package roads

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// maxFile is the largest roads or barriers file read, in bytes (a county's
// OpenStreetMap extract is a few tens of megabytes).
const maxFile = 2 << 30

// Read reads a network from files: roadsPath is .osm, .osm.pbf, .geojson
// (or .json) or .gpkg. For OpenStreetMap the barriers come from the same
// file and barriersPath must be ""; for GeoJSON and GeoPackage they come
// from barriersPath (.geojson, .json or .gpkg), which may be "" for a
// network without barriers (a GeoPackage roads file may hold a layer named
// barriers instead). See the package doc for the formats.
func Read(roadsPath, barriersPath string) (*Network, error) {
	return read(osFS{}, roadsPath, barriersPath)
}

// ReadFS is Read from fsys (an embed.FS for the embedded dataset, or
// os.DirFS). A GeoPackage is copied to a temporary file for SQLite.
func ReadFS(fsys fs.FS, roadsPath, barriersPath string) (*Network, error) {
	return read(fsys, roadsPath, barriersPath)
}

// osFS opens paths as the operating system names them (fs.FS would refuse
// absolute and ../ paths).
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

// format is a file's format, from its name.
func format(path string) string {
	l := strings.ToLower(path)
	switch {
	case strings.HasSuffix(l, ".osm.pbf") || strings.HasSuffix(l, ".pbf"):
		return "pbf"
	case strings.HasSuffix(l, ".osm"):
		return "osm"
	case strings.HasSuffix(l, ".geojson") || strings.HasSuffix(l, ".json"):
		return "geojson"
	case strings.HasSuffix(l, ".gpkg"):
		return "gpkg"
	}
	return ""
}

const formats = ".osm, .osm.pbf, .geojson, .json, .gpkg"

func read(fsys fs.FS, roadsPath, barriersPath string) (*Network, error) {
	switch format(roadsPath) {
	case "osm", "pbf":
		if barriersPath != "" {
			return nil, fmt.Errorf("roads: %s: an OpenStreetMap file holds its own barriers; barriers file %s not read", roadsPath, barriersPath)
		}
		roads, barriers, err := readOSM(fsys, roadsPath)
		if err != nil {
			return nil, err
		}
		return build(roads, barriers, true)
	case "geojson", "gpkg":
	default:
		return nil, fmt.Errorf("roads: %s: unknown format; accepted file names end in %s", roadsPath, formats)
	}
	var errs []error
	var roads []Road
	var barriers []Barrier
	var err error
	if format(roadsPath) == "geojson" {
		roads, err = readGeoJSONRoads(fsys, roadsPath)
	} else {
		roads, barriers, err = readGPKGRoads(fsys, roadsPath, barriersPath == "")
	}
	if err != nil {
		errs = append(errs, err)
	}
	if barriersPath != "" {
		switch format(barriersPath) {
		case "geojson":
			barriers, err = readGeoJSONBarriers(fsys, barriersPath)
		case "gpkg":
			barriers, err = readGPKGBarriers(fsys, barriersPath)
		default:
			err = fmt.Errorf("roads: %s: unknown format for barriers; accepted file names end in .geojson, .json, .gpkg", barriersPath)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return New(roads, barriers)
}

func readAll(fsys fs.FS, path string) ([]byte, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, fmt.Errorf("roads: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("roads: %s: %w", path, err)
	}
	if len(b) > maxFile {
		return nil, fmt.Errorf("roads: %s: larger than %d bytes", path, maxFile)
	}
	return b, nil
}

// lines returns the lines of a LineString or MultiLineString geometry.
func lines(g orb.Geometry) ([]orb.LineString, string) {
	switch g := g.(type) {
	case orb.LineString:
		return []orb.LineString{g}, ""
	case orb.MultiLineString:
		if len(g) == 0 {
			return nil, "empty MultiLineString"
		}
		return g, ""
	case nil:
		return nil, "no geometry; accepted: LineString, MultiLineString"
	}
	return nil, fmt.Sprintf("geometry %s; accepted: LineString, MultiLineString", g.GeoJSONType())
}

// features splits a GeoJSON FeatureCollection into its features, each
// decoded on its own so that one bad feature does not hide the others.
func features(path string, b []byte, each func(n int, f *geojson.Feature, err error)) error {
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return fmt.Errorf("roads: %s: %w", path, err)
	}
	if fc.Type != "FeatureCollection" {
		return fmt.Errorf("roads: %s: type %q; accepted: FeatureCollection", path, fc.Type)
	}
	for i, raw := range fc.Features {
		f, err := geojson.UnmarshalFeature(raw)
		each(i+1, f, err)
	}
	return nil
}

// props reads typed properties, collecting problems.
type props struct {
	m    map[string]any
	errs []string
}

func (p *props) str(name string, required bool) string {
	v, ok := p.m[name]
	if !ok || v == nil {
		if required {
			p.errs = append(p.errs, fmt.Sprintf("no %s property", name))
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		p.errs = append(p.errs, fmt.Sprintf("%s is %v, not text", name, v))
	}
	return s
}

// boolean reads a bool given as true/false, "yes"/"no", "true"/"false", 1/0.
func (p *props) boolean(name string) bool {
	v, ok := p.m[name]
	if !ok || v == nil {
		return false
	}
	switch v := v.(type) {
	case bool:
		return v
	case string:
		switch strings.ToLower(v) {
		case "yes", "true", "1":
			return true
		case "no", "false", "0", "":
			return false
		}
	case float64:
		if v == 0 || v == 1 {
			return v == 1
		}
	case int64:
		if v == 0 || v == 1 {
			return v == 1
		}
	}
	p.errs = append(p.errs, fmt.Sprintf("%s is %v; accepted: true, false, \"yes\", \"no\", 1, 0", name, v))
	return false
}

func roadOf(p *props, l orb.LineString) Road {
	r := Road{Line: l}
	r.Class = p.str("class", true)
	if s, ok := p.m["class"].(string); ok && !slices.Contains(Classes, s) {
		p.errs = append(p.errs, fmt.Sprintf("class %q; accepted: %s", s, strings.Join(Classes, ", ")))
	}
	r.Oneway = p.boolean("oneway")
	r.Name = p.str("name", false)
	r.Bridge = p.boolean("bridge")
	r.Tunnel = p.boolean("tunnel")
	return r
}

func barrierOf(p *props, l orb.LineString) Barrier {
	b := Barrier{Line: l}
	k := p.str("kind", true)
	b.Kind = BarrierKind(k)
	if _, ok := p.m["kind"].(string); ok && !slices.Contains(Kinds, b.Kind) {
		p.errs = append(p.errs, fmt.Sprintf("kind %q; accepted: %s", k, kindList()))
	}
	b.Name = p.str("name", false)
	return b
}

// geoJSONLayer reads the features of a GeoJSON line layer, making each line
// with mk, and reports every problem as FILE: feature N: message.
func geoJSONLayer[T any](fsys fs.FS, path string, mk func(*props, orb.LineString) T) ([]T, error) {
	b, err := readAll(fsys, path)
	if err != nil {
		return nil, err
	}
	var out []T
	var errs []error
	err = features(path, b, func(n int, f *geojson.Feature, err error) {
		where := fmt.Sprintf("roads: %s: feature %d", path, n)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", where, err))
			return
		}
		ts, es := feature(where, f.Geometry, f.Properties, mk)
		out = append(out, ts...)
		errs = append(errs, es...)
	})
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// feature makes the lines of one feature with mk, or reports its problems,
// each prefixed with where.
func feature[T any](where string, g orb.Geometry, m map[string]any, mk func(*props, orb.LineString) T) ([]T, []error) {
	ls, msg := lines(g)
	p := &props{m: m}
	if msg != "" {
		p.errs = append(p.errs, msg)
	}
	for _, l := range ls {
		if m := checkLine(l); m != "" {
			p.errs = append(p.errs, m)
		}
	}
	var out []T
	if len(ls) == 0 {
		mk(p, nil) // for the property checks
	}
	for _, l := range ls {
		out = append(out, mk(p, l))
		if len(p.errs) > 0 {
			break
		}
	}
	if len(p.errs) > 0 {
		errs := make([]error, len(p.errs))
		for i, m := range p.errs {
			errs[i] = fmt.Errorf("%s: %s", where, m)
		}
		return nil, errs
	}
	return out, nil
}

func readGeoJSONRoads(fsys fs.FS, path string) ([]Road, error) {
	return geoJSONLayer(fsys, path, roadOf)
}

func readGeoJSONBarriers(fsys fs.FS, path string) ([]Barrier, error) {
	return geoJSONLayer(fsys, path, barrierOf)
}
