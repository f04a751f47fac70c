package service

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/planfile"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// whatIfNeedsRun is the answer of the what-if on a map served from a plan
// folder: the what-if needs the run's units and demand, which the folder
// does not hold.
const whatIfNeedsRun = "what-if needs a run of the dataset (zoning serve without --plan)"

// NewWebFromPlan prepares the web map of a published plan folder: zones are
// the folder's zones.geojson (as planfile reads them; WGS84 lon, lat),
// simplified to SimplifyDeg; the school figures are metricsJSON (the
// folder's metrics.json, parsed by planfile.ParseMetrics; nil or empty:
// schools without figures, year 0); the schools' names and locations come
// from ds; the zoned area is the union of the zones of every level. The
// planner's what-if answers 503 on such a map: it needs a run.
func NewWebFromPlan(ds *dataset.Dataset, zones []dataset.Zone, metricsJSON []byte, opt WebOptions) (*Web, error) {
	var m *engine.Metrics
	if len(metricsJSON) > 0 {
		var err error
		if m, err = planfile.ParseMetrics(metricsJSON, engine.MetricsFile); err != nil {
			return nil, fmt.Errorf("service: %w", err)
		}
	}
	return newWebFromPlan(ds, zones, m, opt)
}

// NewWebFromFiles is NewWebFromPlan of a plan folder read by planfile.
func NewWebFromFiles(ds *dataset.Dataset, pf *planfile.Plan, opt WebOptions) (*Web, error) {
	return newWebFromPlan(ds, pf.Zones, pf.Metrics, opt)
}

// newWebFromPlan is NewWebFromPlan of the figures read (nil: none).
func newWebFromPlan(ds *dataset.Dataset, zones []dataset.Zone, metrics *engine.Metrics, opt WebOptions) (*Web, error) {
	if ds == nil {
		return nil, errors.New("service: web map: no dataset")
	}
	if err := checkTiles(opt.Tiles); err != nil {
		return nil, err
	}
	var m engine.Metrics
	if metrics != nil {
		m = *metrics
	}
	idx := make(map[string]int, len(ds.Schools))
	for j, s := range ds.Schools {
		idx[s.ID] = j
	}
	present := map[dataset.Level]bool{}
	for _, z := range zones {
		present[z.Level] = true
	}
	for l := range m.Levels {
		lv, err := dataset.ParseLevel(l)
		if err != nil {
			return nil, fmt.Errorf("service: %s: levels: %w", engine.MetricsFile, err)
		}
		present[lv] = true
	}
	w := &Web{opt: opt, year: m.Year, county: ds.Meta.Name, zones: map[string][]byte{}, whatif: map[dataset.Level]*whatIfBase{}}
	for _, l := range []dataset.Level{dataset.Primary, dataset.Junior} {
		if present[l] {
			w.levels = append(w.levels, l)
		}
	}
	fcs := map[dataset.Level]*geojson.FeatureCollection{}
	for _, l := range w.levels {
		fcs[l] = geojson.NewFeatureCollection()
	}
	var all []orb.Geometry
	for i, z := range zones {
		fc := fcs[z.Level]
		if fc == nil {
			return nil, fmt.Errorf("service: %s: zone %d: level %q (accepted: %s, %s)", engine.ZonesFile, i+1, z.Level, dataset.Primary, dataset.Junior)
		}
		j, ok := idx[z.SchoolID]
		if !ok {
			return nil, fmt.Errorf("service: %s: zone %d: school_id %q is not a school of the dataset", engine.ZonesFile, i+1, z.SchoolID)
		}
		if len(z.Geometry) > 0 {
			all = append(all, z.Geometry)
		}
		if f := zoneFeature(ds, j, z.Geometry, z.ZoneID); f != nil {
			fc.Append(f)
		}
	}
	for l, fc := range fcs {
		b, err := fc.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("service: zones of %s: %w", l, err)
		}
		w.zones[string(l)] = b
	}
	area, err := geos.Union(all...)
	if err != nil {
		return nil, fmt.Errorf("service: zoned area: %w", err)
	}
	fc := geojson.NewFeatureCollection()
	if a := simplifyMulti(area); len(a) > 0 {
		fc.Append(geojson.NewFeature(a))
	}
	if w.area, err = fc.MarshalJSON(); err != nil {
		return nil, fmt.Errorf("service: zoned area: %w", err)
	}
	if w.schools, err = json.Marshal(schoolsOf(ds, m)); err != nil {
		return nil, fmt.Errorf("service: schools: %w", err)
	}
	if w.equity, err = json.Marshal(webEquity(ds, m, w.levels)); err != nil {
		return nil, fmt.Errorf("service: equity: %w", err)
	}
	if err := w.setRoads(ds, area); err != nil {
		return nil, err
	}
	return w, nil
}
