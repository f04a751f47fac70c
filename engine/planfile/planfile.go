package planfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/geo"
)

// Plan is what a plan's files hold.
type Plan struct {
	// Name is the label of the plan: the folder's name; for a file, its
	// name without .geojson (a file named zones.geojson takes its folder's
	// name); for a GeoPackage, the layer named, else the file's name
	// without .gpkg.
	Name string
	// Path is the path as given.
	Path string
	// Zones are zones.geojson's (or the GeoPackage layer's), in WGS84; nil
	// when a folder read with Options.ZonesOptional has none.
	Zones []dataset.Zone
	// Descriptions are zones.csv's: per level, each school's zone in words
	// (notice.ReadCSV); nil without Options.Descriptions or without the
	// file.
	Descriptions []notice.Plan
	// Metrics are metrics.json's; nil without the file.
	Metrics *engine.Metrics
	// ZonesFile, DescriptionsFile and MetricsFile name the files read, as
	// the problems do; "" for a file not read.
	ZonesFile, DescriptionsFile, MetricsFile string
	// Warnings are what was read but is worth knowing, as FILE:LINE:
	// message: the zones' polygons repaired (Options.FixGeometry) and,
	// with Options.Dataset, the zones that overlap with the households in
	// both (dataset.ZoneOverlaps), as the dataset's zones in force are
	// warned of.
	Warnings []dataset.Problem
}

// Year is the school year of the plan's metrics.json; 0 without one.
func (p *Plan) Year() int {
	if p.Metrics == nil {
		return 0
	}
	return p.Metrics.Year
}

// Options say how to read a plan.
type Options struct {
	// Dataset, when not nil, is the dataset the plan is for: every zone's
	// school is checked against its schools and their sections.
	Dataset *dataset.Dataset
	// CRS is the coordinate system of a zones.geojson file given on its
	// own (a plan drawn on a Chinese web map: gcj02 or bd09); "" is
	// WGS84. The zones of a folder and of a GeoPackage are WGS84 whatever
	// CRS says.
	CRS geo.CRS
	// Descriptions reads a folder's zones.csv too, when it has one.
	Descriptions bool
	// ZonesOptional reads a folder without zones.geojson (the words of
	// zones.csv alone); Zones is then nil and ZonesFile "".
	ZonesOptional bool
	// MetricsBesideFile reads, for a zones.geojson file given on its own,
	// the metrics.json of its folder, when there is one.
	MetricsBesideFile bool
	// FixGeometry repairs an invalid polygon with GEOS's MakeValid (a
	// warning) instead of refusing it (dataset.ValidPolygons); it is on
	// too when Dataset was loaded with dataset.WithFixGeometry.
	FixGeometry bool
}

// fixGeometry reports whether invalid polygons are repaired.
func (o Options) fixGeometry() bool {
	return o.FixGeometry || o.Dataset != nil && o.Dataset.FixGeometry
}

// Files are the bytes of a plan folder's files, nil for a file absent, and
// their names in the problems ("" for the file's own name).
type Files struct {
	Zones, Descriptions, Metrics             []byte
	ZonesName, DescriptionsName, MetricsName string
}

