// Package gis renders a comparison of zone plans (engine/compare) as the
// meeting pack's files for GIS tools: each plan's zones and each
// proposal's changed areas as GeoJSON, and all of it, with the campuses
// and the homes that change school, as one GeoPackage (written by
// geo/gpkg), WGS84 throughout.
//
// What belongs here: the layers, their fields and titles. The zones,
// areas and moves are engine/compare's; this package only lays them out.
package gis

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/paulmach/orb/geojson"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render"
	"github.com/hutubi-edu/zoning/geo/gpkg"
)

// GeoJSON renders, per plan, its zones as docs/dataset-format.md's zones.geojson with
// the entrants it places (<stem>.geojson), and, per proposal, the changed
// areas (<stem>-changes.geojson: properties level, old_school_ids,
// old_schools, new_school_ids, new_schools, households, area_km2), keyed by
// file name.
func GeoJSON(c *compare.Comparison) (map[string][]byte, error) {
	out := map[string][]byte{}
	for i, o := range c.Plans {
		b, err := o.Result.ZonesGeoJSON(o.Metrics)
		if err != nil {
			return nil, fmt.Errorf("gis: %w", err)
		}
		out[render.FileStem(c, i)+".geojson"] = b
		if o.Change == nil {
			continue
		}
		fc := geojson.NewFeatureCollection()
		for _, a := range o.Change.Areas {
			f := geojson.NewFeature(a.Geometry)
			for k, v := range areaProps(c, a) {
				f.Properties[k] = v
			}
			fc.Append(f)
		}
		if out[render.FileStem(c, i)+"-changes.geojson"], err = dataset.MarshalFeatures(fc); err != nil {
			return nil, fmt.Errorf("gis: %w", err)
		}
	}
	return out, nil
}

func areaProps(c *compare.Comparison, a compare.AreaChange) map[string]any {
	return map[string]any{"level": string(a.Level), "old_school_ids": c.ZoneIDs(a.Old), "old_schools": c.ZoneName(a.Level, a.Old),
		"new_school_ids": c.ZoneIDs(a.New), "new_schools": c.ZoneName(a.Level, a.New), "households": a.Households, "area_km2": a.AreaKm2}
}

// GeoPackage renders the pack's GeoPackage (compare.gpkg) for an audience:
// the campuses (layer schools), each plan's zones (plan<i>_zones) and, for
// each proposal, its changed areas (plan<i>_changes) and, but for
// render.Public, the homes of the households whose zone school changes
// (plan<i>_moved_households), all WGS84. Layer titles are Chinese, with
// the plan's name. The file is written in a temporary folder and read
// back.
func GeoPackage(c *compare.Comparison, a render.Audience) ([]byte, error) {
	dir, err := os.MkdirTemp("", "zoning-gpkg-")
	if err != nil {
		return nil, fmt.Errorf("gis: %w", err)
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "compare.gpkg")
	if err := writeGeoPackage(p, c, a); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("gis: %w", err)
	}
	return b, nil
}

