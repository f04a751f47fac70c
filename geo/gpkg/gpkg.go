package gpkg

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, pure Go
)

// FieldType is the SQL type of a Field.
type FieldType int

// The field types. The zero FieldType is invalid, so that a Field without a
// type is an error rather than a silent TEXT.
const (
	Text    FieldType = iota + 1 // TEXT, UTF-8; values are string
	Integer                      // INTEGER; values are int, int32 or int64 (Read returns int64)
	Real                         // REAL; values are finite float64
)

// String returns the SQL name of t: TEXT, INTEGER or REAL.
func (t FieldType) String() string {
	switch t {
	case Text:
		return "TEXT"
	case Integer:
		return "INTEGER"
	case Real:
		return "REAL"
	}
	return fmt.Sprintf("FieldType(%d)", int(t))
}

// Field is an attribute column of a Layer.
type Field struct {
	// Name is the column name: ASCII letters, digits and underscores, not
	// starting with a digit, not fid or geom (any case), unique in its layer
	// regardless of case.
	Name string
	Type FieldType
}

// Feature is one row of a Layer: a geometry and its attribute values.
type Feature struct {
	// Geometry in WGS84 degrees, longitude first. Write requires it
	// non-nil and of a type the layer's GeometryType accepts; Read returns
	// nil for a NULL geometry.
	Geometry orb.Geometry
	// Values are in the order of the layer's Fields, one per field: a string
	// for Text, an int, int32 or int64 for Integer, a float64 for Real, or
	// nil for NULL. Read returns string, int64, float64 or nil.
	Values []any
}

// Layer is one feature table of a GeoPackage.
type Layer struct {
	// Name is the table name: ASCII letters, digits and underscores, not
	// starting with a digit nor with gpkg_, rtree_ or sqlite_ (any case),
	// unique in the file regardless of case.
	Name string
	// Title and Description go to gpkg_contents identifier and description,
	// what GIS tools show as the layer's name and abstract; any UTF-8 text,
	// Chinese included. A non-empty Title must be unique in the file; an
	// empty one is stored as NULL.
	Title, Description string
	// GeometryType is the declared type of the geometry column
	// (gpkg_geometry_columns.geometry_type_name): GEOMETRY, POINT,
	// LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON or
	// GEOMETRYCOLLECTION, in capitals. A POLYGON layer takes orb.Polygon
	// only, a MULTIPOLYGON layer orb.MultiPolygon only, GEOMETRY any type,
	// GEOMETRYCOLLECTION orb.Collection and the multi types.
	GeometryType string
	Fields       []Field
	// Features become rows with fid 1, 2, ... in this order.
	Features []Feature
}

