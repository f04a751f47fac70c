package gpkg

import (
	"bytes"
	"database/sql"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// zoneLayer is a small valid POLYGON layer.
func zoneLayer() Layer {
	return Layer{
		Name:         "zones",
		Title:        "呼图壁县小学学区",
		Description:  "每所学校的划片范围",
		GeometryType: "POLYGON",
		Fields:       []Field{{"school", Text}, {"places", Integer}, {"area_km2", Real}},
		Features: []Feature{
			{Geometry: orb.Polygon{square(86.8, 44.1, 86.9, 44.2)}, Values: []any{"呼图壁县第一小学", 720, 12.5}},
			{Geometry: orb.Polygon{square(86.9, 44.1, 87.0, 44.2)}, Values: []any{"五工台镇中心学校", nil, nil}},
		},
	}
}

func TestWriteValidation(t *testing.T) {
	poly := orb.Polygon{square(86, 44, 87, 45)}
	// with returns zoneLayer changed by f.
	with := func(f func(*Layer)) []Layer {
		l := zoneLayer()
		f(&l)
		return []Layer{l}
	}
	feature := func(g orb.Geometry, vals ...any) func(*Layer) {
		return func(l *Layer) {
			if vals == nil {
				vals = []any{"x", 1, 1.5}
			}
			l.Features = []Feature{{Geometry: g, Values: vals}}
		}
	}
	geometryLayer := func(g orb.Geometry) []Layer {
		return []Layer{{Name: "g", GeometryType: "GEOMETRY", Features: []Feature{{Geometry: g, Values: []any{}}}}}
	}
	deep := orb.Geometry(orb.Point{86, 44})
	for range maxDepth + 1 {
		deep = orb.Collection{deep}
	}
	tests := []struct {
		name   string
		path   string // default "out.gpkg"
		layers []Layer
		want   string
	}{
		{"not .gpkg", "out.sqlite", []Layer{zoneLayer()}, "must end in .gpkg"},
		{"no layers", "", nil, "no layers"},
		{"empty name", "", with(func(l *Layer) { l.Name = "" }), "name is empty"},
		{"name with hyphen", "", with(func(l *Layer) { l.Name = "zone-2025" }), `has '-'`},
		{"name with space", "", with(func(l *Layer) { l.Name = "zones 2025" }), `has ' '`},
		{"Chinese name", "", with(func(l *Layer) { l.Name = "学区" }), `has '学'`},
		{"name starts with digit", "", with(func(l *Layer) { l.Name = "2025zones" }), "not starting with a digit"},
		{"reserved gpkg_", "", with(func(l *Layer) { l.Name = "GPKG_zones" }), "reserved"},
		{"reserved rtree_", "", with(func(l *Layer) { l.Name = "rtree_zones" }), "reserved"},
		{"reserved sqlite_", "", with(func(l *Layer) { l.Name = "sqlite_zones" }), "reserved"},
		{"duplicate name", "", append(with(func(*Layer) {}), with(func(l *Layer) { l.Name = "ZONES"; l.Title = "" })...), "used twice"},
		{"duplicate title", "", append(with(func(*Layer) {}), with(func(l *Layer) { l.Name = "zones2" })...), "title"},
		{"invalid UTF-8 title", "", with(func(l *Layer) { l.Title = "\xff" }), "not valid UTF-8"},
		{"lower-case geometry type", "", with(func(l *Layer) { l.GeometryType = "polygon" }), "accepted: GEOMETRY, POINT"},
		{"curve type", "", with(func(l *Layer) { l.GeometryType = "CURVEPOLYGON" }), `geometry type "CURVEPOLYGON"`},
		{"field named fid", "", with(func(l *Layer) { l.Fields[0].Name = "FID" }), "fid and geom"},
		{"field named geom", "", with(func(l *Layer) { l.Fields[1].Name = "geom" }), "fid and geom"},
		{"field bad name", "", with(func(l *Layer) { l.Fields[0].Name = "school name" }), "field 0: name"},
		{"duplicate field", "", with(func(l *Layer) { l.Fields[1].Name = "School" }), "used twice"},
		{"field without type", "", with(func(l *Layer) { l.Fields[2].Type = 0 }), "accepted: Text, Integer, Real"},
		{"nil geometry", "", with(feature(nil)), "geometry is nil"},
		{"multipolygon in POLYGON layer", "", with(feature(orb.MultiPolygon{poly})), "is orb.MultiPolygon; a POLYGON layer takes orb.Polygon"},
		{"polygon in MULTIPOLYGON layer", "", with(func(l *Layer) {
			l.GeometryType = "MULTIPOLYGON"
			feature(poly)(l)
		}), "is orb.Polygon; a MULTIPOLYGON layer takes orb.MultiPolygon"},
		{"ring in GEOMETRY layer", "", geometryLayer(square(86, 44, 87, 45)), "is orb.Ring"},
		{"bound in GEOMETRY layer", "", geometryLayer(orb.Bound{Min: orb.Point{86, 44}, Max: orb.Point{87, 45}}), "is orb.Bound"},
		{"point in GEOMETRYCOLLECTION layer", "", []Layer{{Name: "g", GeometryType: "GEOMETRYCOLLECTION", Features: []Feature{{Geometry: orb.Point{86, 44}, Values: []any{}}}}}, "takes orb.Collection"},
		{"NaN coordinate", "", with(feature(orb.Polygon{{{86, 44}, {math.NaN(), 44}, {87, 45}, {86, 44}}})), "not finite"},
		{"infinite coordinate", "", geometryLayer(orb.Point{86, math.Inf(1)}), "not finite"},
		{"longitude out of range", "", geometryLayer(orb.Point{200, 44}), "outside WGS84"},
		{"latitude out of range", "", geometryLayer(orb.LineString{{86, 44}, {86, -91}}), "outside WGS84"},
		{"projected metres", "", with(feature(orb.Polygon{square(500000, 4800000, 501000, 4801000)})), "outside WGS84"},
		{"ring not closed", "", with(feature(orb.Polygon{{{86, 44}, {87, 44}, {87, 45}, {86, 45}}})), "ring 0 is not closed"},
		{"ring of 3 points", "", with(feature(orb.Polygon{{{86, 44}, {87, 44}, {86, 44}}})), "ring 0 has 3 points"},
		{"hole not closed", "", with(feature(orb.Polygon{square(86, 44, 87, 45), {{86.2, 44.2}, {86.3, 44.2}, {86.3, 44.3}, {86.2, 44.3}}})), "ring 1 is not closed"},
		{"empty part of multipolygon", "", geometryLayer(orb.MultiPolygon{poly, {}}), "polygon 1 has no rings"},
		{"line string of 1 point", "", geometryLayer(orb.LineString{{86, 44}}), "at least 2 points"},
		{"collection with nil part", "", geometryLayer(orb.Collection{orb.Point{86, 44}, nil}), "part 1 is nil"},
		{"collection with empty part", "", geometryLayer(orb.Collection{orb.Polygon{}}), "part 0 (orb.Polygon) is empty"},
		{"collection too deep", "", geometryLayer(deep), "nested deeper"},
		{"too few values", "", with(feature(poly, "x", 1)), "2 values for 3 fields"},
		{"too many values", "", with(feature(poly, "x", 1, 1.5, 2)), "4 values for 3 fields"},
		{"int in Text", "", with(feature(poly, 7, 1, 1.5)), `field "school": value 7 is int; a Text field takes string or nil`},
		{"float in Integer", "", with(feature(poly, "x", 1.0, 1.5)), "an Integer field takes int, int32, int64 or nil"},
		{"string in Integer", "", with(feature(poly, "x", "1", 1.5)), "is string; an Integer field"},
		{"int in Real", "", with(feature(poly, "x", 1, 2)), "a Real field takes float64 or nil"},
		{"NaN in Real", "", with(feature(poly, "x", 1, math.NaN())), "not finite"},
		{"invalid UTF-8 text", "", with(feature(poly, "\xe5\x91", 1, 1.5)), "not valid UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := tc.path
			if p == "" {
				p = "out.gpkg"
			}
			err := Write(filepath.Join(dir, p), tc.layers)
			if err == nil {
				t.Fatal("Write accepted invalid input")
			}
			if !strings.HasPrefix(err.Error(), "gpkg: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to start with \"gpkg: \" and contain %q", err, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("invalid input left files behind: %v", entries)
			}
		})
	}
}

