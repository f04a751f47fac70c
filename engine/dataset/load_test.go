package dataset

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

const validDir = "testdata/valid"

// validFiles returns the files of the hand-made valid dataset.
func validFiles(t testing.TB) map[string]string {
	t.Helper()
	files := map[string]string{}
	entries, err := os.ReadDir(validDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(validDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	return files
}

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, s := range files {
		m[name] = &fstest.MapFile{Data: []byte(s)}
	}
	return m
}

func bytesFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for name, b := range files {
		m[name] = &fstest.MapFile{Data: b}
	}
	return m
}

// problemsOf loads files and returns the problems; it fails the test when
// the dataset loads or the error is not Problems.
func problemsOf(t *testing.T, files map[string]string) Problems {
	t.Helper()
	d, err := Load(mapFS(files))
	if err == nil {
		t.Fatalf("Load accepted the dataset (%d schools), want problems", len(d.Schools))
	}
	if d != nil {
		t.Errorf("Load returned a dataset along with its problems")
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %T is not Problems: %v", err, err)
	}
	return ps
}

// TestLoadValid checks the hand-made dataset against values read off its
// files by eye.
func TestLoadValid(t *testing.T) {
	d, err := LoadDir(validDir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Meta.Name != "测试县" || d.Meta.BaseYear != 2026 || d.Meta.CRS != geo.WGS84 || d.Meta.Boundary != "boundary.geojson" {
		t.Errorf("Meta = %+v", d.Meta)
	}
	if len(d.Schools) != 3 || len(d.Households) != 5 || len(d.Children) != 8 || len(d.Zones) != 4 {
		t.Fatalf("got %d schools, %d households, %d children, %d zones; want 3, 5, 8, 4",
			len(d.Schools), len(d.Households), len(d.Children), len(d.Zones))
	}
	if len(d.Warnings) != 0 {
		t.Errorf("Warnings = %v, want none", d.Warnings)
	}

	s1 := d.School("S1")
	if s1 == nil || s1.Name != "呼图壁县第一小学" || s1.Loc != (orb.Point{86.9, 44.19}) || s1.PrimarySeats != 1200 ||
		s1.JuniorSeats != 0 || s1.PrimaryIntake == nil || *s1.PrimaryIntake != 200 || s1.JuniorIntake != nil ||
		s1.AreaType != Urban || s1.Boarding || !s1.Public || s1.TeachingAreaM2 == nil || *s1.TeachingAreaM2 != 5400.5 ||
		s1.SportsAreaM2 == nil || *s1.SportsAreaM2 != 8000 || s1.EquipmentYuan != nil || s1.Address != "呼图壁镇园林路1号" ||
		s1.NineYear || s1.Line != 2 {
		t.Errorf("S1 = %+v", s1)
	}
	s3 := d.School("S3")
	if s3 == nil || s3.Name != "大丰镇九年一贯制学校, 西校区" || !s3.Public || !s3.Boarding || !s3.NineYear ||
		s3.AreaType != Rural || s3.Line != 4 {
		t.Errorf("S3 = %+v", s3)
	}

	// H2's address holds a newline inside quotes: it spans lines 3–4, and
	// H3 starts on line 5.
	h2, h3, h4 := d.Household("H2"), d.Household("H3"), d.Household("H4")
	if h2 == nil || h2.Address != "二十里店镇某村5组\n23号" || h2.Hukou != Migrant || !h2.Permit || h2.Line != 3 {
		t.Errorf("H2 = %+v", h2)
	}
	if h3 == nil || h3.Line != 5 || h3.Hukou != Local || h3.Permit {
		t.Errorf("H3 = %+v", h3)
	}
	if h4 == nil || h4.Address != `大丰镇"新村"7号` || h4.Permit || h4.Loc != (orb.Point{86.62, 44.185}) {
		t.Errorf("H4 = %+v", h4)
	}
	if h1 := d.Household("H1"); h1 == nil || h1.Community != "园林社区" {
		t.Errorf("H1 = %+v", h1)
	}

	wantChildren := []Child{
		{"C1", "H1", 2020, 0, "", false, 2},
		{"C2", "H1", 2018, 2, "S1", false, 3},
		{"C3", "H2", 2013, 7, "S2", false, 4},
		{"C4", "H3", 2015, 5, "S3", true, 5},
		{"C5", "H3", 2012, 9, "S3", false, 6},
		{"C6", "H4", 2019, 1, "S3", false, 7},
		{"C7", "H5", 2021, 0, "", false, 8},
		{"C8", "H5", 2014, 6, "S1", false, 9},
	}
	if !slices.Equal(d.Children, wantChildren) {
		t.Errorf("Children = %+v\nwant %+v", d.Children, wantChildren)
	}

	wantBoundary := orb.MultiPolygon{{{{86.55, 44.05}, {87.05, 44.05}, {87.05, 44.35}, {86.55, 44.35}, {86.55, 44.05}}}}
	if !d.Boundary.Equal(wantBoundary) {
		t.Errorf("Boundary = %v", d.Boundary)
	}
	z := d.Zones[3]
	if z.Level != Junior || z.SchoolID != "S3" || z.ZoneID != "W" || len(z.Geometry) != 1 {
		t.Errorf("zone 4 = %+v", z)
	}
	if z := d.Zones[2]; z.Level != Junior || z.SchoolID != "S2" || len(z.Geometry) != 2 {
		t.Errorf("zone 3 = %+v", z)
	}
}

// TestLoadTolerates checks inputs that docs/dataset-format.md allows: a byte order mark,
// columns in another order, CRLF line ends, blank optional cells, optional
// files and columns left out, and spaces around cells.
func TestLoadTolerates(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(f map[string]string)
		check func(t *testing.T, d *Dataset)
	}{
		{"byte order marks", func(f map[string]string) {
			for _, n := range []string{MetaFile, SchoolsFile, HouseholdsFile, ChildrenFile, "boundary.geojson", ZonesFile} {
				f[n] = "\uFEFF" + f[n]
			}
		}, func(t *testing.T, d *Dataset) {
			if d.School("S1") == nil || d.Meta.Name != "测试县" {
				t.Errorf("S1 or name lost after a BOM")
			}
		}},
		{"columns reordered", func(f map[string]string) {
			f[ChildrenFile] = "needs,grade,school_id,birth_year,household_id,child_id\n" +
				"none,0,,2020,H1,C1\n,2,S1,2018,H1,C2\nnone,7,S2,2013,H2,C3\ndisability,5,S3,2015,H3,C4\n" +
				",9,S3,2012,H3,C5\nnone,1,S3,2019,H4,C6\n,0,,2021,H5,C7\nnone,6,S1,2014,H5,C8\n"
		}, func(t *testing.T, d *Dataset) {
			if c := d.Children[3]; c.ID != "C4" || c.Grade != 5 || c.SchoolID != "S3" || !c.Disability || c.BirthYear != 2015 {
				t.Errorf("C4 = %+v", c)
			}
		}},
		{"CRLF line ends", func(f map[string]string) {
			for _, n := range []string{SchoolsFile, HouseholdsFile, ChildrenFile, MetaFile} {
				f[n] = strings.ReplaceAll(f[n], "\n", "\r\n")
			}
		}, func(t *testing.T, d *Dataset) {
			if h := d.Household("H2"); h.Address != "二十里店镇某村5组\n23号" || h.Community != "" {
				t.Errorf("H2 = %+v", h)
			}
		}},
		{"only required columns", func(f map[string]string) {
			f[SchoolsFile] = "school_id,name,lon,lat,primary_seats,junior_seats\nS1,a,86.9,44.19,1200,0\nS2,b,86.95,44.16,0,900\nS3,c,86.6,44.18,600,300\n"
			f[HouseholdsFile] = "household_id,lon,lat,address,hukou\nH1,86.9,44.19,a,local\nH2,86.9,44.19,b,migrant\nH3,86.9,44.19,c,local\nH4,86.9,44.19,d,local\nH5,86.9,44.19,e,local\n"
			f[ChildrenFile] = "child_id,household_id,birth_year,grade\nC1,H1,2020,0\n"
			delete(f, ZonesFile)
		}, func(t *testing.T, d *Dataset) {
			s := d.School("S3")
			if s.PrimaryIntake != nil || !s.Public || s.Boarding || s.AreaType != AreaUnknown || d.Zones != nil {
				t.Errorf("absent optional columns: S3 = %+v, zones %v", s, d.Zones)
			}
			if h := d.Household("H2"); h.Permit {
				t.Errorf("H2 permit = true without a permit column")
			}
		}},
		{"no boundary", func(f map[string]string) {
			f[MetaFile] = "name: x\nbase_year: 2026\n"
			delete(f, "boundary.geojson")
			// 0.5° east of the old boundary: fine without one.
			f[HouseholdsFile] = strings.Replace(f[HouseholdsFile], "H5,86.880000", "H5,87.550000", 1)
		}, func(t *testing.T, d *Dataset) {
			if d.Boundary != nil || d.Meta.CRS != geo.WGS84 {
				t.Errorf("Boundary = %v, CRS %q", d.Boundary, d.Meta.CRS)
			}
		}},
		{"9 km outside the boundary", func(f map[string]string) {
			// 0.1° east of the boundary's edge at 87.05° at 44.2° N: 7.97 km.
			f[HouseholdsFile] = strings.Replace(f[HouseholdsFile], "H5,86.880000,44.200000", "H5,87.150000,44.200000", 1)
		}, func(t *testing.T, d *Dataset) {
			if h := d.Household("H5"); h.Loc != (orb.Point{87.15, 44.2}) {
				t.Errorf("H5 = %+v", h)
			}
		}},
		{"spaces around cells", func(f map[string]string) {
			f[ChildrenFile] = strings.Replace(f[ChildrenFile], "C2,H1,2018,2,S1,", " C2 , H1,2018 , 2,S1 ,", 1)
		}, func(t *testing.T, d *Dataset) {
			if c := d.Children[1]; c.ID != "C2" || c.HouseholdID != "H1" || c.Grade != 2 || c.SchoolID != "S1" {
				t.Errorf("C2 = %+v", c)
			}
		}},
		{"numeric school_id in zones", func(f map[string]string) {
			f[SchoolsFile] = strings.Replace(f[SchoolsFile], "S1,", "101,", 1)
			f[ChildrenFile] = strings.ReplaceAll(f[ChildrenFile], ",S1,", ",101,")
			f[ZonesFile] = strings.Replace(f[ZonesFile], `"school_id":"S1"`, `"school_id":101`, 1)
		}, func(t *testing.T, d *Dataset) {
			if d.Zones[0].SchoolID != "101" {
				t.Errorf("zone 1 school %q, want 101", d.Zones[0].SchoolID)
			}
		}},
		{"boundary as a bare MultiPolygon", func(f map[string]string) {
			f["boundary.geojson"] = `{"type":"MultiPolygon","coordinates":[[[[86.55,44.05],[87.05,44.05],[87.05,44.35],[86.55,44.35],[86.55,44.05]]]]}`
		}, func(t *testing.T, d *Dataset) {
			if len(d.Boundary) != 1 {
				t.Errorf("Boundary = %v", d.Boundary)
			}
		}},
		{"empty zones collection", func(f map[string]string) {
			f[ZonesFile] = `{"type":"FeatureCollection","features":[]}`
		}, func(t *testing.T, d *Dataset) {
			if d.Zones == nil || len(d.Zones) != 0 {
				t.Errorf("Zones = %v, want empty and not nil", d.Zones)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFiles(t)
			tt.edit(f)
			d, err := Load(mapFS(f))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, d)
		})
	}
}