// Write creates the GeoPackage at path (whose name must end in .gpkg) with
// the layers, in one SQLite transaction: for each layer a feature table (fid
// INTEGER PRIMARY KEY AUTOINCREMENT, geom, then the fields), its rows in
// gpkg_contents (extent = the envelope of its features, NULL when it has no
// non-empty geometry) and gpkg_geometry_columns (column geom, srs_id 4326,
// z = m = 0), and an R-tree spatial index rtree_<name>_geom registered as
// the gpkg_rtree_index extension. The index is filled from the features'
// envelopes; then the six triggers of GeoPackage 1.3 Annex F.3 that keep it
// in step with later edits are created, as the standard gives them (names
// double-quoted): rtree_<name>_geom_insert, _update1 to _update4 and
// _delete. They call the SQL functions ST_IsEmpty, ST_MinX, ST_MaxX,
// ST_MinY and ST_MaxY, which SQLite lacks and GIS tools (GDAL, QGIS)
// register on the connections they open. Write never fires them and Read
// never needs them; a plain SQLite connection can read and delete features,
// but its INSERT or UPDATE on a feature table fails with "no such function",
// as on any GeoPackage.
//
// Everything is validated before the file is touched (see Layer, Field,
// Feature). The database is written beside path under a temporary name and
// renamed over path only once complete, so an existing file at path is
// replaced only on success. Errors start with "gpkg: ".
func Write(path string, layers []Layer) error {
	if !strings.EqualFold(filepath.Ext(path), ".gpkg") {
		return fmt.Errorf("gpkg: file name %q must end in .gpkg (GeoPackage requirement 3)", filepath.Base(path))
	}
	envs, err := validate(layers)
	if err != nil {
		return err
	}
	tmp, err := createTemp(path)
	if err != nil {
		return err
	}
	if err := writeDB(tmp, layers, envs); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("gpkg: %w", err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// layerEnvelopes are the validated envelopes of one layer: of each feature
// (empty for an empty geometry) and of them all.
type layerEnvelopes struct {
	features []envelope
	all      envelope
}

// validate checks the layers and returns their envelopes.
func validate(layers []Layer) ([]layerEnvelopes, error) {
	if len(layers) == 0 {
		return nil, errors.New("gpkg: no layers to write")
	}
	names := map[string]bool{}
	titles := map[string]bool{}
	out := make([]layerEnvelopes, len(layers))
	for li, l := range layers {
		if err := checkName(l.Name); err != nil {
			return nil, fmt.Errorf("gpkg: layer %d: name %w", li, err)
		}
		low := strings.ToLower(l.Name)
		for _, p := range []string{"gpkg_", "rtree_", "sqlite_"} {
			if strings.HasPrefix(low, p) {
				return nil, fmt.Errorf("gpkg: layer %q: names starting with gpkg_, rtree_ or sqlite_ are reserved", l.Name)
			}
		}
		if names[low] {
			return nil, fmt.Errorf("gpkg: layer %q: name used twice (names are compared regardless of case)", l.Name)
		}
		names[low] = true
		if !utf8.ValidString(l.Title) || !utf8.ValidString(l.Description) {
			return nil, fmt.Errorf("gpkg: layer %q: title or description is not valid UTF-8", l.Name)
		}
		if l.Title != "" {
			if titles[l.Title] {
				return nil, fmt.Errorf("gpkg: layer %q: title %q used twice (gpkg_contents.identifier is unique)", l.Name, l.Title)
			}
			titles[l.Title] = true
		}
		if !slices.Contains(geometryTypes, l.GeometryType) {
			return nil, fmt.Errorf("gpkg: layer %q: geometry type %q; accepted: %s", l.Name, l.GeometryType, strings.Join(geometryTypes, ", "))
		}
		fields := map[string]bool{}
		for fi, f := range l.Fields {
			if err := checkName(f.Name); err != nil {
				return nil, fmt.Errorf("gpkg: layer %q field %d: name %w", l.Name, fi, err)
			}
			fl := strings.ToLower(f.Name)
			if fl == "fid" || fl == "geom" {
				return nil, fmt.Errorf("gpkg: layer %q field %q: fid and geom are the names of the key and geometry columns", l.Name, f.Name)
			}
			if fields[fl] {
				return nil, fmt.Errorf("gpkg: layer %q field %q: name used twice (names are compared regardless of case)", l.Name, f.Name)
			}
			fields[fl] = true
			if f.Type != Text && f.Type != Integer && f.Type != Real {
				return nil, fmt.Errorf("gpkg: layer %q field %q: type %v; accepted: Text, Integer, Real", l.Name, f.Name, f.Type)
			}
		}
		le := layerEnvelopes{features: make([]envelope, len(l.Features)), all: newEnvelope()}
		for i, ft := range l.Features {
			env, err := checkFeature(l, ft)
			if err != nil {
				return nil, fmt.Errorf("gpkg: layer %q feature %d: %w", l.Name, i, err)
			}
			le.features[i] = env
			le.all.union(env)
		}
		out[li] = le
	}
	return out, nil
}

// checkName checks a table or column name: ASCII letters, digits and
// underscores, not starting with a digit. The error completes "name ...".
func checkName(s string) error {
	if s == "" {
		return errors.New("is empty; accepted: ASCII letters, digits and underscores, not starting with a digit")
	}
	for i, r := range s {
		ok := r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || (i > 0 && '0' <= r && r <= '9')
		if !ok {
			return fmt.Errorf("%q has %q at byte %d; accepted: ASCII letters, digits and underscores, not starting with a digit", s, r, i)
		}
	}
	return nil
}

func checkFeature(l Layer, ft Feature) (envelope, error) {
	if ft.Geometry == nil {
		return envelope{}, fmt.Errorf("geometry is nil; a %s layer takes %s", l.GeometryType, acceptedTypes[l.GeometryType])
	}
	if !accepts(l.GeometryType, ft.Geometry) {
		return envelope{}, fmt.Errorf("geometry is %T; a %s layer takes %s", ft.Geometry, l.GeometryType, acceptedTypes[l.GeometryType])
	}
	env, err := checkGeometry(ft.Geometry, 0)
	if err != nil {
		return envelope{}, fmt.Errorf("geometry: %w", err)
	}
	if len(ft.Values) != len(l.Fields) {
		return envelope{}, fmt.Errorf("%d values for %d fields", len(ft.Values), len(l.Fields))
	}
	for i, f := range l.Fields {
		if err := checkValue(f.Type, ft.Values[i]); err != nil {
			return envelope{}, fmt.Errorf("field %q: %w", f.Name, err)
		}
	}
	return env, nil
}

func checkValue(t FieldType, v any) error {
	if v == nil {
		return nil
	}
	switch t {
	case Text:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("value %v is %T; a Text field takes string or nil", v, v)
		}
		if !utf8.ValidString(s) {
			return fmt.Errorf("value %q is not valid UTF-8", s)
		}
	case Integer:
		switch v.(type) {
		case int, int32, int64:
		default:
			return fmt.Errorf("value %v is %T; an Integer field takes int, int32, int64 or nil", v, v)
		}
	case Real:
		x, ok := v.(float64)
		if !ok {
			return fmt.Errorf("value %v is %T; a Real field takes float64 or nil", v, v)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("value %v is not finite (SQLite stores NaN as NULL)", x)
		}
	}
	return nil
}

// createTemp creates an empty file beside path for the database to be
// written into, with a name no other writer uses.
func createTemp(path string) (string, error) {
	for range 10 {
		var r [6]byte
		if _, err := rand.Read(r[:]); err != nil {
			return "", fmt.Errorf("gpkg: %w", err)
		}
		name := path + "." + hex.EncodeToString(r[:]) + ".tmp"
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("gpkg: %w", err)
		}
		return name, f.Close()
	}
	return "", fmt.Errorf("gpkg: no free temporary name beside %s", path)
}

