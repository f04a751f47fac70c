package gpkg

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzRead: the container reader (Read) on a GeoPackage that another tool
// has changed: its layer's declared geometry type, srs, z and m, a column
// of any declared type holding any text, a feature's geometry blob, and
// bytes of the file overwritten. Read never panics; it fails with a
// "gpkg: " error, or returns layers whose features have a value per field,
// of the field's type, and geometries of the layer's type.
func FuzzRead(f *testing.F) {
	f.Add("MULTIPOLYGON", int64(4326), int64(0), int64(0), "TEXT", "x", []byte(nil), uint32(0), []byte(nil))
	f.Add("POINT", int64(4326), int64(2), int64(2), "INTEGER", "12", []byte("GP\x00\x01"), uint32(0), []byte(nil))
	f.Add("GEOMETRY", int64(3857), int64(1), int64(0), "DATETIME", "2026-01-01", []byte(nil), uint32(0), []byte(nil))
	f.Add("MULTIPOLYGON", int64(4326), int64(0), int64(0), "REAL", "1e999", []byte(nil), uint32(100), []byte("\xff\xff\xff\xff"))
	f.Add("MULTIPOLYGON", int64(4326), int64(0), int64(0), "BLOB", "", []byte(nil), uint32(68), []byte("GPKX"))
	f.Fuzz(func(t *testing.T, geomType string, srs, z, m int64, colType, value string, blob []byte, at uint32, junk []byte) {
		path := writeTemp(t, []Layer{{Name: "zones", GeometryType: "MULTIPOLYGON",
			Fields: []Field{{Name: "school_id", Type: Text}},
			Features: []Feature{
				{Geometry: orb.MultiPolygon{{square(86.8, 44.1, 86.9, 44.2)}}, Values: []any{"A"}},
				{Geometry: orb.MultiPolygon{{square(86.9, 44.1, 87, 44.2)}}, Values: []any{"B"}},
			}}})
		uri, err := sqliteURI(path, "rw")
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", uri)
		if err != nil {
			t.Fatal(err)
		}
		// Each change may be refused by SQLite itself: the others still go.
		_, _ = db.Exec("UPDATE gpkg_geometry_columns SET geometry_type_name = ?, srs_id = ?, z = ?, m = ?", geomType, srs, z, m)
		if !strings.ContainsAny(colType, "\x00;\"'") {
			_, _ = db.Exec(`ALTER TABLE zones ADD COLUMN extra ` + colType)
			_, _ = db.Exec("UPDATE zones SET extra = ?", value)
		}
		if blob != nil {
			_, _ = db.Exec("UPDATE zones SET geom = ? WHERE fid = 1", blob)
		}
		db.Close()
		if len(junk) > 0 {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			copy(b[int(at)%len(b):], junk)
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		layers, err := Read(path)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "gpkg: ") {
				t.Fatalf("error %q lacks the package's name", err)
			}
			return
		}
		for _, l := range layers {
			for _, ft := range l.Features {
				if len(ft.Values) != len(l.Fields) {
					t.Fatalf("layer %q: %d values for %d fields", l.Name, len(ft.Values), len(l.Fields))
				}
				for i, v := range ft.Values {
					ok := v == nil
					switch v.(type) {
					case string:
						ok = l.Fields[i].Type == Text
					case int64:
						ok = l.Fields[i].Type == Integer
					case float64:
						ok = l.Fields[i].Type == Real
					}
					if !ok {
						t.Fatalf("layer %q field %q: %T in a %v column", l.Name, l.Fields[i].Name, v, l.Fields[i].Type)
					}
				}
				if ft.Geometry != nil && !accepts(l.GeometryType, ft.Geometry) {
					t.Fatalf("layer %q: %T in a %s column", l.Name, ft.Geometry, l.GeometryType)
				}
			}
		}
	})
}