func TestLoadWarnings(t *testing.T) {
	f := validFiles(t)
	f[SchoolsFile] = strings.Replace(f[SchoolsFile], "nine_year\n", "nine_year,remark\n", 1)
	f[SchoolsFile] = strings.Replace(f[SchoolsFile], "0,1,5400.5,8000,\"呼图壁镇园林路1号\",0\n", "0,1,5400.5,8000,\"呼图壁镇园林路1号\",0,x\n", 1)
	f[SchoolsFile] = strings.Replace(f[SchoolsFile], ",0\nS3", ",0,\nS3", 1)
	f[SchoolsFile] = strings.Replace(f[SchoolsFile], ",大丰镇,1\n", ",大丰镇,1,\n", 1)
	f[ChildrenFile] = strings.ReplaceAll(f[ChildrenFile], "\n", ",,\n")
	f[MetaFile] += "owner: 教育局\n"
	f[HouseholdsFile] = strings.Replace(f[HouseholdsFile], "local,,园林社区", "local,1,园林社区", 1)
	f[HouseholdsFile] = strings.Replace(f[HouseholdsFile], "H5,86.880000,44.200000,呼图壁镇某路9号,local,,", "H5,86.880000,44.200000,呼图壁镇某路9号,local,1,", 1)
	d, err := Load(mapFS(f))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`children.csv:1: column 7 has no name; ignored`,
		`children.csv:1: column 8 has no name; ignored`,
		`dataset.yaml:6: unknown key "owner" ignored (accepted: name, base_year, crs, boundary, places, roads, barriers)`,
		`households.csv:2: 2 local households have permit = 1 (from this line on); permit counts for migrant households only and is ignored for them`,
		`schools.csv:1: unknown column "remark" ignored`,
	}
	var got []string
	for _, w := range d.Warnings {
		got = append(got, w.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("Warnings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d.Household("H1").Permit {
		t.Errorf("local H1 keeps permit = 1")
	}

	// A boundary.geojson that dataset.yaml does not name is noticed.
	f = validFiles(t)
	f[MetaFile] = "name: x\nbase_year: 2026\n"
	d, err = Load(mapFS(f))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Warnings) != 1 || d.Warnings[0].String() != "boundary.geojson:1: not used: dataset.yaml names no boundary" {
		t.Errorf("Warnings = %v", d.Warnings)
	}
}

