package dataset

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/jackc/pgx/v5"
	"go.yaml.in/yaml/v3"
)

// A dataset kept in PostgreSQL with PostGIS (--data postgres://…) is read
// from tables in the shape of the folder's files, in the schema the URL's
// search_path names (default public):
//
//	dataset     (key text, value text): dataset.yaml's keys, one a row —
//	            name, base_year, crs, and places as YAML text
//	schools     the columns of schools.csv
//	households  the columns of households.csv
//	children    the columns of children.csv
//	zones       optional: level, school_id, zone_id (optional) and a
//	            Polygon or MultiPolygon geometry: the zones in force
//	boundary    optional: one or more Polygon or MultiPolygon geometries
//
// A row's location is its lon and lat columns, or else its geometry
// column's point; booleans are read as 0/1, NULL as blank. Geometries are
// in the dataset's crs (wgs84 by default), longitude first. Every table is
// read in the order of its id column (school_id, household_id, child_id;
// zones by level, primary first, and school_id). The tables are checked exactly as the
// files are; each problem is named TABLE:ROW ID: message (dataset:KEY:
// message for the dataset table, TABLE: message for the table as a whole).
// A road layer is not read from a database.

// IsPostgresURL reports whether a --data value is a database URL
// (postgres:// or postgresql://) rather than a folder.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// pgTable is how a table becomes a file of the folder.
type pgTable struct {
	table, file, id string
}

var pgTables = []pgTable{
	{"schools", SchoolsFile, "school_id"},
	{"households", HouseholdsFile, "household_id"},
	{"children", ChildrenFile, "child_id"},
}

// LoadPostgres reads the dataset of the database at url (see the tables
// above), with Load's checks and options. A database that cannot be read
// is an error naming it; the tables' problems are Problems, each named
// TABLE:ROW ID: message.
func LoadPostgres(ctx context.Context, url string, opts ...Option) (*Dataset, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("dataset: cannot read the database: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	r := &pgReader{ctx: ctx, conn: conn, fsys: fstest.MapFS{}, rows: map[string]map[int]string{}}
	if err := r.read(); err != nil {
		return nil, err
	}
	d, err := LoadContext(ctx, r.fsys, opts...)
	if ps, ok := err.(Problems); ok {
		err = r.rename(ps)
	}
	if d != nil {
		d.Warnings = r.rename(d.Warnings)
	}
	return d, err
}

// pgReader writes the tables as files.
type pgReader struct {
	ctx  context.Context
	conn *pgx.Conn
	fsys fstest.MapFS
	// rows maps each file's lines to the row ids they hold (for
	// dataset.yaml, to the key).
	rows map[string]map[int]string
}

func (r *pgReader) read() error {
	have, err := r.tables()
	if err != nil {
		return err
	}
	boundary := have["boundary"] != nil
	if have["dataset"] != nil {
		if err := r.meta(boundary); err != nil {
			return err
		}
	}
	for _, t := range pgTables {
		if cols := have[t.table]; cols != nil {
			if err := r.csv(t, cols); err != nil {
				return err
			}
		}
	}
	if cols := have["zones"]; cols != nil {
		if err := r.zones(cols); err != nil {
			return err
		}
	}
	if boundary {
		if err := r.boundary(have["boundary"]); err != nil {
			return err
		}
	}
	return nil
}

// pgColumn is a column of a table and its type's name.
type pgColumn struct{ name, typ string }

// tables returns the columns of the tables of the search path's first
// schema, by table.
func (r *pgReader) tables() (map[string][]pgColumn, error) {
	rows, err := r.conn.Query(r.ctx, `SELECT table_name, column_name, udt_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ANY($1) ORDER BY table_name, ordinal_position`,
		[]string{"dataset", "schools", "households", "children", "zones", "boundary"})
	if err != nil {
		return nil, fmt.Errorf("dataset: cannot read the database: %w", err)
	}
	out := map[string][]pgColumn{}
	for rows.Next() {
		var t string
		var c pgColumn
		if err := rows.Scan(&t, &c.name, &c.typ); err != nil {
			return nil, fmt.Errorf("dataset: cannot read the database: %w", err)
		}
		out[t] = append(out[t], c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("dataset: cannot read the database: %w", err)
	}
	return out, nil
}

func ident(s string) string { return pgx.Identifier{s}.Sanitize() }

// geometry returns the table's first geometry column, "" when none.
func geometry(cols []pgColumn) string {
	for _, c := range cols {
		if c.typ == "geometry" {
			return c.name
		}
	}
	return ""
}

func hasColumn(cols []pgColumn, name string) bool {
	return slices.ContainsFunc(cols, func(c pgColumn) bool { return c.name == name })
}

// meta writes dataset.yaml from the dataset table.
func (r *pgReader) meta(boundary bool) error {
	rows, err := r.conn.Query(r.ctx, "SELECT key::text, coalesce(value::text, '') FROM dataset ORDER BY key")
	if err != nil {
		return fmt.Errorf("dataset: table dataset (accepted: columns key, value): %w", err)
	}
	doc := &yaml.Node{Kind: yaml.MappingNode}
	var keys []string
	hasBoundary := false
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return fmt.Errorf("dataset: table dataset: %w", err)
		}
		val := &yaml.Node{Kind: yaml.ScalarNode, Value: v}
		if k == "places" {
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(v), &n); err == nil && len(n.Content) == 1 {
				val = n.Content[0]
			}
		}
		hasBoundary = hasBoundary || k == "boundary"
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, val)
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("dataset: table dataset: %w", err)
	}
	if boundary && !hasBoundary {
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "boundary"}, &yaml.Node{Kind: yaml.ScalarNode, Value: BoundaryFile})
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		return fmt.Errorf("dataset: table dataset: %w", err)
	}
	r.fsys[MetaFile] = &fstest.MapFile{Data: b}
	// Each line of the file to the key it belongs to.
	var back yaml.Node
	lines := map[int]string{}
	if yaml.Unmarshal(b, &back) == nil && len(back.Content) == 1 {
		m := back.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			for l := m.Content[i].Line; l <= lastLine(m.Content[i+1]); l++ {
				lines[l] = m.Content[i].Value
			}
		}
	}
	r.rows[MetaFile] = lines
	return nil
}