// sqliteURI returns the SQLite URI of the file at path, opened in mode (ro,
// rw or rwc). Percent-escaping keeps '?', '#' and '%' in names intact.
func sqliteURI(path, mode string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("gpkg: %w", err)
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: "mode=" + mode}
	return u.String(), nil
}

// openConn opens the database at path and returns its single connection.
func openConn(ctx context.Context, path, mode string) (*sql.DB, *sql.Conn, error) {
	uri, err := sqliteURI(path, mode)
	if err != nil {
		return nil, nil, err
	}
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return nil, nil, fmt.Errorf("gpkg: %w", err)
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("gpkg: open %s: %w", filepath.Base(path), err)
	}
	return db, conn, nil
}

// wgs84WKT is the definition of EPSG:4326 in gpkg_spatial_ref_sys (OGC WKT 1,
// as in GeoPackage Annex F examples).
const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]`

// rtreeDefinition is the gpkg_extensions.definition of gpkg_rtree_index, as
// GDAL writes it.
const rtreeDefinition = "http://www.geopackage.org/spec120/#extension_rtree"

// rtreeTriggers are the spatial index triggers of GeoPackage 1.3 Annex F.3
// (requirement 77), verbatim: <t> stands for the feature table, <c> for its
// geometry column, <i> for its integer primary key. update3 is the form
// corrected in GeoPackage 1.2.1 (AFTER UPDATE ON <t>, so that it also fires
// when only the row id changes); GeoPackage 1.4 renamed it update5 and split
// update1 into update6 and update7, which a 1.3 file (user_version 10300)
// does not have.
var rtreeTriggers = []string{
	// Conditions: Insertion of non-empty geometry
	// Actions   : Insert record into rtree
	`CREATE TRIGGER rtree_<t>_<c>_insert AFTER INSERT ON <t>
  WHEN (new.<c> NOT NULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  INSERT OR REPLACE INTO rtree_<t>_<c> VALUES (
    NEW.<i>,
    ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),
    ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)
  );
END`,
	// Conditions: Update of geometry column to non-empty geometry
	//             No row ID change
	// Actions   : Update record in rtree
	`CREATE TRIGGER rtree_<t>_<c>_update1 AFTER UPDATE OF <c> ON <t>
  WHEN OLD.<i> = NEW.<i> AND
       (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  INSERT OR REPLACE INTO rtree_<t>_<c> VALUES (
    NEW.<i>,
    ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),
    ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)
  );
