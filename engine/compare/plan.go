package compare

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/planfile"
	"github.com/hutubi-edu/zoning/geo"
)

// Plan is a zone plan to compare: a redraw's output folder or a
// zones.geojson, in WGS84.
type Plan struct {
	Name  string // the label the pack shows: the folder's name, or the file's without .geojson
	Path  string // as given
	Year  int    // the school year of metrics.json in the folder; 0 when the plan does not say
	Zones []dataset.Zone
	// Warnings are the plan file's (planfile.Plan.Warnings): polygons
	// repaired, zones that overlap, as FILE:LINE: message.
	Warnings []dataset.Problem
}

// The plan that stands for the dataset's own zones in force: its word
// among the plans given (zoning compare's arguments), the name the pack
// shows unless another is given, and the Path the pack shows for where it
// was read. Defined here once: zoning compare and the server's compare run
// take it from InForce.
const (
	CurrentPlan = "current"
	InForceName = "现行片区"
	InForcePath = "数据集中的现行片区"
)

// InForce is the plan of the dataset's zones in force, named name
// (InForceName when empty). It is an error for the dataset to have none.
func InForce(ds *dataset.Dataset, name string) (*Plan, error) {
	if len(ds.Zones) == 0 {
		return nil, fmt.Errorf("compare: %s: the dataset has no zones in force (zones.geojson)", CurrentPlan)
	}
	return &Plan{Name: cmp.Or(name, InForceName), Path: InForcePath, Zones: ds.Zones}, nil
}

// Load reads a plan (planfile.Read): a folder holding zones.geojson (and,
// optionally, metrics.json, whose year it takes), or a .geojson file with
// FORMATS.md's zones (properties level, school_id, optionally zone_id). A
// file named zones.geojson takes its folder's name.
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
	pf, err := planfile.Read(path, planfile.Options{Dataset: ds, CRS: crs})
	if err != nil {
		return nil, planError(path, err)
	}
	return planOf(pf)
}

// Parse reads a plan from the bytes of its zones.geojson and of its
// metrics.json (nil when absent); the file names are for the messages. ds
// and crs are as for Load: the zones are read as dataset.ReadZones reads
// them, problems as FILE:LINE: message.
func Parse(zones, metrics []byte, zonesFile, metricsFile string, ds *dataset.Dataset, crs geo.CRS) (*Plan, error) {
	if zones == nil {
		zones = []byte{}
	}
	pf, err := planfile.Parse(planfile.Files{Zones: zones, Metrics: metrics, ZonesName: zonesFile, MetricsName: metricsFile},
		planfile.Options{Dataset: ds, CRS: crs})
	if err != nil {
		return nil, planError("", err)
	}
	return planOf(pf)
}

// planOf is the plan to compare of a plan's files.
func planOf(pf *planfile.Plan) (*Plan, error) {
	if len(pf.Zones) == 0 {
		return nil, fmt.Errorf("compare: %s: no zones", pf.ZonesFile)
	}
	return &Plan{Name: pf.Name, Path: pf.Path, Year: pf.Year(), Zones: pf.Zones, Warnings: pf.Warnings}, nil
}

// planError words an error of planfile for the plan at path: each of its
// problems prefixed with the package's name.
func planError(path string, err error) error {
	var probs dataset.Problems
	var pe *fs.PathError
	switch {
	case planfile.IsGeoPackage(path):
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			errs := joined.Unwrap()
			for i, e := range errs {
				errs[i] = fmt.Errorf("compare: %w", e)
			}
			return errors.Join(errs...)
		}
		return fmt.Errorf("compare: %w", err)
	case errors.As(err, &probs):
		return fmt.Errorf("compare: plan:\n%w", err)
	case errors.As(err, &pe) && pe.Op == "stat":
		return fmt.Errorf("compare: plan: %w", err)
	case errors.As(err, &pe) && filepath.Base(pe.Path) == engine.MetricsFile:
		return fmt.Errorf("compare: %w", err)
	}
	return fmt.Errorf("compare: plan %s: %w (a plan is a redraw's output folder or a zones.geojson)", path, err)
}

// check reports every zone of the plan that names a school the dataset
// lacks or a school without that level's section.
func (p *Plan) check(ds *dataset.Dataset) error {
	errs := planfile.CheckSchools(p.Name, p.Zones, ds)
	for i, e := range errs {
		errs[i] = fmt.Errorf("compare: %w", e)
	}
	return errors.Join(errs...)
}
