package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
)

// applicationIDs are the header application_id values Read accepts: "GPKG"
// (GeoPackage 1.2 and later), "GP11" (1.1) and "GP10" (1.0).
var applicationIDs = []int64{applicationID, 0x47503131, 0x47503130}

// Read returns the feature layers of the GeoPackage at path, in the order of
// gpkg_contents (the order Write wrote them), each with its fields and its
// features in fid order. It reads the files Write writes and simple ones of
// other tools: feature tables in EPSG:4326 without z or m values, whose
// columns besides the integer primary key and the geometry are text
// (TEXT, TEXT(n), DATE, DATETIME), integer (INTEGER, INT, MEDIUMINT,
// SMALLINT, TINYINT, BOOLEAN) or real (REAL, DOUBLE, FLOAT). Values come back
// as string, int64, float64 or nil; a NULL geometry as a nil Geometry; an
// empty Title or Description for NULL ones. Errors start with "gpkg: ".
func Read(path string) ([]Layer, error) {
	return ReadWith(path, Options{})
}

// Options bound what ReadWith reads.
type Options struct {
	// Features, when not nil, says which layers' features are read (the
	// others come back with their fields and no features), so that a
	// reader of one layer holds no other layer in memory.
	Features func(l *Layer) bool
	// MaxFeatures, when above 0, is the most features read of one layer: a
	// layer with more is an error, found before the features are read.
	MaxFeatures int
}

// TooManyFeaturesError is ReadWith's error for a layer of more features
// than Options.MaxFeatures.
type TooManyFeaturesError struct {
	Layer    string
	Features int64 // the layer's features (or as many as were read)
	Max      int
}

func (e *TooManyFeaturesError) Error() string {
	return fmt.Sprintf("gpkg: layer %q has %d features; at most %d are read", e.Layer, e.Features, e.Max)
}

// ReadWith is Read within the bounds of o.
func ReadWith(path string, o Options) ([]Layer, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("gpkg: %w", err)
	}
	ctx := context.Background()
	db, conn, err := openConn(ctx, path, "ro")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	defer conn.Close()

	var appID int64
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return nil, fmt.Errorf("gpkg: %s: %w", path, err)
	}
	if !slices.Contains(applicationIDs, appID) {
		return nil, fmt.Errorf("gpkg: %s is not a GeoPackage: application_id 0x%08X; accepted: 0x47504B47 (GPKG), GP11, GP10", path, appID)
	}
	rows, err := conn.QueryContext(ctx, `SELECT c.table_name, c.identifier, c.description,
  g.column_name, g.geometry_type_name, g.srs_id, g.z, g.m
FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
WHERE c.data_type = 'features' ORDER BY c.rowid`)
	if err != nil {
		return nil, fmt.Errorf("gpkg: %s: %w", path, err)
	}
	type meta struct {
		title, desc sql.NullString
		geomCol     string
		srs, z, m   int64
	}
	var layers []Layer
	var metas []meta
	for rows.Next() {
		var l Layer
		var md meta
		if err := rows.Scan(&l.Name, &md.title, &md.desc, &md.geomCol, &l.GeometryType, &md.srs, &md.z, &md.m); err != nil {
			rows.Close()
			return nil, fmt.Errorf("gpkg: %s: %w", path, err)
		}
		l.Title, l.Description = md.title.String, md.desc.String
		layers = append(layers, l)
		metas = append(metas, md)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("gpkg: %s: %w", path, err)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gpkg: %s: %w", path, err)
	}
	for i := range layers {
		l, md := &layers[i], metas[i]
		if md.srs != srsWGS84 {
			return nil, fmt.Errorf("gpkg: layer %q: srs_id %d; accepted: 4326 (WGS84)", l.Name, md.srs)
		}
		if md.z == 1 || md.m == 1 {
			return nil, fmt.Errorf("gpkg: layer %q: z = %d, m = %d; only 2D geometries (z and m 0 or 2) are supported", l.Name, md.z, md.m)
		}
		if !slices.Contains(geometryTypes, l.GeometryType) {
			return nil, fmt.Errorf("gpkg: layer %q: geometry type %q; accepted: %s", l.Name, l.GeometryType, strings.Join(geometryTypes, ", "))
		}
		if err := readLayer(ctx, conn, l, md.geomCol, o); err != nil {
			return nil, err
		}
	}
	return layers, nil
}

// fieldTypes maps declared column types (GeoPackage 1.3 table 1, without a
// size) to field types.
var fieldTypes = map[string]FieldType{
	"TEXT": Text, "DATE": Text, "DATETIME": Text,
	"INTEGER": Integer, "INT": Integer, "MEDIUMINT": Integer, "SMALLINT": Integer, "TINYINT": Integer, "BOOLEAN": Integer,
	"REAL": Real, "DOUBLE": Real, "FLOAT": Real,
}