// lastLine is the last line a node spans.
func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		l = max(l, lastLine(c))
	}
	return l
}

// csv writes a table as its CSV file: text as is, booleans as 0/1, NULL as
// blank, the geometry's point as lon and lat when the table has no such
// columns.
func (r *pgReader) csv(t pgTable, cols []pgColumn) error {
	var header, exprs []string
	for _, c := range cols {
		switch c.typ {
		case "geometry":
			continue
		case "bool":
			exprs = append(exprs, fmt.Sprintf("CASE WHEN %[1]s THEN '1' WHEN NOT %[1]s THEN '0' END", ident(c.name)))
		default:
			exprs = append(exprs, ident(c.name)+"::text")
		}
		header = append(header, c.name)
	}
	if g := geometry(cols); g != "" && !hasColumn(cols, "lon") && !hasColumn(cols, "lat") {
		header = append(header, "lon", "lat")
		exprs = append(exprs, fmt.Sprintf("ST_X(%s)::text", ident(g)), fmt.Sprintf("ST_Y(%s)::text", ident(g)))
	}
	order := "1"
	if hasColumn(cols, t.id) {
		order = ident(t.id)
	}
	rows, err := r.conn.Query(r.ctx, fmt.Sprintf("SELECT %s FROM %s ORDER BY %s", strings.Join(exprs, ", "), ident(t.table), order))
	if err != nil {
		return fmt.Errorf("dataset: table %s: %w", t.table, err)
	}
	defer rows.Close()
	idCol := slices.Index(header, t.id)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(header)
	lines := map[int]string{}
	line := 2
	rec := make([]string, len(header))
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return fmt.Errorf("dataset: table %s: %w", t.table, err)
		}
		n := 0
		for i, v := range vals {
			rec[i] = ""
			if s, ok := v.(string); ok {
				rec[i] = s
				n += strings.Count(s, "\n")
			}
		}
		id := fmt.Sprintf("row %d", line-1)
		if idCol >= 0 && rec[idCol] != "" {
			id = rec[idCol]
		}
		for l := line; l <= line+n; l++ {
			lines[l] = id
		}
		line += n + 1
		_ = w.Write(rec)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("dataset: table %s: %w", t.table, err)
	}
	w.Flush()
	r.fsys[t.file] = &fstest.MapFile{Data: buf.Bytes()}
	r.rows[t.file] = lines
	return nil
}