// edit helpers for the problem table.

func replace(file, old, new string) func(f map[string]string) {
	return func(f map[string]string) {
		if !strings.Contains(f[file], old) {
			panic("test edit: " + file + " has no " + old)
		}
		f[file] = strings.Replace(f[file], old, new, 1)
	}
}

// addColumn adds a column to a CSV file: first for the first row, other
// for the rest.
func addColumn(file, name, first, other string) func(f map[string]string) {
	return func(f map[string]string) {
		lines := strings.Split(strings.TrimRight(f[file], "\n"), "\n")
		for i := range lines {
			v := other
			switch i {
			case 0:
				v = name
			case 1:
				v = first
			}
			lines[i] = strings.TrimRight(lines[i], "\r") + "," + v
		}
		f[file] = strings.Join(lines, "\n") + "\n"
	}
}

func appendTo(file, text string) func(f map[string]string) {
	return func(f map[string]string) { f[file] += text }
}

func setFile(file, text string) func(f map[string]string) {
	return func(f map[string]string) { f[file] = text }
}

func remove(file string) func(f map[string]string) {
	return func(f map[string]string) { delete(f, file) }
}

const (
	s1Row = "S1,呼图壁县第一小学,86.900000,44.190000,1200,0,200,,urban,0,1,5400.5,8000,\"呼图壁镇园林路1号\",0"
	h1Row = "H1,86.901000,44.191000,呼图壁镇园林路18号锦华苑3栋2单元,local,,园林社区"
	h5Row = "H5,86.880000,44.200000,呼图壁镇某路9号,local,,"
	c2Row = "C2,H1,2018,2,S1,"
)

func h1At(lon, lat string) func(f map[string]string) {
	return replace(HouseholdsFile, h1Row, "H1,"+lon+","+lat+",呼图壁镇园林路18号锦华苑3栋2单元,local,,园林社区")
}

