package compare

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/gpkg"
)

// Plan is a zone plan to compare: a redraw's output folder or a
// zones.geojson, in WGS84.
type Plan struct {
	Name  string // the label the pack shows: the folder's name, or the file's without .geojson
	Path  string // as given
	Year  int    // the school year of metrics.json in the folder; 0 when the plan does not say
	Zones []dataset.Zone
}

// Load reads a plan: a folder holding zones.geojson (and, optionally,
// metrics.json, whose year it takes), or a .geojson file with FORMATS.md's
// zones (properties level, school_id, optionally zone_id). A file named
// zones.geojson takes its folder's name.
//
// A GeoPackage (FILE.gpkg, or FILE.gpkg:LAYER to name the layer) is read
// too: its polygon layer with the fields level and school_id (and
// optionally zone_id), such as a plan's zones layer of compare.gpkg edited
// in QGIS.
//
// ds, when not nil, is the dataset the plan is for: every zone's school is
// checked against it, and problems come as FILE:LINE: message, as the
// dataset's own zones.geojson is read (dataset.ReadZones). crs is the
// coordinate system of a .geojson file given directly (a plan drawn on a
// Chinese web map: gcj02 or bd09); a redraw's folder and a GeoPackage are
// WGS84 whatever crs says.
func Load(path string, ds *dataset.Dataset, crs geo.CRS) (*Plan, error) {
	if file, layer, ok := geoPackagePath(path); ok {
		p, err := loadGeoPackage(path, file, layer)
		if err == nil && ds != nil {
			err = p.check(ds)
		}
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("compare: plan: %w", err)
	}
	var name, file, metricsFile string
	if st.IsDir() {
		crs = geo.WGS84
		file = filepath.Join(path, engine.ZonesFile)
		metricsFile = filepath.Join(path, engine.MetricsFile)
		name = filepath.Base(filepath.Clean(path))
	} else {
		file = path
		base := filepath.Base(path)
		name = strings.TrimSuffix(strings.TrimSuffix(base, ".geojson"), ".json")
		if base == engine.ZonesFile {
			name = filepath.Base(filepath.Dir(filepath.Clean(path)))
		}
	}
	zones, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("compare: plan %s: %w (a plan is a redraw's output folder or a zones.geojson)", path, err)
	}
	var metrics []byte
	if metricsFile != "" {
		if metrics, err = os.ReadFile(metricsFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("compare: %w", err)
		}
	}
	p, err := Parse(zones, metrics, file, metricsFile, ds, crs)
	if err != nil {
		return nil, err
	}
	p.Name, p.Path = name, path
	return p, nil
}

// Parse reads a plan from the bytes of its zones.geojson and of its
// metrics.json (nil when absent); the file names are for the messages. ds
// and crs are as for Load: with a dataset the zones are read as
// dataset.ReadZones reads them (problems as FILE:LINE: message), without
// one as lookup.ParseZones does.
func Parse(zones, metrics []byte, zonesFile, metricsFile string, ds *dataset.Dataset, crs geo.CRS) (*Plan, error) {
	p := &Plan{}
	if metrics != nil {
		var m struct {
			Year int `json:"year"`
		}
		if err := json.Unmarshal(metrics, &m); err != nil {
			return nil, fmt.Errorf("compare: %s: %w", metricsFile, err)
		}
		p.Year = m.Year
	}
	var err error
	if ds != nil {
		if p.Zones, err = dataset.ReadZones(zones, zonesFile, ds, crs); err != nil {
			return nil, fmt.Errorf("compare: plan:\n%w", err)
		}
	} else {
		if p.Zones, err = lookup.ParseZones(zones); err != nil {
			return nil, fmt.Errorf("compare: %s: %w", zonesFile, err)
		}
		if crs != "" && crs != geo.WGS84 {
			p.toWGS84(crs)
		}
	}
	if len(p.Zones) == 0 {
		return nil, fmt.Errorf("compare: %s: no zones", zonesFile)
	}
	return p, nil
}

// geoPackagePath splits FILE.gpkg[:LAYER]; ok is false for other paths.
func geoPackagePath(path string) (file, layer string, ok bool) {
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".gpkg") {
		return path, "", true
	}
	if i := strings.LastIndex(lower, ".gpkg:"); i >= 0 {
		return path[:i+len(".gpkg")], path[i+len(".gpkg:"):], true
	}
	return "", "", false
}

// loadGeoPackage reads a plan from a GeoPackage layer (see Load).
func loadGeoPackage(path, file, layer string) (*Plan, error) {
	layers, err := gpkg.Read(file)
	if err != nil {
		return nil, fmt.Errorf("compare: plan %s: %w", path, err)
	}
	var candidates []string
	var chosen *gpkg.Layer
	for i := range layers {
		l := &layers[i]
		if !zoneLayer(l) {
			if l.Name == layer {
				return nil, fmt.Errorf("compare: plan %s: layer %s is not a zone layer (want polygons with the fields level and school_id)", path, layer)
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
		return nil, fmt.Errorf("compare: plan %s: no layer %s (zone layers: %s)", path, layer, strings.Join(candidates, ", "))
	case len(candidates) == 0:
		return nil, fmt.Errorf("compare: plan %s: no zone layer (want polygons with the fields level and school_id)", path)
	case layer == "" && len(candidates) > 1:
		return nil, fmt.Errorf("compare: plan %s: %d zone layers (%s): name one as %s:LAYER", path, len(candidates),
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
	p := &Plan{Name: name, Path: path}
	for k, ft := range chosen.Features {
		fail := func(format string, a ...any) error {
			return fmt.Errorf("compare: %s:%s: feature %d: %s", file, chosen.Name, k+1, fmt.Sprintf(format, a...))
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
		p.Zones = append(p.Zones, dataset.Zone{Level: lv, SchoolID: id, ZoneID: text(ft, "zone_id"), Geometry: mp})
	}
	if len(p.Zones) == 0 {
		return nil, fmt.Errorf("compare: %s:%s: no zones", file, chosen.Name)
	}
	return p, nil
}

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

// toWGS84 converts the plan's zones from crs to WGS84, in place.
func (p *Plan) toWGS84(crs geo.CRS) {
	for i := range p.Zones {
		mp := make(orb.MultiPolygon, len(p.Zones[i].Geometry))
		for k, poly := range p.Zones[i].Geometry {
			mp[k] = make(orb.Polygon, len(poly))
			for r, ring := range poly {
				mp[k][r] = make(orb.Ring, len(ring))
				for v, pt := range ring {
					mp[k][r][v] = geo.ToWGS84(pt, crs)
				}
			}
		}
		p.Zones[i].Geometry = mp
	}
}

// check reports every zone of the plan that names a school the dataset
// lacks or a school without that level's section.
func (p *Plan) check(ds *dataset.Dataset) error {
	var errs []error
	for i, z := range p.Zones {
		j := ds.SchoolIndex(z.SchoolID)
		switch {
		case j < 0:
			errs = append(errs, fmt.Errorf("compare: plan %s: zone %d: school %q is not in the dataset", p.Name, i+1, z.SchoolID))
		case !ds.Schools[j].HasLevel(z.Level):
			errs = append(errs, fmt.Errorf("compare: plan %s: zone %d: %s (%s) has no %s section", p.Name, i+1, z.SchoolID,
				ds.Schools[j].Name, z.Level))
		}
	}
	return errors.Join(errs...)
}
