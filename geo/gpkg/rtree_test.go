package gpkg

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"modernc.org/sqlite"
)

// specTriggers is the trigger block of GeoPackage 1.3 Annex F.3 as the
// standard prints it (with update3 as corrected in 1.2.1), the reference
// the written triggers are held to.
const specTriggers = `
/* Conditions: Insertion of non-empty geometry
   Actions   : Insert record into rtree */
CREATE TRIGGER rtree_<t>_<c>_insert AFTER INSERT ON <t>
  WHEN (new.<c> NOT NULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  INSERT OR REPLACE INTO rtree_<t>_<c> VALUES (
    NEW.<i>,
    ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),
    ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)
  );
END;

/* Conditions: Update of geometry column to non-empty geometry
               No row ID change
   Actions   : Update record in rtree */
CREATE TRIGGER rtree_<t>_<c>_update1 AFTER UPDATE OF <c> ON <t>
  WHEN OLD.<i> = NEW.<i> AND
       (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  INSERT OR REPLACE INTO rtree_<t>_<c> VALUES (
    NEW.<i>,
    ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),
    ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)
  );
END;

/* Conditions: Update of geometry column to empty geometry
               No row ID change
   Actions   : Remove record from rtree */
CREATE TRIGGER rtree_<t>_<c>_update2 AFTER UPDATE OF <c> ON <t>
  WHEN OLD.<i> = NEW.<i> AND
       (NEW.<c> ISNULL OR ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>;
END;

/* Conditions: Update of any column
               Row ID change
               Non-empty geometry
   Actions   : Remove record from rtree for old <i>
               Insert record into rtree for new <i> */
CREATE TRIGGER rtree_<t>_<c>_update3 AFTER UPDATE ON <t>
  WHEN OLD.<i> != NEW.<i> AND
       (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>;
  INSERT OR REPLACE INTO rtree_<t>_<c> VALUES (
    NEW.<i>,
    ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),
    ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)
  );
END;

/* Conditions: Update of any column
               Row ID change
               Empty geometry
   Actions   : Remove record from rtree for old and new <i> */
CREATE TRIGGER rtree_<t>_<c>_update4 AFTER UPDATE ON <t>
  WHEN OLD.<i> != NEW.<i> AND
       (NEW.<c> ISNULL OR ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id IN (OLD.<i>, NEW.<i>);
END;

/* Conditions: Row deleted
   Actions   : Remove record from rtree for old <i> */
CREATE TRIGGER rtree_<t>_<c>_delete AFTER DELETE ON <t>
  WHEN old.<c> NOT NULL
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>;
END;
`

var (
	sqlComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	triggerNm  = regexp.MustCompile(`^CREATE TRIGGER (rtree_\w+) `)
)

// normaliseSQL removes double quotes around identifiers and collapses white
// space, the differences the GeoPackage test suites allow in trigger text.
func normaliseSQL(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, `"`, "")), " ")
}

// specTriggersFor returns the triggers of the standard for table t, geometry
// column geom and key fid, normalised, by trigger name.
func specTriggersFor(t *testing.T, table string) map[string]string {
	t.Helper()
	text := sqlComment.ReplaceAllString(specTriggers, "")
	text = strings.NewReplacer("<t>", table, "<c>", "geom", "<i>", "fid").Replace(text)
	out := map[string]string{}
	for _, stmt := range strings.Split(text, "END;") {
		stmt = normaliseSQL(stmt)
		if stmt == "" {
			continue
		}
		m := triggerNm.FindStringSubmatch(stmt)
		if m == nil {
			t.Fatalf("spec statement without a trigger name: %s", stmt)
		}
		out[m[1]] = stmt + " END" // sqlite_master keeps the text up to END, without ';'
	}
	if len(out) != 6 {
		t.Fatalf("%d spec triggers, want 6", len(out))
	}
	return out
}