// zones writes the zones table as zones.geojson, one feature a line.
func (r *pgReader) zones(cols []pgColumn) error {
	g := geometry(cols)
	if g == "" {
		return fmt.Errorf("dataset: table zones has no geometry column (accepted: level, school_id, zone_id, a Polygon or MultiPolygon geometry)")
	}
	zoneID := "''"
	if hasColumn(cols, "zone_id") {
		zoneID = "coalesce(zone_id::text, '')"
	}
	rows, err := r.conn.Query(r.ctx, fmt.Sprintf(`SELECT json_build_object('type', 'Feature',
		'properties', json_build_object('level', level, 'school_id', school_id, 'zone_id', %s),
		'geometry', ST_AsGeoJSON(%s, 17)::json)::text, coalesce(level::text, '') || '/' || coalesce(school_id::text, '')
		FROM zones ORDER BY CASE level WHEN 'primary' THEN 0 WHEN 'junior' THEN 1 ELSE 2 END, level, school_id`, zoneID, ident(g)))
	if err != nil {
		return fmt.Errorf("dataset: table zones (accepted: level, school_id, zone_id, a Polygon or MultiPolygon geometry): %w", err)
	}
	defer rows.Close()
	var buf bytes.Buffer
	buf.WriteString(`{"type": "FeatureCollection", "features": [`)
	lines := map[int]string{}
	line := 2
	for rows.Next() {
		var f, id string
		if err := rows.Scan(&f, &id); err != nil {
			return fmt.Errorf("dataset: table zones: %w", err)
		}
		if line > 2 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n" + f)
		lines[line] = id
		line++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("dataset: table zones: %w", err)
	}
	buf.WriteString("\n]}\n")
	r.fsys[ZonesFile] = &fstest.MapFile{Data: buf.Bytes()}
	r.rows[ZonesFile] = lines
	return nil
}

// boundary writes the boundary table's geometries as boundary.geojson.
func (r *pgReader) boundary(cols []pgColumn) error {
	g := geometry(cols)
	if g == "" {
		return fmt.Errorf("dataset: table boundary has no geometry column (accepted: a Polygon or MultiPolygon geometry)")
	}
	var doc string
	err := r.conn.QueryRow(r.ctx, fmt.Sprintf(`SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
		json_build_object('type', 'Feature', 'properties', '{}'::json, 'geometry', ST_AsGeoJSON(%s, 17)::json)), '[]'::json))::text FROM boundary`, ident(g))).Scan(&doc)
	if err != nil {
		return fmt.Errorf("dataset: table boundary: %w", err)
	}
	r.fsys[BoundaryFile] = &fstest.MapFile{Data: []byte(doc)}
	return nil
}

// tableOf is the table a file was made of.
var tableOf = map[string]string{MetaFile: "dataset", SchoolsFile: "schools", HouseholdsFile: "households",
	ChildrenFile: "children", ZonesFile: "zones", BoundaryFile: "boundary"}

// rename names each problem by its table and row id: TABLE:ROW ID:
// message, or TABLE: message for the table as a whole.
func (r *pgReader) rename(ps []Problem) Problems {
	if ps == nil {
		return nil
	}
	out := make(Problems, len(ps))
	for i, p := range ps {
		if p.File == "." {
			out[i] = Problem{File: "database", Msg: "no dataset: none of the tables dataset, schools, households, children is in the schema of its search_path"}
			continue
		}
		t, ok := tableOf[p.File]
		if !ok {
			out[i] = p
			continue
		}
		q := Problem{File: t, Msg: p.Msg}
		if id, ok := r.rows[p.File][p.Line]; ok {
			q.File += ":" + id
		}
		if p.Msg == "missing file" {
			q.Msg = "missing table"
		}
		out[i] = q
	}
	return out
}