// le returns the 8 little-endian bytes of a double given by its IEEE-754
// bits, written out by hand in the tests.
func le(bits uint64) []byte {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte(bits >> (8 * i))
	}
	return b
}

// TestGeometryBlobGolden checks the stored bytes of two geometries against
// blobs worked out by hand from GeoPackage 1.3 clause 2.1.3 and ISO WKB.
func TestGeometryBlobGolden(t *testing.T) {
	// IEEE-754 doubles: 86 = 1.34375·2^6 → exponent 1029 = 0x405, fraction
	// .34375 = .01011b → 0x4055800000000000; 87 = 1.359375·2^6 →
	// 0x4055C00000000000; 44 = 1.375·2^5 → 0x4046000000000000; 45 =
	// 1.40625·2^5 → 0x4046800000000000.
	x86, x87 := le(0x4055800000000000), le(0x4055C00000000000)
	y44, y45 := le(0x4046000000000000), le(0x4046800000000000)
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	polygon := cat(
		[]byte{'G', 'P'},         // magic 0x4750
		[]byte{0x00},             // version 0 = GeoPackageBinary version 1
		[]byte{0x03},             // flags 0b00000011: standard, non-empty, envelope code 1 (bits 1-3 = 001), little endian (bit 0)
		[]byte{0xE6, 0x10, 0, 0}, // srs_id 4326 = 0x000010E6, little endian
		x86, x87, y44, y45,       // envelope [minx, maxx, miny, maxy]
		[]byte{0x01},       // WKB little endian
		[]byte{3, 0, 0, 0}, // wkbPolygon
		[]byte{1, 0, 0, 0}, // 1 ring
		[]byte{5, 0, 0, 0}, // 5 points
		x86, y44, x87, y44, x87, y45, x86, y45, x86, y44,
	)
	empty := cat(
		[]byte{'G', 'P', 0x00},
		[]byte{0x11},                         // flags 0b00010001: empty (bit 4), no envelope (code 0), little endian
		[]byte{0xE6, 0x10, 0, 0},             // srs_id 4326
		[]byte{0x01, 3, 0, 0, 0, 0, 0, 0, 0}, // WKB polygon of 0 rings
	)
	path := writeTemp(t, []Layer{{
		Name: "golden", GeometryType: "POLYGON",
		Features: []Feature{
			{Geometry: orb.Polygon{square(86, 44, 87, 45)}, Values: []any{}},
			{Geometry: orb.Polygon{}, Values: []any{}},
		},
	}})
	db := openTestDB(t, path)
	for fid, want := range map[int][]byte{1: polygon, 2: empty} {
		var got []byte
		if err := db.QueryRow("SELECT geom FROM golden WHERE fid = ?", fid).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("fid %d blob\n got % x\nwant % x", fid, got, want)
		}
	}
}