// TestRTreeTriggersPresent checks that every layer has the six spatial index
// triggers of GeoPackage 1.3, with the standard's names and text (up to
// identifier quoting and white space), and no others; and that the file
// still passes the integrity check.
func TestRTreeTriggersPresent(t *testing.T) {
	zones := zoneLayer()
	keyword := Layer{Name: "group", GeometryType: "POINT", Fields: []Field{{"order", Text}},
		Features: []Feature{{Geometry: orb.Point{86.9, 44.2}, Values: []any{"一"}}}}
	mixed := Layer{Name: "Schools_2025", GeometryType: "GEOMETRY",
		Features: []Feature{{Geometry: orb.LineString{}}, {Geometry: orb.Point{87, 44}}}}
	empty := Layer{Name: "nothing", GeometryType: "MULTIPOLYGON"}
	layers := []Layer{zones, keyword, mixed, empty}
	path := writeTemp(t, layers)
	db := openTestDB(t, path)

	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
	total := 0
	for _, l := range layers {
		want := specTriggersFor(t, l.Name)
		rows, err := db.Query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name", l.Name)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for rows.Next() {
			var name, text string
			if err := rows.Scan(&name, &text); err != nil {
				t.Fatal(err)
			}
			got[name] = text
		}
		rows.Close()
		total += len(got)
		if names, wantNames := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)); !slices.Equal(names, wantNames) {
			t.Errorf("%s: triggers %v, want %v", l.Name, names, wantNames)
			continue
		}
		for name, text := range got {
			if normaliseSQL(text) != want[name] {
				t.Errorf("%s:\n got %s\nwant %s", name, normaliseSQL(text), want[name])
			}
		}
		checkRTree(t, db, l)
	}
	var all int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").Scan(&all); err != nil {
		t.Fatal(err)
	}
	if all != total || total != 6*len(layers) {
		t.Errorf("%d triggers in the file, %d on the layers, want %d", all, total, 6*len(layers))
	}
}

// TestPlainSQLiteLacksSTFunctions pins down what the triggers mean for a
// connection without the ST_ functions, such as the ones Write and Read
// open: the functions do not exist there (so every Write that succeeds
// fired no trigger), reads work, a DELETE works (its trigger calls none),
// and an INSERT or UPDATE fails on the missing function, as on any
// GeoPackage GDAL writes.
func TestPlainSQLiteLacksSTFunctions(t *testing.T) {
	path := writeTemp(t, []Layer{zoneLayer()})
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("SELECT ST_IsEmpty(NULL)"); err == nil || !strings.Contains(err.Error(), "no such function: ST_IsEmpty") {
		t.Fatalf("ST_IsEmpty on the package's driver: %v, want no such function", err)
	}
	blob := encodeForTest(t, orb.Polygon{square(86, 44, 86.1, 44.1)})
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"INSERT INTO zones (geom, school) VALUES (?, 'x')", []any{blob}},
		{"UPDATE zones SET geom = ? WHERE fid = 1", []any{blob}},
		{"UPDATE zones SET school = 'x' WHERE fid = 1", nil}, // update3 and 4 fire on any column
	} {
		if _, err := db.Exec(q.sql, q.args...); err == nil || !strings.Contains(err.Error(), "no such function: ST_") {
			t.Errorf("%s: %v, want no such function", q.sql, err)
		}
	}
	if _, err := db.Exec("DELETE FROM zones WHERE fid = 1"); err != nil {
		t.Fatal(err)
	}
	l := zoneLayer()
	checkIndex(t, db, "zones", map[int64]orb.Geometry{2: l.Features[1].Geometry})
	back, err := Read(path)
	if err != nil || len(back) != 1 || len(back[0].Features) != 1 || !reflect.DeepEqual(back[0].Features[0], l.Features[1]) {
		t.Errorf("Read after the delete: %+v, %v", back, err)
	}
}

// stDriver returns a private SQLite driver with the five SQL functions the
// triggers call, as GIS tools provide them: each decodes the blob with the
// package's decoder and takes the bounds by brute force (bruteBounds).
// NULL gives NULL; ST_Min/Max of an empty geometry give NULL.
func stDriver() *sqlite.Driver {
	d := &sqlite.Driver{}
	geom := func(args []driver.Value) (orb.Geometry, bool, error) {
		switch v := args[0].(type) {
		case nil:
			return nil, false, nil
		case []byte:
			g, _, err := decodeGeometry(v)
			return g, err == nil, err
		}
		return nil, false, fmt.Errorf("argument of type %T is not a GeoPackage geometry blob", args[0])
	}
	d.MustRegisterDeterministicScalarFunction("ST_IsEmpty", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		g, ok, err := geom(args)
		if !ok {
			return nil, err
		}
		if _, _, _, _, nonEmpty := bruteBounds(g); nonEmpty {
			return int64(0), nil
		}
		return int64(1), nil
	})
	for i, name := range []string{"ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"} {
		d.MustRegisterDeterministicScalarFunction(name, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			g, ok, err := geom(args)
			if !ok {
				return nil, err
			}
			x0, x1, y0, y1, nonEmpty := bruteBounds(g)
			if !nonEmpty {
				return nil, nil
			}
			return [4]float64{x0, x1, y0, y1}[i], nil
		})
	}
	return d
}

// driverConnector opens dsn with a given driver, for sql.OpenDB.
type driverConnector struct {
	d   *sqlite.Driver
	dsn string
}

func (c driverConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c driverConnector) Driver() driver.Driver                        { return c.d }

