package dataset

import (
	"strings"
	"testing"
)

// FuzzLoad fuzzes a whole dataset folder at once (fstest.MapFS seeded from
// testdata/valid), so that the checks across files are reached with every
// file changed: children against households and schools, zones against
// schools and their sections, homes and campuses against the boundary
// dataset.yaml names, in its crs. checkLoad's invariants hold: problems
// each with a file, a line and a message, or a dataset that round-trips.
func FuzzLoad(f *testing.F) {
	v := validFiles(f)
	f.Add(v[MetaFile], v[SchoolsFile], v[HouseholdsFile], v[ChildrenFile], v[ZonesFile], v[BoundaryFile])
	// References across files broken: a child's household and school, a
	// zone's school and section, a boundary that leaves the homes out.
	f.Add(v[MetaFile], v[SchoolsFile], v[HouseholdsFile],
		strings.Replace(strings.Replace(v[ChildrenFile], "C2,H1,2018,2,S1", "C2,H9,2018,2,S9", 1), "C1,H1", "C1,H2", 1),
		strings.Replace(v[ZonesFile], `"level":"junior","school_id":"S2"`, `"level":"junior","school_id":"S1"`, 1),
		`{"type":"Polygon","coordinates":[[[80,40],[80.1,40],[80.1,40.1],[80,40]]]}`)
	// Another crs, and a boundary file the folder does not have.
	f.Add(strings.Replace(v[MetaFile], "crs: wgs84", "crs: gcj02", 1), v[SchoolsFile], v[HouseholdsFile], v[ChildrenFile], v[ZonesFile], v[BoundaryFile])
	f.Add(strings.Replace(v[MetaFile], "boundary: boundary.geojson", "boundary: none.geojson", 1), v[SchoolsFile], v[HouseholdsFile], v[ChildrenFile], "", v[BoundaryFile])
	f.Fuzz(func(t *testing.T, meta, schools, households, children, zones, boundary string) {
		files := map[string]string{MetaFile: meta, SchoolsFile: schools, HouseholdsFile: households, ChildrenFile: children,
			BoundaryFile: boundary}
		if zones != "" {
			files[ZonesFile] = zones
		}
		checkLoad(t, files)
	})
}