// TestFileStructure checks the GeoPackage container: header values, the
// integrity and foreign key checks, the required tables and rows, the layer
// extents and the spatial index.
func TestFileStructure(t *testing.T) {
	mp := orb.MultiPolygon{
		{square(86.50, 44.00, 86.60, 44.10), square(86.52, 44.02, 86.54, 44.04)},
		{square(87.20, 43.70, 87.30, 44.95)},
	}
	zones := zoneLayer()
	other := Layer{
		Name: "Schools_2025", Title: "学校", GeometryType: "GEOMETRY",
		Fields: []Field{{"name", Text}},
		Features: []Feature{
			{Geometry: orb.Point{86.876543210123, 44.191234567891}, Values: []any{"一中"}},
			{Geometry: mp, Values: []any{nil}},
			{Geometry: orb.LineString{}, Values: []any{"empty"}},
			{Geometry: orb.Collection{orb.Point{85.9, 44.5}, orb.LineString{{86, 44}, {86.1, 43.6}}}, Values: []any{"c"}},
		},
	}
	empty := Layer{Name: "nothing", GeometryType: "MULTIPOLYGON"}
	layers := []Layer{zones, other, empty}
	path := writeTemp(t, layers)
	db := openTestDB(t, path)
	back, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, l := range back {
		order = append(order, l.Name)
	}
	if !reflect.DeepEqual(order, []string{"zones", "Schools_2025", "nothing"}) {
		t.Errorf("Read order %v, want the written order", order)
	}

	var appID, version int64
	if err := db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if appID != 0x47504B47 || version != 10300 {
		t.Errorf("application_id 0x%X user_version %d, want 0x47504B47 ('GPKG') and 10300", appID, version)
	}
	head := make([]byte, 100)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Read(head); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if string(head[:16]) != "SQLite format 3\x00" || string(head[68:72]) != "GPKG" {
		t.Errorf("file header %q ... application id bytes %q, want SQLite format 3 and GPKG", head[:16], head[68:72])
	}
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
	rows, err := db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("foreign_key_check reports violations")
	}
	rows.Close()

	// The three required spatial reference systems.
	for _, want := range []struct {
		id   int
		org  string
		code int
	}{{4326, "EPSG", 4326}, {-1, "NONE", -1}, {0, "NONE", 0}} {
		var org, def string
		var code int
		if err := db.QueryRow("SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?", want.id).Scan(&org, &code, &def); err != nil {
			t.Fatalf("srs_id %d: %v", want.id, err)
		}
		if org != want.org || code != want.code || def == "" {
			t.Errorf("srs_id %d: %s %d %q", want.id, org, code, def)
		}
		if want.id == 4326 && !strings.HasPrefix(def, `GEOGCS["WGS 84"`) {
			t.Errorf("4326 definition %q", def)
		}
	}

	for _, l := range layers {
		var dataType, desc, lastChange, geomType, col string
		var title sql.NullString
		var minX, minY, maxX, maxY sql.NullFloat64
		var srs, gsrs, z, m int
		// CAST: the driver turns a DATETIME column into a time.Time, which
		// scans back into a string without trailing zeros (".370Z" → ".37Z").
		err := db.QueryRow(`SELECT data_type, identifier, description, CAST(last_change AS TEXT), min_x, min_y, max_x, max_y, srs_id
FROM gpkg_contents WHERE table_name = ?`, l.Name).Scan(&dataType, &title, &desc, &lastChange, &minX, &minY, &maxX, &maxY, &srs)
		if err != nil {
			t.Fatalf("%s contents: %v", l.Name, err)
		}
		if dataType != "features" || title.String != l.Title || title.Valid != (l.Title != "") || desc != l.Description || srs != 4326 {
			t.Errorf("%s contents: %s %v %q %d", l.Name, dataType, title, desc, srs)
		}
		if len(lastChange) != len("2006-01-02T15:04:05.000Z") || lastChange[10] != 'T' || !strings.HasSuffix(lastChange, "Z") {
			t.Errorf("%s last_change %q is not ISO-8601 UTC with milliseconds", l.Name, lastChange)
		}
		// The extent, worked out independently from every coordinate.
		wMinX, wMinY := math.Inf(1), math.Inf(1)
		wMaxX, wMaxY := math.Inf(-1), math.Inf(-1)
		any := false
		for _, ft := range l.Features {
			x0, x1, y0, y1, ok := bruteBounds(ft.Geometry)
			if ok {
				any = true
				wMinX, wMaxX = math.Min(wMinX, x0), math.Max(wMaxX, x1)
				wMinY, wMaxY = math.Min(wMinY, y0), math.Max(wMaxY, y1)
			}
		}
		if !any {
			if minX.Valid || minY.Valid || maxX.Valid || maxY.Valid {
				t.Errorf("%s: extent of a layer without geometry should be NULL", l.Name)
			}
		} else if minX.Float64 != wMinX || maxX.Float64 != wMaxX || minY.Float64 != wMinY || maxY.Float64 != wMaxY {
			t.Errorf("%s extent [%v, %v] × [%v, %v], want [%v, %v] × [%v, %v]", l.Name,
				minX.Float64, maxX.Float64, minY.Float64, maxY.Float64, wMinX, wMaxX, wMinY, wMaxY)
		}

		if err := db.QueryRow("SELECT column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns WHERE table_name = ?", l.Name).Scan(&col, &geomType, &gsrs, &z, &m); err != nil {
			t.Fatalf("%s geometry_columns: %v", l.Name, err)
		}
		if col != "geom" || geomType != l.GeometryType || gsrs != 4326 || z != 0 || m != 0 {
			t.Errorf("%s geometry_columns: %s %s %d %d %d", l.Name, col, geomType, gsrs, z, m)
		}
		var declared string
		if err := db.QueryRow("SELECT type FROM pragma_table_info(?) WHERE name = 'geom'", l.Name).Scan(&declared); err != nil || declared != l.GeometryType {
			t.Errorf("%s: geom column declared %q (%v), want %s", l.Name, declared, err, l.GeometryType)
		}
		var ext, scope string
		if err := db.QueryRow("SELECT extension_name, scope FROM gpkg_extensions WHERE table_name = ? AND column_name = 'geom'", l.Name).Scan(&ext, &scope); err != nil || ext != "gpkg_rtree_index" || scope != "write-only" {
			t.Errorf("%s extension row: %q %q %v", l.Name, ext, scope, err)
		}
		var rtreeSQL string
		if err := db.QueryRow("SELECT sql FROM sqlite_master WHERE name = ?", "rtree_"+l.Name+"_geom").Scan(&rtreeSQL); err != nil {
			t.Fatalf("%s: no rtree table: %v", l.Name, err)
		}
		if !strings.Contains(rtreeSQL, "USING rtree(id, minx, maxx, miny, maxy)") {
			t.Errorf("%s rtree: %s", l.Name, rtreeSQL)
		}
		checkRTree(t, db, l)

		// fids follow Features order.
		var n, maxFid int
		if err := db.QueryRow("SELECT count(*), coalesce(max(fid), 0) FROM "+quote(l.Name)).Scan(&n, &maxFid); err != nil {
			t.Fatal(err)
		}
		if n != len(l.Features) || maxFid != len(l.Features) {
			t.Errorf("%s: %d rows, max fid %d, want %d", l.Name, n, maxFid, len(l.Features))
		}
	}
}

