package engine

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/paulmach/orb/geojson"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Output file names of a run, per docs/dataset-format.md.
const (
	ZonesFile       = "zones.geojson"
	AssignmentsFile = "assignments.csv"
	MetricsFile     = "metrics.json"
)

// Zones returns the zones of both levels as the zones.geojson features of
// docs/dataset-format.md: one per (level, school) with a zone, a multi-school zone's
// schools sharing a ZoneID, WGS84.
func (r *Result) Zones() []dataset.Zone {
	var out []dataset.Zone
	for _, lr := range r.Levels {
		for k, zk := range lr.Zoned {
			j := zk.School
			if lr.Zoned[k].Polygon == nil {
				continue
			}
			out = append(out, dataset.Zone{Level: lr.Level, SchoolID: r.Dataset.Schools[j].ID, ZoneID: lr.ZoneID(k),
				Geometry: lr.Zoned[k].Polygon})
		}
	}
	return out
}

// ZonesGeoJSON renders the zones of both levels as the zones.geojson of
// docs/dataset-format.md: one feature per (level, school) with a zone.
func (r *Result) ZonesGeoJSON(m Metrics) ([]byte, error) {
	entrants := map[string]int{}
	for _, s := range m.Schools {
		entrants[s.Level+"\x00"+s.SchoolID] = s.Entrants
	}
	fc := geojson.NewFeatureCollection()
	for _, lr := range r.Levels {
		for k, zk := range lr.Zoned {
			j := zk.School
			z := lr.Zoned[k].Polygon
			if z == nil {
				continue
			}
			s := &r.Dataset.Schools[j]
			var f *geojson.Feature
			if len(z) == 1 {
				f = geojson.NewFeature(z[0])
			} else {
				f = geojson.NewFeature(z)
			}
			f.Properties["level"] = string(lr.Level)
			f.Properties["school_id"] = s.ID
			f.Properties["name"] = s.Name
			f.Properties["entrants"] = entrants[string(lr.Level)+"\x00"+s.ID]
			f.Properties["intake_capacity"] = lr.Schools[j].Capacity
			if id := lr.ZoneID(k); id != "" {
				f.Properties["zone_id"] = id
			}
			fc.Append(f)
		}
	}
	b, err := dataset.MarshalFeatures(fc) // one feature a line
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return b, nil
}

// AssignmentsCSV renders assignments.csv: one row per entrant of both
// levels, in the order of children.csv within each level. route_m, the
// walk along the roads in metres, is empty for a run that measures
// straight distances and for a school beyond the walk searched.
func (r *Result) AssignmentsCSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"child_id", "household_id", "level", "school_id", "distance_m", "zoned", "route_m"})
	for _, lr := range r.Levels {
		for _, s := range lr.Seats {
			c := &r.Dataset.Children[s.Child]
			school, dist, zoned, route := "", "", "0", ""
			if s.School >= 0 {
				school = r.Dataset.Schools[s.School].ID
				dist = strconv.FormatInt(int64(math.Round(s.DistanceM)), 10)
				if s.Zoned {
					zoned = "1"
				}
				if s.RouteM >= 0 && r.Routes != nil {
					route = strconv.FormatInt(int64(math.Round(s.RouteM)), 10)
				}
			}
			_ = w.Write([]string{c.ID, c.HouseholdID, string(lr.Level), school, dist, zoned, route})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return b.Bytes(), nil
}

// Files renders the docs/dataset-format.md outputs of the run, keyed by file name.
func (r *Result) Files() (map[string][]byte, error) {
	m := r.Metrics()
	out := map[string][]byte{}
	var err error
	if out[ZonesFile], err = r.ZonesGeoJSON(m); err != nil {
		return nil, err
	}
	if out[AssignmentsFile], err = r.AssignmentsCSV(); err != nil {
		return nil, err
	}
	if out[MetricsFile], err = json.MarshalIndent(m, "", "  "); err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return out, nil
}

// OutputFiles renders every output of a redraw but the report (which the
// report package adds): the docs/dataset-format.md files of Files, moves.csv when the
// dataset has zones in force (a header alone when nobody moves), and
// zones.csv. It returns the entrants' moves too, for summaries.
func (r *Result) OutputFiles() (map[string][]byte, []Move, error) {
	files, err := r.Files()
	if err != nil {
		return nil, nil, err
	}
	hh, moves, err := r.moved()
	if err != nil {
		return nil, nil, err
	}
	if len(r.Dataset.Zones) > 0 {
		if files[MovesFile], err = r.MovesCSV(hh); err != nil {
			return nil, nil, err
		}
	}
	if files[DescriptionsFile], err = r.DescriptionsCSV(r.Descriptions()); err != nil {
		return nil, nil, err
	}
	if b, err := r.ProposedLocksCSV(); err != nil {
		return nil, nil, err
	} else if b != nil {
		files[ProposedLocksFile] = b
	}
	return files, moves, nil
}
