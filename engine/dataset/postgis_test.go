package dataset

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"go.yaml.in/yaml/v3"

	"github.com/hutubi-edu/zoning/engine/planstore/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// copyToTables writes the files of a dataset folder into tables of the
// shape LoadPostgres reads: every CSV column as text, dataset.yaml's keys
// as rows, the GeoJSON files' features as geometries.
func copyToTables(t *testing.T, ctx context.Context, conn *pgx.Conn, dir string) {
	t.Helper()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := conn.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for _, f := range []string{"schools", "households", "children"} {
		b, err := os.ReadFile(filepath.Join(dir, f+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var cols []string
		for _, c := range recs[0] {
			cols = append(cols, pgx.Identifier{c}.Sanitize()+" text")
		}
		exec("CREATE TABLE " + f + " (" + strings.Join(cols, ", ") + ")")
		_, err = conn.CopyFrom(ctx, pgx.Identifier{f}, recs[0], pgx.CopyFromSlice(len(recs)-1, func(i int) ([]any, error) {
			row := make([]any, len(recs[i+1]))
			for j, v := range recs[i+1] {
				row[j] = v
			}
			return row, nil
		}))
		if err != nil {
			t.Fatal(err)
		}
	}
	var meta yaml.Node
	b, err := os.ReadFile(filepath.Join(dir, MetaFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}
	exec("CREATE TABLE dataset (key text PRIMARY KEY, value text)")
	m := meta.Content[0]
	for i := 0; i < len(m.Content); i += 2 {
		v := m.Content[i+1].Value
		if m.Content[i+1].Kind != yaml.ScalarNode {
			out, _ := yaml.Marshal(m.Content[i+1])
			v = string(out)
		}
		exec("INSERT INTO dataset VALUES ($1, $2)", m.Content[i].Value, v)
	}
	exec("CREATE TABLE zones (level text, school_id text, zone_id text, geom geometry(Geometry, 4326))")
	exec("CREATE TABLE boundary (geom geometry(Geometry, 4326))")
	for _, f := range []string{ZonesFile, BoundaryFile} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Features []struct {
				Properties map[string]any  `json:"properties"`
				Geometry   json.RawMessage `json:"geometry"`
			} `json:"features"`
		}
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatal(err)
		}
		for _, ft := range fc.Features {
			if f == BoundaryFile {
				exec("INSERT INTO boundary VALUES (ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))", string(ft.Geometry))
				continue
			}
			zid, _ := ft.Properties["zone_id"].(string)
			exec("INSERT INTO zones VALUES ($1, $2, $3, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326))",
				ft.Properties["level"], ft.Properties["school_id"], zid, string(ft.Geometry))
		}
	}
}

func connect(t *testing.T) (context.Context, *pgx.Conn, string) {
	t.Helper()
	ctx := context.Background()
	url := pgtest.Database(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return ctx, conn, url
}

// noLines zeroes the line numbers, which differ between a file and a
// table.
func noLines(d *Dataset) {
	for i := range d.Schools {
		d.Schools[i].Line = 0
	}
	for i := range d.Households {
		d.Households[i].Line = 0
	}
	for i := range d.Children {
		d.Children[i].Line = 0
	}
	for i := range d.Zones {
		d.Zones[i].Line = 0
	}
}

// TestLoadPostgres: the tables of a dataset folder's files read as the
// folder is, through --data's path (LoadDirContext).
func TestLoadPostgres(t *testing.T) {
	ctx, conn, url := connect(t)
	dir := filepath.Join("testdata", "valid")
	copyToTables(t, ctx, conn, dir)
	want, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadDirContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	noLines(want)
	noLines(got)
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"meta", got.Meta, want.Meta},
		{"schools", got.Schools, want.Schools},
		{"households", got.Households, want.Households},
		{"children", got.Children, want.Children},
		{"zones", got.Zones, want.Zones},
		{"boundary", got.Boundary, want.Boundary},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, c.got, c.want)
		}
	}
}

