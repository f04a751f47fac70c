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
// Polygons are checked for validity (ValidPolygons); with WithFixGeometry
// an invalid one is repaired instead (the warning is dropped: use
// ReadZonesWarn to get it).
func ReadZones(b []byte, name string, ds *Dataset, crs geo.CRS, opts ...Option) ([]Zone, error) {
	zs, _, err := ReadZonesWarn(b, name, ds, crs, opts...)
	return zs, err
}

// ReadZonesWarn is ReadZones that also returns the warnings, such as the
// polygons WithFixGeometry repaired, as name:LINE: message.
func ReadZonesWarn(b []byte, name string, ds *Dataset, crs geo.CRS, opts ...Option) ([]Zone, []Problem, error) {
	var o loadOptions
	for _, opt := range opts {
		opt(&o)
	}
	l := &loader{d: &Dataset{}, crs: crs, fixGeometry: o.fixGeometry}
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
		return nil, nil, Problems(l.probs)
	}
	for i := range l.warns {
		l.warns[i].File = name
	}
	sortProblems(l.warns)
	return l.d.Zones, l.warns, nil
}