END`,
	// Conditions: Update of geometry column to empty geometry
	//             No row ID change
	// Actions   : Remove record from rtree
	`CREATE TRIGGER rtree_<t>_<c>_update2 AFTER UPDATE OF <c> ON <t>
  WHEN OLD.<i> = NEW.<i> AND
       (NEW.<c> ISNULL OR ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>;
END`,
	// Conditions: Update of any column
	//             Row ID change
	//             Non-empty geometry
	// Actions   : Remove record from rtree for old <i>
	//             Insert record into rtree for new <i>
	`CREATE TRIGGER rtree_<t>_<c>_update3 AFTER UPDATE ON <t>
  WHEN OLD.<i> != NEW.<i> AND
       (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>;
  INSERT OR REPLACE INTO rtree_<t>_<c> VALUES (
    NEW.<i>,
    ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),
    ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)
  );
END`,
	// Conditions: Update of any column
	//             Row ID change
	//             Empty geometry
	// Actions   : Remove record from rtree for old and new <i>
	`CREATE TRIGGER rtree_<t>_<c>_update4 AFTER UPDATE ON <t>
  WHEN OLD.<i> != NEW.<i> AND
       (NEW.<c> ISNULL OR ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id IN (OLD.<i>, NEW.<i>);
END`,
	// Conditions: Row deleted
	// Actions   : Remove record from rtree for old <i>
	`CREATE TRIGGER rtree_<t>_<c>_delete AFTER DELETE ON <t>
  WHEN old.<c> NOT NULL
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>;
END`,
}

// rtreeName matches the R-tree table and trigger names in rtreeTriggers.
var rtreeName = regexp.MustCompile(`rtree_<t>_<c>(_[a-z0-9]+)?`)

// triggerSQL returns the statements creating the spatial index triggers of
// table t, geometry column c and primary key i: rtreeTriggers with every
// name double-quoted, as the virtual table's name is, so that a table named
// like an SQL keyword (order, group) works too.
func triggerSQL(t, c, i string) []string {
	r := strings.NewReplacer("<t>", quote(t), "<c>", quote(c), "<i>", quote(i))
	out := make([]string, len(rtreeTriggers))
	for k, q := range rtreeTriggers {
		q = rtreeName.ReplaceAllStringFunc(q, func(m string) string {
			return quote("rtree_" + t + "_" + c + strings.TrimPrefix(m, "rtree_<t>_<c>"))
		})
		out[k] = r.Replace(q)
	}
	return out
}

// The GeoPackage header values (requirement 2).
const (
	applicationID = 0x47504B47 // "GPKG"
	userVersion   = 10300      // GeoPackage 1.3.0
)

// schema creates the GeoPackage tables (GeoPackage 1.3 Annex C).
var schema = []string{
	`CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
)`,
	`CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE,
  min_y DOUBLE,
  max_x DOUBLE,
  max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
)`,
	`CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
)`,
	`CREATE TABLE gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
)`,
}

// srsRows are the three rows gpkg_spatial_ref_sys must hold (requirements
// 11-13): srs_name, srs_id, organization, organization_coordsys_id,
// definition, description.
var srsRows = [][]any{
	{"WGS 84 geodetic", srsWGS84, "EPSG", srsWGS84, wgs84WKT, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"},
	{"Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"},
	{"Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"},
}

// quote returns s as an SQL identifier.
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// writeDB writes the validated layers into the empty database file at path.
func writeDB(path string, layers []Layer, envs []layerEnvelopes) (err error) {
	ctx := context.Background()
	db, conn, err := openConn(ctx, path, "rw")
	if err != nil {
		return err
	}
	defer func() {
		if cerr := conn.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("gpkg: %w", cerr)
		}
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("gpkg: %w", cerr)
		}
	}()
	// The file is a private temporary one, renamed into place only when
	// complete and synced: no rollback journal or per-commit sync is needed.
	for _, p := range []string{"PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF"} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("gpkg: %s: %w", p, err)
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	if err := fill(ctx, tx, layers, envs); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("gpkg: commit: %w", err)
	}
	return nil
}

// fill creates the tables and rows of the GeoPackage in tx.
func fill(ctx context.Context, tx *sql.Tx, layers []Layer, envs []layerEnvelopes) error {
	exec := func(q string, args ...any) error {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("gpkg: %s: %w", firstLine(q), err)
		}
		return nil
	}
	if err := exec(fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
		return err
	}
	if err := exec(fmt.Sprintf("PRAGMA user_version = %d", userVersion)); err != nil {
		return err
	}
	for _, q := range schema {
		if err := exec(q); err != nil {
			return err
		}
	}
	for _, r := range srsRows {
		if err := exec(`INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)`, r...); err != nil {
			return err
		}
	}
	lastChange := time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	for li, l := range layers {
		if err := writeLayer(ctx, tx, exec, l, envs[li], lastChange); err != nil {
			return err
		}
	}
	return nil
}

func writeLayer(ctx context.Context, tx *sql.Tx, exec func(string, ...any) error, l Layer, envs layerEnvelopes, lastChange string) error {
	t := quote(l.Name)
	cols := []string{"fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "geom " + l.GeometryType}
	names := []string{"fid", "geom"}
	for _, f := range l.Fields {
		cols = append(cols, quote(f.Name)+" "+f.Type.String())
		names = append(names, quote(f.Name))
	}
	if err := exec("CREATE TABLE " + t + " (" + strings.Join(cols, ", ") + ")"); err != nil {
		return err
	}
	var title any // NULL when empty: identifier is UNIQUE
	if l.Title != "" {
		title = l.Title
	}
	var minX, minY, maxX, maxY any // NULL for a layer without geometry
	if !envs.all.empty() {
		minX, minY, maxX, maxY = envs.all.minX, envs.all.minY, envs.all.maxX, envs.all.maxY
	}
	if err := exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.Name, title, l.Description, lastChange, minX, minY, maxX, maxY, srsWGS84); err != nil {
		return err
	}
	if err := exec(`INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, 'geom', ?, ?, 0, 0)`,
		l.Name, l.GeometryType, srsWGS84); err != nil {
		return err
	}
	rtree := quote("rtree_" + l.Name + "_geom")
	if err := exec("CREATE VIRTUAL TABLE " + rtree + " USING rtree(id, minx, maxx, miny, maxy)"); err != nil {
		return err
	}
	if err := exec(`INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (?, 'geom', 'gpkg_rtree_index', ?, 'write-only')`,
		l.Name, rtreeDefinition); err != nil {
		return err
	}
	if err := writeFeatures(ctx, tx, l, names, rtree, envs); err != nil {
		return err
	}
	// The triggers come last, once the index is filled and the statements
	// that filled it are closed: no statement of Write fires them (they call
	// functions this connection lacks).
	for _, q := range triggerSQL(l.Name, "geom", "fid") {
		if err := exec(q); err != nil {
			return err
		}
	}
	return nil
}

// writeFeatures inserts the features of l into its table, whose quoted
// column names are names, and their envelopes into the R-tree rtree (a
// quoted name).
func writeFeatures(ctx context.Context, tx *sql.Tx, l Layer, names []string, rtree string, envs layerEnvelopes) error {
	t := quote(l.Name)
	marks := strings.Repeat(", ?", len(names)-1)
	insert, err := tx.PrepareContext(ctx, "INSERT INTO "+t+" ("+strings.Join(names, ", ")+") VALUES (?"+marks+")")
	if err != nil {
		return fmt.Errorf("gpkg: layer %q: %w", l.Name, err)
	}
	defer insert.Close()
	index, err := tx.PrepareContext(ctx, "INSERT INTO "+rtree+" (id, minx, maxx, miny, maxy) VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		return fmt.Errorf("gpkg: layer %q: %w", l.Name, err)
	}
	defer index.Close()

	var buf bytes.Buffer
	args := make([]any, len(names))
	for i, ft := range l.Features {
		fid := int64(i + 1)
		env := envs.features[i]
		buf.Reset()
		if err := encodeGeometry(&buf, ft.Geometry, env); err != nil {
			return fmt.Errorf("gpkg: layer %q feature %d: %w", l.Name, i, err)
		}
		args[0], args[1] = fid, buf.Bytes()
		for j, v := range ft.Values {
			args[2+j] = sqlValue(v)
		}
		if _, err := insert.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("gpkg: layer %q feature %d: %w", l.Name, i, err)
		}
		if env.empty() {
			continue // the R-tree indexes non-empty geometries only
		}
		if _, err := index.ExecContext(ctx, fid, env.minX, env.maxX, env.minY, env.maxY); err != nil {
			return fmt.Errorf("gpkg: layer %q feature %d: spatial index: %w", l.Name, i, err)
		}
	}
	return nil
}

// sqlValue converts a validated field value for the driver.
func sqlValue(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int32:
		return int64(x)
	}
	return v
}

func firstLine(q string) string {
	if i := strings.IndexByte(q, '\n'); i >= 0 {
		return q[:i]
	}
	return q
}

// syncFile flushes the file at path to stable storage.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	return nil
}

// syncDir flushes a directory entry change (the rename), where the system
// allows it; failure only weakens durability, not the file.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