// TestLoadPostgresProblems: problems of rows are named by table and row
// id, booleans and a geometry column are read as the CSV's 0/1 and
// lon, lat.
func TestLoadPostgresProblems(t *testing.T) {
	ctx, conn, url := connect(t)
	for _, sql := range []string{
		"CREATE TABLE dataset (key text, value text)",
		"INSERT INTO dataset VALUES ('name', '测试县'), ('base_year', '20x6')",
		"CREATE TABLE schools (school_id text, name text, geom geometry(Point, 4326), primary_seats integer, junior_seats integer, boarding boolean)",
		"INSERT INTO schools VALUES ('S1', '一小', ST_SetSRID(ST_MakePoint(86.9, 44.19), 4326), 600, 0, false), ('S2', '一中', ST_SetSRID(ST_MakePoint(86.95, 44.16), 4326), 0, -5, true)",
		"CREATE TABLE households (household_id text, lon double precision, lat double precision, address text, hukou text)",
		"INSERT INTO households VALUES ('H1', 86.9, 44.19, '呼图壁镇园林路18号', 'local'), ('H''2; DROP TABLE schools; --', 86.9, 44.19, '呼图壁镇园林路20号', 'alien')",
		"CREATE TABLE children (child_id text, household_id text, birth_year integer, grade integer, school_id text)",
		"INSERT INTO children VALUES ('C1', 'H1', 2018, 2, 'S1'), ('C2', 'H9', 2018, 2, 'S1')",
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	_, err := LoadPostgres(ctx, url)
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want Problems, got %v", err)
	}
	text := ps.Error()
	for _, want := range []string{
		"dataset:base_year: ",
		"schools:S2: ",
		"households:H'2; DROP TABLE schools; --: ",
		"children:C2: ",
	} {
		if !strings.Contains(text, "\n"+want) && !strings.HasPrefix(text, want) {
			t.Errorf("no problem named %q in:\n%s", want, text)
		}
	}
	for _, p := range ps {
		if strings.Contains(p.File, ".csv") || strings.Contains(p.File, ".yaml") {
			t.Errorf("problem named by its file: %s", p)
		}
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM schools").Scan(&n); err != nil || n != 2 {
		t.Errorf("schools after the load: %d, %v", n, err)
	}
	// Fixed, the booleans and the geometry read as 0/1 and lon, lat.
	for _, sql := range []string{
		"UPDATE dataset SET value = '2026' WHERE key = 'base_year'",
		"UPDATE schools SET junior_seats = 900 WHERE school_id = 'S2'",
		"DELETE FROM households WHERE household_id <> 'H1'",
		"DELETE FROM children WHERE child_id = 'C2'",
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	d, err := LoadPostgres(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if s := d.Schools[1]; s.ID != "S2" || !s.Boarding || s.Loc[0] != 86.95 || s.Loc[1] != 44.16 || d.Schools[0].Boarding {
		t.Errorf("schools %+v", d.Schools)
	}
}

// TestLoadPostgresErrors: a database that cannot be reached, one without
// the tables, one without some.
func TestLoadPostgresErrors(t *testing.T) {
	ctx, conn, url := connect(t)
	_, err := LoadPostgres(ctx, url)
	var ps Problems
	if !errors.As(err, &ps) || ps.Error() != "database: no dataset: none of the tables dataset, schools, households, children is in the schema of its search_path" {
		t.Errorf("empty database: %v", err)
	}
	if _, err := conn.Exec(ctx, "CREATE TABLE dataset (key text, value text)"); err != nil {
		t.Fatal(err)
	}
	_, err = LoadPostgres(ctx, url)
	if !errors.As(err, &ps) || !strings.Contains(ps.Error(), "schools: missing table") {
		t.Errorf("no schools table: %v", err)
	}
	if _, err := LoadPostgres(ctx, "postgres://u@127.0.0.1:1/db?connect_timeout=2"); err == nil || !strings.HasPrefix(err.Error(), "dataset: cannot read the database") {
		t.Errorf("no server: %v", err)
	}
}