// TestRTreeTriggersFollowEdits edits features through SQL on a connection
// with the ST_ functions, as a GIS tool would, and checks after each edit
// that the R-tree holds exactly the bounds of the rows' geometries: each of
// the six triggers is fired. Then Read, on a connection without the
// functions, returns the edited features.
func TestRTreeTriggersFollowEdits(t *testing.T) {
	a := orb.Polygon{square(86.80, 44.10, 86.90, 44.20)}
	b := orb.Polygon{square(86.90, 44.10, 87.00, 44.20)}
	p := orb.Point{86.75, 44.05}
	moved := orb.Polygon{square(86.25, 43.75, 86.50, 44.00)}
	c := orb.MultiPolygon{{square(87.10, 44.30, 87.20, 44.40)}, {square(86.00, 44.90, 86.05, 45.00)}}
	line := orb.LineString{{86.1, 44.6}, {86.4, 44.2}}

	for _, name := range []string{"zones", "group"} {
		t.Run(name, func(t *testing.T) {
			l := Layer{Name: name, GeometryType: "GEOMETRY", Fields: []Field{{"label", Text}},
				Features: []Feature{{Geometry: a, Values: []any{"a"}}, {Geometry: b, Values: []any{"b"}}, {Geometry: p, Values: []any{"p"}}}}
			path := writeTemp(t, []Layer{l})
			uri, err := sqliteURI(path, "rw")
			if err != nil {
				t.Fatal(err)
			}
			db := sql.OpenDB(driverConnector{stDriver(), uri})
			defer db.Close()
			tq := quote(name)
			rows := map[int64]orb.Geometry{1: a, 2: b, 3: p}
			checkIndex(t, db, name, rows)

			for _, s := range []struct {
				what string
				sql  string
				args []any
				edit func()
			}{
				{"update1: move fid 1", "UPDATE " + tq + " SET geom = ? WHERE fid = 1", []any{moved},
					func() { rows[1] = moved }},
				{"an attribute only: no trigger acts", "UPDATE " + tq + " SET label = 'b2' WHERE fid = 2", nil,
					func() {}},
				{"insert", "INSERT INTO " + tq + " (fid, geom, label) VALUES (4, ?, 'c')", []any{c},
					func() { rows[4] = c }},
				{"insert a NULL geometry: not indexed", "INSERT INTO " + tq + " (fid, geom, label) VALUES (5, NULL, 'null')", nil,
					func() { rows[5] = nil }},
				{"update2: to an empty geometry", "UPDATE " + tq + " SET geom = ? WHERE fid = 2", []any{orb.Polygon{}},
					func() { rows[2] = orb.Polygon{} }},
				{"update1: from empty to a line", "UPDATE " + tq + " SET geom = ? WHERE fid = 2", []any{line},
					func() { rows[2] = line }},
				// Fires only with the update3 of GeoPackage 1.2.1 and later
				// (AFTER UPDATE ON, not AFTER UPDATE OF geom).
				{"update3: only the fid changes", "UPDATE " + tq + " SET fid = 10 WHERE fid = 4", nil,
					func() { rows[10] = rows[4]; delete(rows, 4) }},
				{"update3: fid and geometry change", "UPDATE " + tq + " SET fid = 11, geom = ? WHERE fid = 3", []any{moved},
					func() { rows[11] = moved; delete(rows, 3) }},
				{"update4: fid changes, geometry to NULL", "UPDATE " + tq + " SET fid = 12, geom = NULL WHERE fid = 10", nil,
					func() { rows[12] = nil; delete(rows, 10) }},
				{"update2: geometry to NULL", "UPDATE " + tq + " SET geom = NULL WHERE fid = 11", nil,
					func() { rows[11] = nil }},
				{"delete", "DELETE FROM " + tq + " WHERE fid = 1", nil,
					func() { delete(rows, 1) }},
				{"delete a NULL geometry", "DELETE FROM " + tq + " WHERE fid = 5", nil,
					func() { delete(rows, 5) }},
			} {
				args := make([]any, len(s.args))
				for i, g := range s.args {
					args[i] = encodeForTest(t, g.(orb.Geometry))
				}
				if _, err := db.Exec(s.sql, args...); err != nil {
					t.Fatalf("%s: %v", s.what, err)
				}
				s.edit()
				t.Run(s.what, func(t *testing.T) { checkIndex(t, db, name, rows) })
			}
			var check string
			if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
				t.Errorf("integrity_check = %q, %v", check, err)
			}
			db.Close()

			back, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			var got []orb.Geometry
			for _, ft := range back[0].Features {
				got = append(got, ft.Geometry)
			}
			var want []orb.Geometry
			for _, fid := range slices.Sorted(maps.Keys(rows)) {
				want = append(want, rows[fid])
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Read after the edits: %v, want %v", got, want)
			}
		})
	}
}