// writeGeoPackage writes GeoPackage's layers at path.
func writeGeoPackage(path string, c *compare.Comparison, a render.Audience) error {
	ds := c.Dataset
	schools := gpkg.Layer{Name: "schools", Title: "学校", Description: ds.Meta.Name + "的学校（校区）", GeometryType: "POINT",
		Fields: []gpkg.Field{{Name: "school_id", Type: gpkg.Text}, {Name: "name", Type: gpkg.Text},
			{Name: "primary_seats", Type: gpkg.Integer}, {Name: "junior_seats", Type: gpkg.Integer},
			{Name: "public", Type: gpkg.Integer}, {Name: "area_type", Type: gpkg.Text}}}
	for _, s := range ds.Schools {
		pub := 0
		if s.Public {
			pub = 1
		}
		schools.Features = append(schools.Features, gpkg.Feature{Geometry: s.Loc,
			Values: []any{s.ID, s.Name, s.PrimarySeats, s.JuniorSeats, pub, string(s.AreaType)}})
	}
	layers := []gpkg.Layer{schools}
	for i, o := range c.Plans {
		p := i + 1
		zl := gpkg.Layer{Name: fmt.Sprintf("plan%d_zones", p), Title: fmt.Sprintf("方案%d %s：片区", p, o.Plan.Name),
			Description: fmt.Sprintf("%d年 %s 的招生片区（%s）", c.Year, o.Plan.Name, o.Plan.Path), GeometryType: "MULTIPOLYGON",
			Fields: []gpkg.Field{{Name: "level", Type: gpkg.Text}, {Name: "school_id", Type: gpkg.Text},
				{Name: "name", Type: gpkg.Text}, {Name: "zone_id", Type: gpkg.Text}, {Name: "entrants", Type: gpkg.Integer},
				{Name: "intake_capacity", Type: gpkg.Integer}, {Name: "utilisation", Type: gpkg.Real}}}
		entrants := map[string]int{}
		for _, s := range o.Metrics.Schools {
			entrants[s.Level+"\x00"+s.SchoolID] = s.Entrants
		}
		for _, lr := range o.Result.Levels {
			for k, zk := range lr.Zoned {
				j := zk.School
				if lr.Zoned[k].Polygon == nil {
					continue
				}
				s := &ds.Schools[j]
				var zoneID, util any
				if id := lr.ZoneID(k); id != "" {
					zoneID = id
				}
				n := entrants[string(lr.Level)+"\x00"+s.ID]
				capacity := lr.Schools[j].Capacity
				if capacity > 0 {
					util = float64(n) / float64(capacity)
				}
				zl.Features = append(zl.Features, gpkg.Feature{Geometry: lr.Zoned[k].Polygon,
					Values: []any{string(lr.Level), s.ID, compare.SectionName(s, lr.Level), zoneID, n, capacity, util}})
			}
		}
		layers = append(layers, zl)
		if o.Change == nil {
			continue
		}
		cl := gpkg.Layer{Name: fmt.Sprintf("plan%d_changes", p), Title: fmt.Sprintf("方案%d %s：片区调整区域", p, o.Plan.Name),
			Description: "与现行片区（" + c.Plans[0].Plan.Name + "）相比，所属学校改变的有住户区域（住户所在的 H3 网格）", GeometryType: "MULTIPOLYGON",
			Fields: []gpkg.Field{{Name: "level", Type: gpkg.Text}, {Name: "old_school_ids", Type: gpkg.Text},
				{Name: "old_schools", Type: gpkg.Text}, {Name: "new_school_ids", Type: gpkg.Text},
				{Name: "new_schools", Type: gpkg.Text}, {Name: "households", Type: gpkg.Integer}, {Name: "area_km2", Type: gpkg.Real}}}
		for _, a := range o.Change.Areas {
			cl.Features = append(cl.Features, gpkg.Feature{Geometry: a.Geometry, Values: []any{string(a.Level),
				c.ZoneIDs(a.Old), c.ZoneName(a.Level, a.Old), c.ZoneIDs(a.New), c.ZoneName(a.Level, a.New), a.Households, a.AreaKm2}})
		}
		hl := gpkg.Layer{Name: fmt.Sprintf("plan%d_moved_households", p), Title: fmt.Sprintf("方案%d %s：片区改变的住户", p, o.Plan.Name),
			Description: "与现行片区相比，所属学校改变的住户（住址、原学校、新学校、本年新生人数）", GeometryType: "POINT",
			Fields: []gpkg.Field{{Name: "household_id", Type: gpkg.Text}, {Name: "address", Type: gpkg.Text},
				{Name: "level", Type: gpkg.Text}, {Name: "old_school_ids", Type: gpkg.Text}, {Name: "old_schools", Type: gpkg.Text},
				{Name: "new_school_ids", Type: gpkg.Text}, {Name: "new_schools", Type: gpkg.Text}, {Name: "entrants", Type: gpkg.Integer}}}
		for _, hm := range o.Change.HouseholdMoves {
			h := &ds.Households[hm.Household]
			hl.Features = append(hl.Features, gpkg.Feature{Geometry: h.Loc, Values: []any{h.ID, h.Address, string(hm.Level),
				c.ZoneIDs(hm.OldZone), c.ZoneName(hm.Level, hm.OldZone), c.ZoneIDs(hm.NewZone), c.ZoneName(hm.Level, hm.NewZone), len(hm.Entrants)}})
		}
		layers = append(layers, cl)
		if a != render.Public {
			layers = append(layers, hl)
		}
	}
	if err := gpkg.Write(path, layers); err != nil {
		return fmt.Errorf("gis: %w", err)
	}
	return nil
}