// readLayer reads the fields and features of l, whose geometry column is
// geomCol.
func readLayer(ctx context.Context, conn *sql.Conn, l *Layer, geomCol string, o Options) error {
	rows, err := conn.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", l.Name)
	if err != nil {
		return fmt.Errorf("gpkg: layer %q: %w", l.Name, err)
	}
	var key string
	var keys int
	for rows.Next() {
		var name, typ string
		var pk int
		if err := rows.Scan(&name, &typ, &pk); err != nil {
			rows.Close()
			return fmt.Errorf("gpkg: layer %q: %w", l.Name, err)
		}
		if pk > 0 {
			keys++
			key = name
			continue
		}
		if strings.EqualFold(name, geomCol) {
			continue
		}
		base := strings.ToUpper(strings.TrimSpace(typ))
		if i := strings.IndexByte(base, '('); i >= 0 && strings.HasPrefix(base, "TEXT") {
			base = "TEXT" // TEXT(maxchar_count)
		}
		ft, ok := fieldTypes[base]
		if !ok {
			rows.Close()
			return fmt.Errorf("gpkg: layer %q column %q: type %q; accepted: TEXT, DATE, DATETIME, INTEGER, INT, MEDIUMINT, SMALLINT, TINYINT, BOOLEAN, REAL, DOUBLE, FLOAT", l.Name, name, typ)
		}
		l.Fields = append(l.Fields, Field{Name: name, Type: ft})
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("gpkg: layer %q: %w", l.Name, err)
	}
	if keys != 1 {
		return fmt.Errorf("gpkg: layer %q: %d primary key columns; a feature table has one integer primary key", l.Name, keys)
	}

	if o.Features != nil && !o.Features(l) {
		return nil
	}
	if o.MaxFeatures > 0 {
		var n int64
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+quote(l.Name)).Scan(&n); err != nil {
			return fmt.Errorf("gpkg: layer %q: %w", l.Name, err)
		}
		if n > int64(o.MaxFeatures) {
			return &TooManyFeaturesError{Layer: l.Name, Features: n, Max: o.MaxFeatures}
		}
	}
	cols := []string{quote(geomCol)}
	for _, f := range l.Fields {
		if f.Type == Text {
			// The driver turns DATE and DATETIME columns into time.Time;
			// the CAST hides the declared type and keeps the stored text.
			cols = append(cols, "CAST("+quote(f.Name)+" AS TEXT)")
		} else {
			cols = append(cols, quote(f.Name))
		}
	}
	rows, err = conn.QueryContext(ctx, "SELECT "+quote(key)+", "+strings.Join(cols, ", ")+" FROM "+quote(l.Name)+" ORDER BY "+quote(key))
	if err != nil {
		return fmt.Errorf("gpkg: layer %q: %w", l.Name, err)
	}
	defer rows.Close()
	raw := make([]any, len(cols)+1)
	ptrs := make([]any, len(raw))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("gpkg: layer %q: %w", l.Name, err)
		}
		fid := raw[0]
		var ft Feature
		switch g := raw[1].(type) {
		case nil:
		case []byte:
			geom, srs, err := decodeGeometry(g)
			if err != nil {
				return fmt.Errorf("gpkg: layer %q feature fid %v: %w", l.Name, fid, err)
			}
			if srs != srsWGS84 {
				return fmt.Errorf("gpkg: layer %q feature fid %v: geometry srs_id %d; the column's is 4326", l.Name, fid, srs)
			}
			if !accepts(l.GeometryType, geom) {
				return fmt.Errorf("gpkg: layer %q feature fid %v: geometry %T in a %s column", l.Name, fid, geom, l.GeometryType)
			}
			ft.Geometry = geom
		default:
			return fmt.Errorf("gpkg: layer %q feature fid %v: geometry is %T, not a BLOB", l.Name, fid, g)
		}
		ft.Values = make([]any, len(l.Fields))
		for i, f := range l.Fields {
			v, err := fieldValue(f.Type, raw[2+i])
			if err != nil {
				return fmt.Errorf("gpkg: layer %q feature fid %v field %q: %w", l.Name, fid, f.Name, err)
			}
			ft.Values[i] = v
		}
		l.Features = append(l.Features, ft)
		if o.MaxFeatures > 0 && len(l.Features) > o.MaxFeatures {
			// rows added since the count
			return &TooManyFeaturesError{Layer: l.Name, Features: int64(len(l.Features)), Max: o.MaxFeatures}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("gpkg: layer %q: %w", l.Name, err)
	}
	return nil
}

// fieldValue converts a value read from SQLite to the Go type of t: string,
// int64, float64 or nil.
func fieldValue(t FieldType, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch t {
	case Text:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	case Integer:
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
				return int64(x), nil
			}
		}
	case Real:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	}
	return nil, fmt.Errorf("value %v (%T) in a %v column", v, v, t)
}
