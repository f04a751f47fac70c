package planfile

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/gpkg"
)

// IsGeoPackage reports whether Read takes path as a GeoPackage layer:
// FILE.gpkg or FILE.gpkg:LAYER.
func IsGeoPackage(path string) bool {
	_, _, ok := GeoPackagePath(path)
	return ok
}

// GeoPackagePath splits a plan's path FILE.gpkg or FILE.gpkg:LAYER (the
// extension in any case) into the file and the layer ("" for none); ok is
// false for any other path.
func GeoPackagePath(path string) (file, layer string, ok bool) {
	// ASCII letters only, byte by byte, so that the indices of lower are
	// those of path (strings.ToLower changes the length of invalid UTF-8).
	b := []byte(path)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	lower := string(b)
	if strings.HasSuffix(lower, ".gpkg") {
		return path, "", true
	}
	if i := strings.LastIndex(lower, ".gpkg:"); i >= 0 {
		return path[:i+len(".gpkg")], path[i+len(".gpkg:"):], true
	}
	return "", "", false
}

// readGeoPackage reads a plan from a GeoPackage layer (see Read), its
// zones' schools checked against ds when not nil. A GeoPackage has no
// lines: its problems name the file, the layer and the feature.
func readGeoPackage(path, file, layer string, ds *dataset.Dataset, fix bool) (*Plan, error) {
	// Only zone layers are read, and no more features than a plan can
	// have: one zone per level and school.
	most, why := MaxZones, "planfile.MaxZones"
	if ds != nil {
		most, why = max(2*len(ds.Schools), 1), fmt.Sprintf("two levels × the dataset's %d schools", len(ds.Schools))
	}
	layers, err := gpkg.ReadWith(file, gpkg.Options{
		Features:    func(l *gpkg.Layer) bool { return zoneLayer(l) && (layer == "" || l.Name == layer) },
		MaxFeatures: most,
	})
	if err != nil {
		if tm := (*gpkg.TooManyFeaturesError)(nil); errors.As(err, &tm) {
			return nil, fmt.Errorf("plan %s: layer %s has %d features: a plan has at most one zone per level and school (%d: %s)",
				path, tm.Layer, tm.Features, tm.Max, why)
		}
		return nil, fmt.Errorf("plan %s: %w", path, err)
	}
	var candidates []string
	var chosen *gpkg.Layer
	for i := range layers {
		l := &layers[i]
		if !zoneLayer(l) {
			if l.Name == layer {
				return nil, fmt.Errorf("plan %s: layer %s is not a zone layer (want polygons with the fields level and school_id)", path, layer)
			}
			continue
		}
		candidates = append(candidates, l.Name)
		if layer == "" || l.Name == layer {
			chosen = l
		}
	}
	switch {
	case layer != "" && chosen == nil:
		return nil, fmt.Errorf("plan %s: no layer %s (zone layers: %s)", path, layer, strings.Join(candidates, ", "))
	case len(candidates) == 0:
		return nil, fmt.Errorf("plan %s: no zone layer (want polygons with the fields level and school_id)", path)
	case layer == "" && len(candidates) > 1:
		return nil, fmt.Errorf("plan %s: %d zone layers (%s): name one as %s:LAYER", path, len(candidates),
			strings.Join(candidates, ", "), file)
	}
	col := map[string]int{}
	for i, f := range chosen.Fields {
		col[strings.ToLower(f.Name)] = i
	}
	text := func(ft gpkg.Feature, name string) string {
		i, ok := col[name]
		if !ok {
			return ""
		}
		switch v := ft.Values[i].(type) {
		case string:
			return strings.TrimSpace(v)
		case int64:
			return strconv.FormatInt(v, 10)
		}
		return ""
	}
	name := chosen.Name
	if layer == "" {
		name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	p := &Plan{Name: name, Path: path, ZonesFile: file + ":" + chosen.Name}
	type key struct {
		level  dataset.Level
		school string
	}
	first := map[key]int{}
	for k, ft := range chosen.Features {
		fail := func(format string, a ...any) error {
			return fmt.Errorf("%s:%s: feature %d: %s", file, chosen.Name, k+1, fmt.Sprintf(format, a...))
		}
		lv, err := dataset.ParseLevel(text(ft, "level"))
		if err != nil {
			return nil, fail("%v", err)
		}
		id := text(ft, "school_id")
		if id == "" {
			return nil, fail("no school_id")
		}
		var mp orb.MultiPolygon
		switch g := ft.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		default:
			return nil, fail("geometry %T (accepted: Polygon, MultiPolygon)", ft.Geometry)
		}
		fixed, msg, err := dataset.ValidPolygons(mp, geo.WGS84, fix)
		switch {
		case err != nil:
			return nil, fail("%v", err)
		case fixed == nil:
			return nil, fail("%s: correct it, or run with --fix-geometry to repair it (GEOS MakeValid)", msg)
		case msg != "":
			p.Warnings = append(p.Warnings, dataset.Problem{File: file + ":" + chosen.Name, Line: k + 1,
				Msg: fmt.Sprintf("feature %d: %s: repaired (--fix-geometry, GEOS MakeValid)", k+1, msg)})
		}
		mp = fixed
		if prev, dup := first[key{lv, id}]; dup {
			return nil, fail("second %s zone of school %q (first at feature %d)", lv, id, prev)
		}
		first[key{lv, id}] = k + 1
		// Line: a GeoPackage has no lines; its features are numbered.
		p.Zones = append(p.Zones, dataset.Zone{Level: lv, SchoolID: id, ZoneID: text(ft, "zone_id"), Geometry: mp, Line: k + 1})
	}
	if len(p.Zones) == 0 {
		return nil, fmt.Errorf("%s:%s: no zones", file, chosen.Name)
	}
	if ds != nil {
		if errs := CheckSchools(p.Name, p.Zones, ds); len(errs) > 0 {
			return nil, errors.Join(errs...)
		}
	}
	if err := p.overlaps(ds); err != nil {
		return nil, err
	}
	return p, nil
}

// MaxZones is the most features read of a GeoPackage plan's layer when no
// dataset bounds it (with one, two levels × its schools): a county's plan
// has one zone per level and school.
const MaxZones = 100_000

// zoneLayer reports whether a GeoPackage layer can hold zones: polygons
// with the fields level and school_id.
func zoneLayer(l *gpkg.Layer) bool {
	switch strings.ToUpper(l.GeometryType) {
	case "POLYGON", "MULTIPOLYGON", "GEOMETRY":
	default:
		return false
	}
	has := map[string]bool{}
	for _, f := range l.Fields {
		has[strings.ToLower(f.Name)] = true
	}
	return has["level"] && has["school_id"]
}

// CheckSchools reports every zone of zs, the zones of the plan named name,
// that names a school the dataset lacks or a school without that level's
// section; nil when there is none.
func CheckSchools(name string, zs []dataset.Zone, ds *dataset.Dataset) []error {
	var errs []error
	for i, z := range zs {
		j := ds.SchoolIndex(z.SchoolID)
		switch {
		case j < 0:
			errs = append(errs, fmt.Errorf("plan %s: zone %d: school %q is not in the dataset", name, i+1, z.SchoolID))
		case !ds.Schools[j].HasLevel(z.Level):
			errs = append(errs, fmt.Errorf("plan %s: zone %d: %s (%s) has no %s section", name, i+1, z.SchoolID,
				ds.Schools[j].Name, z.Level))
		}
	}
	return errs
}
