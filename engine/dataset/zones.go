package dataset

import (
	"bytes"

	"github.com/hutubi-edu/zoning/geo"
)

// ReadZones reads zones in the form of zones.geojson, docs/dataset-format.md (a
// FeatureCollection of Polygon or MultiPolygon features with properties
// level, school_id and optionally zone_id) from b, as Load reads a
// dataset's zones: streamed, the size limit (MaxGeoJSONBytes) and UTF-8
// checked, coordinates checked and
// converted from crs to WGS84, every school_id checked against ds's schools
// and their sections (not checked when ds is nil), one zone per level and
// school. name is the file's name in the problems. When anything is wrong
// the error is a Problems listing every problem as name:LINE: message.
func ReadZones(b []byte, name string, ds *Dataset, crs geo.CRS) ([]Zone, error) {
	l := &loader{d: &Dataset{}, crs: crs}
	if ds != nil {
		l.d.Schools = ds.Schools
		l.schools = make(idSet, len(ds.Schools))
		for i, s := range ds.Schools {
			l.schools[s.ID] = idEntry{index: i}
		}
		l.schoolsOK = true
	}
	l.parseZones(bytes.NewReader(b))
	if len(l.probs) > 0 {
		for i := range l.probs {
			l.probs[i].File = name
		}
		sortProblems(l.probs)
		return nil, Problems(l.probs)
	}
	return l.d.Zones, nil
}