// TestLoadProblems breaks the valid dataset one way at a time and checks
// that Load reports exactly the expected problems, as FILE:LINE: message.
func TestLoadProblems(t *testing.T) {
	long := strings.Repeat("长", MaxLineBytes/3+1) // 3 bytes a rune: just over 1 MiB
	tests := []struct {
		name string
		edit func(f map[string]string)
		want []string
	}{
		// Files.
		{"missing dataset.yaml", remove(MetaFile), []string{"dataset.yaml:1: missing file"}},
		{"missing schools.csv", remove(SchoolsFile), []string{"schools.csv:1: missing file"}},
		{"missing households.csv", remove(HouseholdsFile), []string{"households.csv:1: missing file"}},
		{"missing children.csv", remove(ChildrenFile), []string{"children.csv:1: missing file"}},
		{"empty schools.csv", setFile(SchoolsFile, ""), []string{"schools.csv:1: empty file: no header row"}},
		{"children.csv only a BOM and blank lines", setFile(ChildrenFile, "\uFEFF\n\n"), []string{"children.csv:1: empty file: no header row"}},
		{"missing required column", replace(HouseholdsFile, "household_id,lon,lat,", "household_id,lon,latitude,"),
			[]string{`households.csv:1: missing required column "lat"`}},
		{"missing two required columns", replace(SchoolsFile, "primary_seats,junior_seats,", "primary,junior,"),
			[]string{`schools.csv:1: missing required column "primary_seats"`, `schools.csv:1: missing required column "junior_seats"`}},
		{"duplicate column", replace(ChildrenFile, "school_id,needs", "school_id,grade"),
			[]string{`children.csv:1: duplicate column "grade" (columns 4 and 6)`}},

		// CSV syntax.
		{"field count", replace(ChildrenFile, "C4,H3,2015,5,S3,disability", "C4,H3,2015,5,S3"),
			[]string{"children.csv:5: has 5 fields, the header has 6"}},
		{"bare quote", replace(ChildrenFile, "C4,H3,", `C4,H"3,`),
			[]string{`children.csv:5: malformed CSV: bare " in non-quoted-field (line 5, column 5)`}},
		{"unterminated quote", appendTo(ChildrenFile, "C9,\"H1,2020,0,,\n"),
			[]string{`children.csv:10: malformed CSV: extraneous or missing " in quoted-field (line 10, column 17)`}},
		{"invalid UTF-8 in a cell", replace(HouseholdsFile, "大丰镇某村1组2号", "大丰镇\xff1组"),
			[]string{`households.csv:5: invalid UTF-8 in column "address"`}},
		{"invalid UTF-8 in a column name", replace(HouseholdsFile, "community", "comm\xc3unity"),
			[]string{`households.csv:1: invalid UTF-8 in the name of column 7`}},
		{"line over 1 MiB", replace(HouseholdsFile, "大丰镇某村1组2号", long),
			[]string{"households.csv:5: line longer than 1 MiB (1048576 bytes); the rest of the file is not read"}},
		{"header over 1 MiB", replace(SchoolsFile, "nine_year", long),
			[]string{"schools.csv:1: line longer than 1 MiB (1048576 bytes); the rest of the file is not read"}},
		{"quoted field over 1 MiB on one line", appendTo(ChildrenFile, "C9,H1,2020,0,,\"a\n"+long+"\"\n"),
			[]string{"children.csv:11: line longer than 1 MiB (1048576 bytes); the rest of the file is not read"}},

		// Ids and references.
		{"duplicate school_id", appendTo(SchoolsFile, "S3,又一所,86.6,44.18,10,10,,,,,,,,,\n"),
			[]string{`schools.csv:5: duplicate school_id "S3" (first at line 4)`}},
		{"duplicate household_id", appendTo(HouseholdsFile, h5Row+"\n"),
			[]string{`households.csv:8: duplicate household_id "H5" (first at line 7)`}},
		{"duplicate child_id", appendTo(ChildrenFile, "C1,H1,2020,0,,\n"),
			[]string{`children.csv:10: duplicate child_id "C1" (first at line 2)`}},
		{"empty id", replace(ChildrenFile, "C7,H5", ",H5"), []string{"children.csv:8: child_id is empty"}},
		{"unknown household", replace(ChildrenFile, "C7,H5", "C7,H9"),
			[]string{`children.csv:8: household_id "H9" does not exist in households.csv`}},
		{"unknown school", replace(ChildrenFile, c2Row, "C2,H1,2018,2,S9,"),
			[]string{`children.csv:3: school_id "S9" does not exist in schools.csv`}},
		{"school without primary section", replace(ChildrenFile, c2Row, "C2,H1,2018,2,S2,"),
			[]string{`children.csv:3: school "S2" has no primary section (primary_seats = 0) for grade 2`}},
		{"school without junior section", replace(ChildrenFile, "C3,H2,2013,7,S2", "C3,H2,2013,7,S1"),
			[]string{`children.csv:4: school "S1" has no junior section (junior_seats = 0) for grade 7`}},
		{"pupil without school", replace(ChildrenFile, c2Row, "C2,H1,2018,2,,"),
			[]string{"children.csv:3: grade 2 pupil has no school_id"}},
		{"grade 0 with a school", replace(ChildrenFile, "C1,H1,2020,0,,", "C1,H1,2020,0,S1,"),
			[]string{`children.csv:2: grade 0 child has school_id "S1": only pupils in grades 1–9 have a school`}},
		{"a bad school row raises no second problem", replace(SchoolsFile, s1Row, strings.Replace(s1Row, "1200", "-1200", 1)),
			[]string{"schools.csv:2: primary_seats -1200 is negative"}},

		// Values.
		{"grade 10", replace(ChildrenFile, "C5,H3,2012,9", "C5,H3,2012,10"), []string{"children.csv:6: grade 10 outside 0–9"}},
		{"grade -1", replace(ChildrenFile, "C1,H1,2020,0", "C1,H1,2020,-1"), []string{"children.csv:2: grade -1 outside 0–9"}},
		{"grade not a number", replace(ChildrenFile, "C1,H1,2020,0", "C1,H1,2020,一"),
			[]string{`children.csv:2: grade "一" is not a whole number (accepted: 0–9)`}},
		{"birth_year two digits", replace(ChildrenFile, "C1,H1,2020", "C1,H1,20"), []string{`children.csv:2: birth_year "20" is not four digits`}},
		{"birth_year five digits", replace(ChildrenFile, "C1,H1,2020", "C1,H1,20200"), []string{`children.csv:2: birth_year "20200" is not four digits`}},
		{"birth_year leading zero", replace(ChildrenFile, "C1,H1,2020", "C1,H1,0999"), []string{`children.csv:2: birth_year "0999" is not four digits`}},
		{"birth_year empty", replace(ChildrenFile, "C1,H1,2020", "C1,H1,"), []string{`children.csv:2: birth_year is empty`}},
		{"seats not a number", replace(SchoolsFile, s1Row, strings.Replace(s1Row, "1200", "12x0", 1)),
			[]string{`schools.csv:2: primary_seats "12x0" is not a whole number`}},
		{"seats not whole", replace(SchoolsFile, s1Row, strings.Replace(s1Row, "1200", "1200.5", 1)),
			[]string{`schools.csv:2: primary_seats "1200.5" is not a whole number`}},
		{"seats empty", replace(SchoolsFile, s1Row, strings.Replace(s1Row, "1200,0,", "1200,,", 1)),
			[]string{`schools.csv:2: junior_seats is empty`}},
		{"intake negative", replace(SchoolsFile, s1Row, strings.Replace(s1Row, ",200,", ",-2,", 1)),
			[]string{`schools.csv:2: primary_intake -2 is negative`}},
		{"classrooms negative", addColumn(SchoolsFile, "primary_classrooms", "-3", "12"),
			[]string{`schools.csv:2: primary_classrooms -3 is negative`}},
		{"classrooms not whole", addColumn(SchoolsFile, "junior_classrooms", "2.5", ""),
			[]string{`schools.csv:2: junior_classrooms "2.5" is not a whole number`}},
		{"float not a number", replace(SchoolsFile, s1Row, strings.Replace(s1Row, "5400.5", "5400,5", 1)),
			[]string{`schools.csv:2: has 16 fields, the header has 15`}},
		{"float with a unit", replace(SchoolsFile, s1Row, strings.Replace(s1Row, "5400.5", "5400m2", 1)),
			[]string{`schools.csv:2: teaching_area_m2 "5400m2" is not a number`}},
		{"float infinite", replace(SchoolsFile, s1Row, strings.Replace(s1Row, "8000", "Inf", 1)),
			[]string{`schools.csv:2: sports_area_m2 "Inf" is not a number`}},
		{"float negative", replace(SchoolsFile, s1Row, strings.Replace(s1Row, "8000", "-8e3", 1)),
			[]string{`schools.csv:2: sports_area_m2 -8e3 is negative`}},
		{"boolean 2", replace(SchoolsFile, s1Row, strings.Replace(s1Row, "urban,0,1", "urban,2,1", 1)),
			[]string{`schools.csv:2: boarding "2" is not 0 or 1`}},
		{"boolean yes", replace(HouseholdsFile, "migrant,1,", "migrant,yes,"),
			[]string{`households.csv:3: permit "yes" is not 0 or 1`}},
		{"area_type", replace(SchoolsFile, s1Row, strings.Replace(s1Row, "urban", "城区", 1)),
			[]string{`schools.csv:2: area_type "城区" unknown (accepted: urban, town, rural)`}},
		{"hukou", replace(HouseholdsFile, h5Row, strings.Replace(h5Row, "local", "外地", 1)),
			[]string{`households.csv:7: hukou "外地" unknown (accepted: local, migrant)`}},
		{"hukou empty", replace(HouseholdsFile, h5Row, strings.Replace(h5Row, "local", "", 1)),
			[]string{`households.csv:7: hukou is empty (accepted: local, migrant)`}},
		{"needs", replace(ChildrenFile, "S3,disability", "S3,blind"),
			[]string{`children.csv:5: needs "blind" unknown (accepted: none, disability)`}},
		{"address empty", replace(HouseholdsFile, h5Row, "H5,86.880000,44.200000,,local,,"),
			[]string{`households.csv:7: address is empty`}},
		{"several problems in one row", replace(HouseholdsFile, h5Row, "H5,x,44.200000,,city,2,"),
			[]string{`households.csv:7: lon "x" is not a number`, `households.csv:7: address is empty`,
				`households.csv:7: hukou "city" unknown (accepted: local, migrant)`, `households.csv:7: permit "2" is not 0 or 1`}},

		// Coordinates.
		{"lat out of range", h1At("86.901", "95"), []string{"households.csv:2: lat 95 outside -90..90"}},
		{"lon out of range", h1At("186.9", "44.191"), []string{"households.csv:2: lon 186.9 outside -180..180"}},
		{"lon not a number", h1At("86.9°", "44.191"), []string{`households.csv:2: lon "86.9°" is not a number`}},
		{"lat empty", h1At("86.9", ""), []string{`households.csv:2: lat is empty`}},
		{"outside China", h1At("10.5", "50.1"), []string{"households.csv:2: lon 10.5, lat 50.1 is outside China (lon 73–136, lat 3–54)"}},
		{"swapped, in range", h1At("44.191", "86.901"), []string{
			"households.csv:2: lon 44.191, lat 86.901 is outside China (lon 73–136, lat 3–54); likely cause: latitude and longitude swapped (lon 86.901, lat 44.191 is in China)"}},
		{"swapped, lat out of range", replace(SchoolsFile, "86.950000,44.160000", "31.2,121.5"), []string{
			"schools.csv:3: lat 121.5 outside -90..90; likely cause: latitude and longitude swapped (lon 121.5, lat 31.2 is in China)"}},
		// The boundary's east edge is 87.05°; 87.2° at 44.2° N is
		// 0.15 · cos 44.2° · 111195.08 m = 11957 m beyond it.
		{"12 km outside the boundary", h1At("87.2", "44.2"),
			[]string{"households.csv:2: lon 87.2, lat 44.2 is 12.0 km outside the boundary (more than 10 km)"}},
		// 0.1° of latitude north of the edge at 44.35°: 11.1 km.
		{"school 11 km outside the boundary", replace(SchoolsFile, "86.950000,44.160000", "86.95,44.45"),
			[]string{"schools.csv:3: lon 86.95, lat 44.45 is 11.1 km outside the boundary (more than 10 km)"}},

		// dataset.yaml.
		{"yaml unparseable", replace(MetaFile, "base_year: 2026", "base_year: [2026"),
			[]string{"dataset.yaml:3: unparseable YAML: did not find expected ',' or ']'"}},
		{"yaml scanner error", replace(MetaFile, "crs: wgs84", "crs: @wgs84"),
			[]string{"dataset.yaml:4: unparseable YAML: found character that cannot start any token"}},
		{"yaml bad indentation", replace(MetaFile, "crs: wgs84", "  crs: wgs84"),
			[]string{"dataset.yaml:4: unparseable YAML: mapping values are not allowed in this context"}},
		{"yaml not a mapping", setFile(MetaFile, "- a\n- b\n"),
			[]string{"dataset.yaml:1: not a mapping of keys (accepted: name, base_year, crs, boundary, places, roads, barriers)"}},
		{"yaml empty", setFile(MetaFile, "# nothing\n"),
			[]string{"dataset.yaml:1: empty file: want the keys name, base_year, crs, boundary, places, roads, barriers"}},
		{"base_year missing", replace(MetaFile, "base_year: 2026\n", ""), []string{"dataset.yaml:1: missing base_year"}},
		{"base_year not a year", replace(MetaFile, "base_year: 2026", "base_year: 26"),
			[]string{`dataset.yaml:3: base_year "26" is not a year (four digits)`}},
		{"duplicate key", appendTo(MetaFile, "base_year: 2027\n"),
			[]string{`dataset.yaml:6: duplicate key "base_year" (first at line 3)`}},
		{"unknown crs", replace(MetaFile, "crs: wgs84", "crs: utm45n"),
			[]string{`dataset.yaml:4: unknown crs "utm45n" (accepted: wgs84, gcj02, bd09)`}},
		{"invalid UTF-8 in yaml", replace(MetaFile, "测试县", "\xe6\xb5"), []string{"dataset.yaml:2: invalid UTF-8"}},
		{"boundary file missing", remove("boundary.geojson"), []string{`dataset.yaml:5: boundary file "boundary.geojson" not found`}},
		{"boundary outside the folder", replace(MetaFile, "boundary: boundary.geojson", "boundary: ../boundary.geojson"),
			[]string{`dataset.yaml:5: boundary "../boundary.geojson" is not a path inside the dataset folder (relative, with / separators, no ..)`}},
		{"boundary a LineString", setFile("boundary.geojson", "{\"type\":\"FeatureCollection\",\"features\":[\n"+
			`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[86.5,44.0],[87.1,44.4]]}}`+"\n]}\n"),
			[]string{"boundary.geojson:2: feature 1: geometry is LineString, want Polygon or MultiPolygon"}},
		{"boundary a GeometryCollection", setFile("boundary.geojson", `{"type":"GeometryCollection","geometries":[]}`),
			[]string{`boundary.geojson:1: type "GeometryCollection": want a Polygon or MultiPolygon, a Feature of one, or a FeatureCollection of them`}},
		{"boundary with no features", setFile("boundary.geojson", `{"type":"FeatureCollection","features":[]}`),
			[]string{`boundary.geojson:1: no features: want a Polygon or MultiPolygon, a Feature of one, or a FeatureCollection of them`}},
		{"boundary feature without geometry", setFile("boundary.geojson", `{"type":"Feature","properties":{},"geometry":null}`),
			[]string{`boundary.geojson:1: no geometry (want Polygon or MultiPolygon)`}},
		{"boundary ring not closed", replace("boundary.geojson", "[86.55,44.35],[86.55,44.05]]]", "[86.55,44.35],[86.55,44.06]]]"),
			[]string{"boundary.geojson:2: feature 1: ring 1 is not closed: its first and last positions differ"}},
		{"boundary ring too short", replace("boundary.geojson", "[[[86.55,44.05],[87.05,44.05],[87.05,44.35],[86.55,44.35],[86.55,44.05]]]", "[[[86.55,44.05],[87.05,44.05],[86.55,44.05]]]"),
			[]string{"boundary.geojson:2: feature 1: ring 1 has 3 positions, a closed ring needs at least 4"}},
		{"boundary swapped", replace("boundary.geojson", "[[[86.55,44.05],", "[[[44.05,86.55],"),
			[]string{"boundary.geojson:2: feature 1: ring 1 position 1: lon 44.05, lat 86.55 is outside China (lon 73–136, lat 3–54); likely cause: latitude and longitude swapped (lon 86.55, lat 44.05 is in China)"}},
		{"boundary JSON syntax", replace("boundary.geojson", `"properties":{"name":"测试县"}`, `"properties":{"name":"测试县"`),
			[]string{"boundary.geojson:2: unparseable GeoJSON: invalid character ']' after object key:value pair"}},

		// zones.geojson.
		{"zones not a FeatureCollection", setFile(ZonesFile, `{"type":"Feature","properties":{},"geometry":null}`),
			[]string{`zones.geojson:1: type "Feature" is not a FeatureCollection`}},
		{"zones not JSON", setFile(ZonesFile, "level,school_id\n"),
			[]string{`zones.geojson:1: unparseable GeoJSON: invalid character 'l' looking for beginning of value`}},
		{"zones truncated", replace(ZonesFile, "]}\n", ""),
			[]string{`zones.geojson:5: unparseable GeoJSON: unexpected end of file`}},
		{"zone without level", replace(ZonesFile, `"level":"primary","school_id":"S1"`, `"school_id":"S1"`),
			[]string{"zones.geojson:2: feature 1: no level property"}},
		{"zone without school_id", replace(ZonesFile, `"level":"junior","school_id":"S2"`, `"level":"junior"`),
			[]string{"zones.geojson:4: feature 3: no school_id property"}},
		{"zone with unknown level", replace(ZonesFile, `"level":"primary","school_id":"S1"`, `"level":"小学","school_id":"S1"`),
			[]string{`zones.geojson:2: feature 1: unknown level "小学" (accepted: primary, junior)`}},
		{"zone with level not text", replace(ZonesFile, `"level":"primary","school_id":"S1"`, `"level":1,"school_id":"S1"`),
			[]string{`zones.geojson:2: feature 1: level must be text (accepted: primary, junior)`}},
		{"zone with unknown school", replace(ZonesFile, `"school_id":"S3","zone_id"`, `"school_id":"S7","zone_id"`),
			[]string{`zones.geojson:5: feature 4: school_id "S7" does not exist in schools.csv`}},
		{"zone school without section", replace(ZonesFile, `"level":"junior","school_id":"S2"`, `"level":"primary","school_id":"S2"`),
			[]string{`zones.geojson:4: feature 3: school "S2" has no primary section (primary_seats = 0)`}},
		{"zone with a Point", replace(ZonesFile, `{"type":"Polygon","coordinates":[[[86.55,44.05],[86.8,44.05],[86.8,44.35],[86.55,44.35],[86.55,44.05]]]}}`, `{"type":"Point","coordinates":[86.6,44.2]}}`),
			[]string{"zones.geojson:3: feature 2: geometry is Point, want Polygon or MultiPolygon"}},
		{"zone not a Feature", replace(ZonesFile, `{"type":"Feature","properties":{"level":"primary","school_id":"S3"}`, `{"type":"Polygon","properties":{"level":"primary","school_id":"S3"}`),
			[]string{`zones.geojson:3: feature 2: type "Polygon" is not a Feature`}},
		{"second zone of a school", replace(ZonesFile, `"level":"primary","school_id":"S3"`, `"level":"primary","school_id":"S1"`),
			[]string{`zones.geojson:3: feature 2: second primary zone of school "S1" (first at line 2)`}},
		{"zone polygon outside China", replace(ZonesFile, "[[[[86.8,44.05]", "[[[[6.8,44.05]"),
			[]string{"zones.geojson:4: feature 3: polygon 1: ring 1 position 1: lon 6.8, lat 44.05 is outside China (lon 73–136, lat 3–54)"}},
		{"invalid UTF-8 in zones", replace(ZonesFile, `"zone_id":"W"`, "\"zone_id\":\"\xff\""), []string{"zones.geojson:5: invalid UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFiles(t)
			tt.edit(f)
			ps := problemsOf(t, f)
			var got []string
			for _, p := range ps {
				// The notes that references to a file with problems were
				// not checked are TestFirstErrorFirst's and TestNotChecked's.
				if p.Line == 0 && strings.Contains(p.Msg, " not checked against ") {
					continue
				}
				got = append(got, p.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestLoadManyProblems breaks every file at once and checks that every
// problem is reported, sorted by file and line.
func TestLoadManyProblems(t *testing.T) {
	f := validFiles(t)
	replace(SchoolsFile, "1200", "x")(f)
	replace(HouseholdsFile, h5Row, strings.Replace(h5Row, "local", "x", 1))(f)
	replace(ChildrenFile, "C8,H5,2014", "C8,H5,14")(f)
	replace(ChildrenFile, c2Row, "C2,H1,2018,10,S1,")(f)
	replace(ZonesFile, `"level":"junior","school_id":"S3"`, `"level":"x","school_id":"S3"`)(f)
	replace(MetaFile, "crs: wgs84", "crs: utm")(f)
	want := `children.csv:3: grade 10 outside 0–9
children.csv:9: birth_year "14" is not four digits
dataset.yaml:4: unknown crs "utm" (accepted: wgs84, gcj02, bd09)
households.csv:7: hukou "x" unknown (accepted: local, migrant)
schools.csv:2: primary_seats "x" is not a whole number
zones.geojson:5: feature 4: unknown level "x" (accepted: primary, junior)`
	ps := problemsOf(t, f)
	if got := ps.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}

// TestLoadDirNames checks that LoadDir names files joined with its folder,
// and Load by their name within the FS.
func TestLoadDirNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "county")
	f := validFiles(t)
	replace(ChildrenFile, "C7,H5", "C7,H9")(f)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, s := range f {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := LoadDir(dir)
	want := filepath.Join(dir, "children.csv") + `:8: household_id "H9" does not exist in households.csv`
	if err == nil || err.Error() != want {
		t.Errorf("LoadDir: %v, want %s", err, want)
	}
	_, err = Load(os.DirFS(dir))
	if want := `children.csv:8: household_id "H9" does not exist in households.csv`; err == nil || err.Error() != want {
		t.Errorf("Load: %v, want %s", err, want)
	}
	_, err = Load(os.DirFS(dir), WithDisplayDir("data/x"))
	if want := filepath.Join("data", "x", "children.csv") + `:8: household_id "H9" does not exist in households.csv`; err == nil || err.Error() != want {
		t.Errorf("Load with display dir: %v, want %s", err, want)
	}
	_, err = LoadDir(filepath.Join(dir, "nowhere"))
	if err == nil || err.Error() != filepath.Join(dir, "nowhere")+": folder not found" {
		t.Errorf("LoadDir of a missing folder: %v", err)
	}
}

// reproject rewrites the files of a WGS84 dataset in crs, converting every
// coordinate with geo.FromWGS84 (the forward transform, independent of the
// loader's inverse) and writing them with 10 decimals.
func reproject(t *testing.T, files map[string][]byte, crs geo.CRS) map[string]string {
	t.Helper()
	out := map[string]string{}
	conv := func(lon, lat float64) (float64, float64) {
		p := geo.FromWGS84(orb.Point{lon, lat}, crs)
		return p[0], p[1]
	}
	for name, b := range files {
		switch {
		case strings.HasSuffix(name, ".csv"):
			out[name] = reprojectCSV(t, b, conv)
		case strings.HasSuffix(name, ".geojson"):
			out[name] = reprojectJSON(t, b, conv)
		default:
			out[name] = strings.Replace(string(b), "crs: wgs84", "crs: "+string(crs), 1)
		}
	}
	return out
}

// TestLoadCRS writes the valid dataset in GCJ-02 and BD-09 and checks that
// both load to the WGS84 points within 0.1 m.
func TestLoadCRS(t *testing.T) {
	want, err := LoadDir(validDir)
	if err != nil {
		t.Fatal(err)
	}
	files, err := want.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, crs := range []geo.CRS{geo.GCJ02, geo.BD09} {
		t.Run(string(crs), func(t *testing.T) {
			shifted := reproject(t, files, crs)
			if shifted[SchoolsFile] == string(files[SchoolsFile]) {
				t.Fatal("reproject changed nothing")
			}
			got, err := Load(mapFS(shifted))
			if err != nil {
				t.Fatal(err)
			}
			if got.Meta.CRS != crs {
				t.Errorf("Meta.CRS = %q, want %q", got.Meta.CRS, crs)
			}
			var worst float64
			check := func(what string, a, b orb.Point) {
				d := geo.Distance(a, b)
				worst = max(worst, d)
				if d > 0.1 {
					t.Errorf("%s: %v, want %v (%.3f m off)", what, a, b, d)
				}
			}
			for i := range want.Schools {
				check("school "+want.Schools[i].ID, got.Schools[i].Loc, want.Schools[i].Loc)
			}
			for i := range want.Households {
				check("household "+want.Households[i].ID, got.Households[i].Loc, want.Households[i].Loc)
			}
			for i, p := range want.Boundary[0][0] {
				check("boundary", got.Boundary[0][0][i], p)
			}
			for z := range want.Zones {
				for i, p := range want.Zones[z].Geometry[0][0] {
					check("zone", got.Zones[z].Geometry[0][0][i], p)
				}
			}
			t.Logf("%s: worst point %.2g m off", crs, worst)
		})
	}
}

// TestRoundTrip writes datasets, loads them back and checks that Files
// gives the same bytes.
func TestRoundTrip(t *testing.T) {
	valid, err := LoadDir(validDir)
	if err != nil {
		t.Fatal(err)
	}
	ip := func(v int) *int { return &v }
	fp := func(v float64) *float64 { return &v }
	full := &Dataset{
		Meta: Meta{Name: `县 "quoted": name`, BaseYear: 2030, CRS: geo.WGS84},
		Schools: []School{{ID: "A", Name: "a, b", Loc: orb.Point{86.123456, 44.654321}, PrimarySeats: 10, JuniorSeats: 5,
			PrimaryIntake: ip(0), JuniorIntake: ip(3), AreaType: Town, Boarding: true, Public: false,
			TeachingAreaM2: fp(1.5), SportsAreaM2: fp(0), TeachersQualified: fp(3), TeachersBackbone: fp(1),
			TeachersPEArt: fp(2), EquipmentYuan: fp(123456.78), MultimediaRooms: fp(4),
			Address: "x\ny", NineYear: true, MusicRooms: ip(1), ArtRooms: ip(0), PrimaryClassrooms: ip(6), JuniorClassrooms: ip(0)}},
		Households: []Household{{ID: "h", Loc: orb.Point{86.1, 44.6}, Address: `"q"`, Hukou: Migrant, Permit: true, Community: "c"}},
		Children:   []Child{{ID: "c", HouseholdID: "h", BirthYear: 2024, Grade: 0}, {ID: "d", HouseholdID: "h", BirthYear: 2016, Grade: 8, SchoolID: "A", Disability: true}},
		Boundary:   orb.MultiPolygon{{{{86, 44}, {87, 44}, {87, 45}, {86, 45}, {86, 44}}}, {{{87.5, 44}, {88, 44}, {88, 45}, {87.5, 44}}}},
		Zones:      []Zone{},
	}
	for name, d := range map[string]*Dataset{"valid": valid, "full": full} {
		t.Run(name, func(t *testing.T) {
			want, err := d.Files()
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := d.Write(dir); err != nil {
				t.Fatal(err)
			}
			back, err := LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			got, err := back.Files()
			if err != nil {
				t.Fatal(err)
			}
			if !maps.EqualFunc(got, want, bytes.Equal) {
				for n := range want {
					if !bytes.Equal(got[n], want[n]) {
						t.Errorf("%s differs:\n%s\nwant\n%s", n, got[n], want[n])
					}
				}
				t.Fatalf("files %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
			}
		})
	}
}

func TestProblemsError(t *testing.T) {
	ps := []Problem{
		{"zones.geojson", 3, "c"},
		{"b.csv", 10, "b2"},
		{"b.csv", 2, "b1"},
		{"a.csv", 7, "a"},
		{"b.csv", 10, "b3"},
	}
	sortProblems(ps)
	want := "a.csv:7: a\nb.csv:2: b1\nb.csv:10: b2\nb.csv:10: b3\nzones.geojson:3: c"
	if got := Problems(ps).Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}

func TestLineLimiter(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		max      int
		wantLine int // 0: no error
		wantRead string
	}{
		{"short lines", "ab\ncd\n", 2, 0, "ab\ncd\n"},
		{"exactly max", "abc\nde", 3, 0, "abc\nde"},
		{"second line long", "ab\ncdef\n", 3, 2, "ab\ncde"},
		{"last line long without newline", "a\nb\nccccc", 4, 3, "a\nb\ncccc"},
		{"first line long", "xxxxxxxx", 2, 1, "xx"},
		{"empty", "", 1, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, chunk := range []int{1, 2, 3, 64} {
				l := &lineLimiter{r: &chunkReader{s: tt.in, n: chunk}, max: tt.max, line: 1}
				var got []byte
				buf := make([]byte, 5)
				var err error
				for err == nil {
					var n int
					n, err = l.Read(buf)
					got = append(got, buf[:n]...)
				}
				line, long := longLine(err)
				if tt.wantLine == 0 && long || tt.wantLine != 0 && line != tt.wantLine {
					t.Errorf("chunk %d: error %v, want long line %d", chunk, err, tt.wantLine)
				}
				if string(got) != tt.wantRead {
					t.Errorf("chunk %d: read %q, want %q", chunk, got, tt.wantRead)
				}
			}
		})
	}
}

// chunkReader returns at most n bytes a read.
type chunkReader struct {
	s string
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if c.s == "" {
		return 0, errEOF
	}
	k := min(len(p), c.n, len(c.s))
	copy(p, c.s[:k])
	c.s = c.s[k:]
	return k, nil
}

var errEOF = fs.ErrClosed // any non-nil error ends a read loop

func TestInvalidUTF8Line(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"abc\n中文\n", 0},
		{"\xff", 1},
		{"a\nb\n\xe4\xb8", 3},
		{"a\n\nok\xc0\x80\n", 3}, // overlong encoding
		{"a\n\xed\xa0\x80", 2},   // surrogate
	}
	for _, tt := range tests {
		if got := invalidUTF8Line([]byte(tt.in)); got != tt.want {
			t.Errorf("invalidUTF8Line(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestFourDigits(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"2026", 2026, true}, {"1000", 1000, true}, {"9999", 9999, true},
		{"0999", 0, false}, {"999", 0, false}, {"20260", 0, false}, {"+202", 0, false},
		{"20a6", 0, false}, {"", 0, false}, {"２０２６", 0, false},
	}
	for _, tt := range tests {
		if got, ok := fourDigits(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("fourDigits(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