// checkRTree compares the spatial index of l, as Write wrote it, with the
// bounds of each feature computed by brute force.
func checkRTree(t *testing.T, db *sql.DB, l Layer) {
	t.Helper()
	want := map[int64]orb.Geometry{}
	for i, ft := range l.Features {
		want[int64(i+1)] = ft.Geometry
	}
	checkIndex(t, db, l.Name, want)
}

// checkIndex compares the spatial index of table name with the bounds,
// computed by brute force, of the geometries of its rows by fid (nil for a
// NULL geometry). The index must hold exactly the rows of non-empty
// geometry. SQLite's R-tree stores 32-bit floats, rounding minima down and
// maxima up: each stored box must contain the exact bounds and be at most
// two float32 steps wider on each side.
func checkIndex(t *testing.T, db *sql.DB, name string, rows map[int64]orb.Geometry) {
	t.Helper()
	q, err := db.Query("SELECT id, minx, maxx, miny, maxy FROM " + quote("rtree_"+name+"_geom") + " ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	got := map[int64][4]float64{}
	for q.Next() {
		var id int64
		var b [4]float64
		if err := q.Scan(&id, &b[0], &b[1], &b[2], &b[3]); err != nil {
			t.Fatal(err)
		}
		got[id] = b
	}
	if err := q.Err(); err != nil {
		t.Fatal(err)
	}
	step := func(v float64) float64 {
		f := float32(math.Abs(v))
		return float64(math.Nextafter32(f, float32(math.Inf(1))) - f)
	}
	lower := func(stored, exact float64) bool { return stored <= exact && exact-stored <= 2*step(exact) }
	upper := func(stored, exact float64) bool { return stored >= exact && stored-exact <= 2*step(exact) }
	want := 0
	for fid, g := range rows {
		x0, x1, y0, y1, ok := bruteBounds(g)
		b, indexed := got[fid]
		if !ok {
			if indexed {
				t.Errorf("%s fid %d: empty or NULL geometry in the R-tree", name, fid)
			}
			continue
		}
		want++
		if !indexed {
			t.Errorf("%s fid %d: missing from the R-tree", name, fid)
			continue
		}
		if !lower(b[0], x0) || !upper(b[1], x1) || !lower(b[2], y0) || !upper(b[3], y1) {
			t.Errorf("%s fid %d: R-tree box %v, exact bounds [%v %v %v %v]", name, fid, b, x0, x1, y0, y1)
		}
	}
	if len(got) != want {
		t.Errorf("%s: %d R-tree rows %v, want %d", name, len(got), slices.Sorted(maps.Keys(got)), want)
	}
}

func TestWriteReplacesOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.gpkg")
	first := zoneLayer()
	if err := Write(path, []Layer{first}); err != nil {
		t.Fatal(err)
	}
	bad := zoneLayer()
	bad.Features[0].Values[1] = "many"
	if err := Write(path, []Layer{bad}); err == nil {
		t.Fatal("Write accepted a text value in an Integer field")
	}
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Features) != 2 {
		t.Fatalf("the failed write changed the file: %+v", got)
	}

	second := zoneLayer()
	second.Name, second.Features = "zones_v2", second.Features[:1]
	if err := Write(path, []Layer{second}); err != nil {
		t.Fatal(err)
	}
	got, err = Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != "zones_v2" || len(got[0].Features) != 1 {
		t.Fatalf("the second write did not replace the file: %+v", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left beside the GeoPackage: %v", entries)
	}

	if err := Write(filepath.Join(dir, "missing", "plan.gpkg"), []Layer{first}); err == nil || !strings.HasPrefix(err.Error(), "gpkg: ") {
		t.Errorf("Write into a missing directory: %v", err)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.gpkg")
	if err := os.WriteFile(text, []byte("这不是数据库\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.gpkg")
	db, err := sql.Open("sqlite", plain)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE t (x)"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// A GeoPackage whose geometry blob is corrupted after writing.
	corrupt := writeTemp(t, []Layer{zoneLayer()})
	cdb, err := sql.Open("sqlite", corrupt)
	if err != nil {
		t.Fatal(err)
	}
	// The R-tree triggers call ST_ functions this connection lacks (and
	// which would refuse the blob): drop them first.
	for _, suffix := range []string{"insert", "update1", "update2", "update3", "update4", "delete"} {
		if _, err := cdb.Exec(`DROP TRIGGER "rtree_zones_geom_` + suffix + `"`); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := cdb.Exec("UPDATE zones SET geom = x'4750000301' WHERE fid = 2"); err != nil {
		t.Fatal(err)
	}
	cdb.Close()
	// One in another reference system.
	projected := writeTemp(t, []Layer{zoneLayer()})
	pdb, err := sql.Open("sqlite", projected)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pdb.Exec("UPDATE gpkg_geometry_columns SET srs_id = -1"); err != nil {
		t.Fatal(err)
	}
	pdb.Close()

	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.gpkg"), "no such file"},
		{text, "gpkg: "},
		{plain, "not a GeoPackage"},
		{corrupt, `layer "zones" feature fid 2`},
		{projected, "srs_id -1; accepted: 4326"},
	} {
		_, err := Read(tc.path)
		if err == nil || !strings.HasPrefix(err.Error(), "gpkg: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%s) error %v, want one containing %q", filepath.Base(tc.path), err, tc.want)
		}
	}
}

// TestReadOtherWriters reads a feature table laid out as other tools write
// them: a big-endian geometry blob without envelope, a column types Write
// does not use, an id column not named fid, a NULL geometry.
func TestReadOtherWriters(t *testing.T) {
	path := writeTemp(t, []Layer{{Name: "base", GeometryType: "POINT"}})
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Point (86.5, 44.25) big endian, no envelope: flags 0x00.
	// 86.5 = 1.3515625·2^6 → 0x4055A00000000000; 44.25 = 1.3828125·2^5 → 0x4046200000000000.
	blob := []byte{'G', 'P', 0, 0x00, 0, 0, 0x10, 0xE6,
		0x00, 0, 0, 0, 1,
		0x40, 0x55, 0xA0, 0, 0, 0, 0, 0,
		0x40, 0x46, 0x20, 0, 0, 0, 0, 0}
	for _, q := range []string{
		`CREATE TABLE other (id INTEGER PRIMARY KEY, shape POINT, label TEXT(20), opened DATE, pupils MEDIUMINT, public BOOLEAN, share FLOAT)`,
		`INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('other', 'features', '其他', 4326)`,
		`INSERT INTO gpkg_geometry_columns VALUES ('other', 'shape', 'POINT', 4326, 0, 0)`,
		`INSERT INTO other VALUES (7, NULL, '空', '2025-09-01', 3, 1, 0.5)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO other VALUES (3, ?, NULL, NULL, NULL, 0, 2)`, blob); err != nil {
		t.Fatal(err)
	}
	db.Close()
	layers, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	want := Layer{
		Name: "other", Title: "其他", GeometryType: "POINT",
		Fields: []Field{{"label", Text}, {"opened", Text}, {"pupils", Integer}, {"public", Integer}, {"share", Real}},
		Features: []Feature{
			{Geometry: orb.Point{86.5, 44.25}, Values: []any{nil, nil, nil, int64(0), 2.0}},
			{Geometry: nil, Values: []any{"空", "2025-09-01", int64(3), int64(1), 0.5}},
		},
	}
	if len(layers) != 2 || !reflect.DeepEqual(layers[1], want) {
		t.Errorf("read %+v\nwant %+v", layers, want)
	}
}

// TestOGRInfo has GDAL read the file when ogrinfo is installed.
func TestOGRInfo(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not installed")
	}
	path := writeTemp(t, []Layer{zoneLayer()})
	out, err := exec.Command(ogrinfo, "-ro", "-so", "-al", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, want := range []string{"Layer name: zones", "Feature Count: 2", "Geometry: Polygon", "school: String"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ogrinfo output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "ERROR") || strings.Contains(string(out), "Warning") {
		t.Errorf("ogrinfo complains:\n%s", out)
	}
}

// TestOddFileNames writes and reads files whose names need escaping in an
// SQLite URI.
func TestOddFileNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "学区 #1")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"呼图壁 2025.gpkg", "a?mode=ro.gpkg", "100%.gpkg", "x#y.GPKG"} {
		path := filepath.Join(dir, name)
		if err := Write(path, []Layer{zoneLayer()}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := Read(path)
		if err != nil || len(got) != 1 || len(got[0].Features) != 2 {
			t.Errorf("%s: %v, %v", name, got, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("%d files in the directory, want the 4 written: %v", len(entries), entries)
	}
}
