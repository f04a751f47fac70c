package dataset

import (
	"bytes"
	"errors"
	"maps"
	"strings"
	"testing"
)

// checkLoad loads files and checks the invariants that hold for any input:
// Load does not panic; it either returns Problems, every one with a file, a
// line ≥ 1 (or 0 for a whole file: one not a regular file, or references
// not checked against another) and a message, and no dataset; or a dataset
// whose Files load back to the same Files (a round trip).
func checkLoad(t *testing.T, files map[string]string) {
	d, err := Load(mapFS(files))
	if err != nil {
		if d != nil {
			t.Fatal("Load returned a dataset and an error")
		}
		var ps Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("error %T is not a non-empty Problems: %v", err, err)
		}
		for _, p := range ps {
			if p.File == "" || p.Line < 0 || p.Msg == "" || strings.Contains(p.Msg, "\n") {
				t.Fatalf("malformed problem %+v", p)
			}
		}
		return
	}
	want, err := d.Files()
	if err != nil {
		t.Fatalf("Files of a loaded dataset: %v", err)
	}
	back, err := Load(bytesFS(want))
	if err != nil {
		t.Fatalf("the written dataset does not load:\n%v\nfiles:\n%s", err, dump(want))
	}
	got, err := back.Files()
	if err != nil {
		t.Fatal(err)
	}
	for name := range want {
		if !bytes.Equal(got[name], want[name]) {
			t.Fatalf("%s changed in a round trip:\n%q\nwant\n%q", name, got[name], want[name])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("round trip wrote %d files, want %d", len(got), len(want))
	}
}

func dump(files map[string][]byte) string {
	var b strings.Builder
	for n, c := range files {
		b.WriteString("== " + n + "\n")
		b.Write(c)
	}
	return b.String()
}

// fuzzFile fuzzes one file of the valid dataset, seeded with the valid file
// and the given variants.
func fuzzFile(f *testing.F, name string, seeds ...string) {
	base := validFiles(f)
	f.Add([]byte(base[name]))
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		files := maps.Clone(base)
		files[name] = string(data)
		checkLoad(t, files)
	})
}

func FuzzSchoolsCSV(f *testing.F) {
	fuzzFile(f, SchoolsFile,
		"school_id,name,lon,lat,primary_seats,junior_seats\nS1,a,86.9,44.19,1,1\nS2,b,86.9,44.19,0,1\nS3,c,86.9,44.19,1,1\n",
		"\uFEFFjunior_seats,primary_seats,lat,lon,name,school_id,public,boarding\r\n1,1,44.19,86.9,\"a\"\"b\",S1,0,1\r\n1,0,44.19,86.9,x,S2,,\r\n1,1,44.2,86.6,y,S3,1,0\r\n",
		"school_id,name,lon,lat,primary_seats,junior_seats\nS1,a,44.19,86.9,1,1\n",
		"school_id,name\n\"S1\n",
		"school_id,name,lon,lat,primary_seats,junior_seats,primary_classrooms,junior_classrooms\nS1,a,86.9,44.19,90,50,2,\nS2,b,86.9,44.19,0,1,,-1\n",
	)
}

func FuzzHouseholdsCSV(f *testing.F) {
	fuzzFile(f, HouseholdsFile,
		"household_id,lon,lat,address,hukou\nH1,86.9,44.19,a,local\nH2,86.9,44.19,b,migrant\nH3,86.9,44.19,c,local\nH4,86.9,44.19,d,local\nH5,86.9,44.19,e,local\n",
		"community,hukou,permit,address,lat,lon,household_id\n,migrant,1,\"x\ny\",44.19,86.9,H1\n,local,1,z,44.19,86.9,H2\n",
		"household_id,lon,lat,address,hukou\nH1,1e2,4.4e1,a,local\n",
	)
}

func FuzzChildrenCSV(f *testing.F) {
	fuzzFile(f, ChildrenFile,
		"child_id,household_id,birth_year,grade\nC1,H1,2020,0\n",
		"grade,child_id,school_id,household_id,birth_year,needs\n3,C1,S1,H1,2017,disability\n8,C2,S3,H2,2012,\n0,C3,,H5,2022,none\n",
		"child_id,household_id,birth_year,grade,school_id\nC1,H1,2020,1,S2\nC1,H9,20,10,\n",
	)
}

func FuzzBoundaryGeoJSON(f *testing.F) {
	fuzzFile(f, "boundary.geojson",
		`{"type":"Polygon","coordinates":[[[86.5,44],[87.1,44],[87.1,44.4],[86.5,44.4],[86.5,44]],[[86.7,44.1],[86.8,44.1],[86.8,44.12],[86.7,44.1]]]}`,
		`{"type":"Feature","properties":null,"geometry":{"type":"MultiPolygon","coordinates":[[[[86.5,44],[87.1,44],[87.1,44.4],[86.5,44]]],[[[86.5,44.3],[87.1,44.3],[87.1,44.4],[86.5,44.3]]]]}}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[86,44],[87,45]]}}]}`,
		`{"type":"FeatureCollection","features":{}}`,
		`[1,2]`,
	)
}

func FuzzZonesGeoJSON(f *testing.F) {
	fuzzFile(f, ZonesFile,
		`{"type":"FeatureCollection","features":[]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"level":"junior","school_id":"S3","zone_id":"z1"},"geometry":{"type":"MultiPolygon","coordinates":[[[[86.5,44],[87.1,44],[87.1,44.4],[86.5,44]]]]}},{"type":"Feature","properties":{"level":"junior","school_id":"S2","zone_id":"z1"},"geometry":{"type":"MultiPolygon","coordinates":[[[[86.5,44],[87.1,44],[87.1,44.4],[86.5,44]]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"level":"primary","school_id":101},"geometry":{"type":"Point","coordinates":[86.9,44.2]}}]}`,
		`{"type":"FeatureCollection","features":[null,1,"x"]}`,
	)
}

func FuzzDatasetYAML(f *testing.F) {
	fuzzFile(f, MetaFile,
		"name: 呼图壁县\nbase_year: 2026\n",
		"name: \"a\\tb\"\nbase_year: '2026'\ncrs: GCJ-02\nboundary: boundary.geojson\n",
		"base_year: &y 2026\nname: *y\ncrs: bd09\n",
		"- 1\n",
		"name: [\n",
	)
}