// Read reads the plan at path: a run's output folder (zones.geojson
// required unless Options.ZonesOptional; zones.csv with
// Options.Descriptions, and metrics.json, when present), a zones.geojson
// file (properties level, school_id, optionally zone_id), or a GeoPackage
// (FILE.gpkg, or FILE.gpkg:LAYER to name the layer) whose polygon layer has
// the fields level and school_id (and optionally zone_id).
func Read(path string, opt Options) (*Plan, error) {
	if file, layer, ok := GeoPackagePath(path); ok {
		return readGeoPackage(path, file, layer, opt.Dataset, opt.fixGeometry())
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var f Files
	var name string
	if st.IsDir() {
		opt.CRS = geo.WGS84
		name = filepath.Base(filepath.Clean(path))
		f.ZonesName = filepath.Join(path, engine.ZonesFile)
		f.DescriptionsName = filepath.Join(path, engine.DescriptionsFile)
		f.MetricsName = filepath.Join(path, engine.MetricsFile)
		if f.Zones, err = readGeoJSON(os.Open(f.ZonesName)); err != nil {
			if !opt.ZonesOptional || !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			f.Zones = nil
		}
		if opt.Descriptions {
			if f.Descriptions, err = optional(os.ReadFile(f.DescriptionsName)); err != nil {
				return nil, err
			}
		}
	} else {
		base := filepath.Base(path)
		name = strings.TrimSuffix(strings.TrimSuffix(base, ".geojson"), ".json")
		if base == engine.ZonesFile {
			name = filepath.Base(filepath.Dir(filepath.Clean(path)))
		}
		f.ZonesName = path
		if f.Zones, err = readGeoJSON(os.Open(path)); err != nil {
			return nil, err
		}
		if opt.MetricsBesideFile {
			f.MetricsName = filepath.Join(filepath.Dir(path), engine.MetricsFile)
		}
		opt.Descriptions = false
	}
	if f.MetricsName != "" {
		if f.Metrics, err = optional(os.ReadFile(f.MetricsName)); err != nil {
			return nil, err
		}
	}
	p, err := Parse(f, opt)
	if err != nil {
		return nil, err
	}
	p.Name, p.Path = name, path
	return p, nil
}

// ReadFS reads a run's output folder from fsys, rooted at the folder, as
// Read does; the files are named in the problems by their names in fsys.
func ReadFS(fsys fs.FS, opt Options) (*Plan, error) {
	opt.CRS = geo.WGS84
	var f Files
	var err error
	if f.Zones, err = readGeoJSON(fsys.Open(engine.ZonesFile)); err != nil && !(opt.ZonesOptional && errors.Is(err, fs.ErrNotExist)) {
		return nil, err
	}
	if opt.Descriptions {
		if f.Descriptions, err = optional(fs.ReadFile(fsys, engine.DescriptionsFile)); err != nil {
			return nil, err
		}
	}
	if f.Metrics, err = optional(fs.ReadFile(fsys, engine.MetricsFile)); err != nil {
		return nil, err
	}
	return Parse(f, opt)
}

// Parse reads a plan from the bytes of its files. The zones are parsed by
// dataset.ReadZones (in opt.CRS, checked against opt.Dataset), the
// descriptions by notice.ReadCSV, the figures as engine.Metrics; the first
// file with problems, in that order, is the error, as dataset.Problems.
func Parse(f Files, opt Options) (*Plan, error) {
	p := &Plan{}
	if f.Zones != nil {
		p.ZonesFile = nameOr(f.ZonesName, engine.ZonesFile)
		zs, warns, err := dataset.ReadZonesWarn(f.Zones, p.ZonesFile, opt.Dataset, opt.CRS, dataset.WithFixGeometry(opt.fixGeometry()))
		if err != nil {
			return nil, err
		}
		p.Zones = zs
		p.Warnings = warns
		if err := p.overlaps(opt.Dataset); err != nil {
			return nil, err
		}
	}
	if f.Descriptions != nil && opt.Descriptions {
		p.DescriptionsFile = nameOr(f.DescriptionsName, engine.DescriptionsFile)
		ds, err := ParseDescriptions(f.Descriptions, p.DescriptionsFile)
		if err != nil {
			return nil, err
		}
		p.Descriptions = ds
	}
	if f.Metrics != nil {
		p.MetricsFile = nameOr(f.MetricsName, engine.MetricsFile)
		m, err := ParseMetrics(f.Metrics, p.MetricsFile)
		if err != nil {
			return nil, err
		}
		p.Metrics = m
	}
	return p, nil
}

// ParseDescriptions reads a zones.csv (notice.ReadCSV); name is the file's
// name in the problem.
func ParseDescriptions(b []byte, name string) ([]notice.Plan, error) {
	plans, err := notice.ReadCSV(bytes.NewReader(b))
	if err == nil {
		return plans, nil
	}
	// The reader names the file zones.csv, at a line or not: name it as
	// the caller does.
	msg := strings.TrimPrefix(err.Error(), "notice: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, engine.DescriptionsFile); ok {
		msg = strings.TrimPrefix(rest, ": ")
		if num, text, ok := strings.Cut(strings.TrimPrefix(rest, ":"), ": "); ok {
			if n, err := strconv.Atoi(num); err == nil && n > 0 {
				line, msg = n, text
			}
		}
	}
	return nil, dataset.Problems{{File: name, Line: line, Msg: msg}}
}

// ParseMetrics reads a metrics.json; name is the file's name in the
// problem, at the line where the JSON goes wrong.
func ParseMetrics(b []byte, name string) (*engine.Metrics, error) {
	var m engine.Metrics
	err := json.Unmarshal(b, &m)
	if err == nil {
		return &m, nil
	}
	at := int64(-1)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		at = se.Offset
	case errors.As(err, &te):
		at = te.Offset
	}
	line := 1
	if at > 0 {
		line += bytes.Count(b[:min(int(at), len(b))], []byte{'\n'})
	}
	return nil, dataset.Problems{{File: name, Line: line, Msg: err.Error()}}
}

// readGeoJSON reads the GeoJSON file that an Open returned, at most
// dataset.MaxGeoJSONBytes and one byte more, so that dataset.ReadZones
// reports a file over the limit without the rest of it being read.
func readGeoJSON(f fs.File, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, dataset.MaxGeoJSONBytes()+1))
}

// optional is a ReadFile's result with a missing file as nil, nil.
func optional(b []byte, err error) ([]byte, error) {
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

func nameOr(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

// overlaps adds to the plan's warnings its zones that overlap
// (dataset.OverlapWarnings), with the households of ds in both; nothing
// without a dataset.
func (p *Plan) overlaps(ds *dataset.Dataset) error {
	if ds == nil {
		return nil
	}
	ws, err := dataset.OverlapWarnings(p.ZonesFile, p.Zones, ds.Households)
	if err != nil {
		return fmt.Errorf("planfile: %w", err)
	}
	p.Warnings = append(p.Warnings, ws...)
	return nil
}
