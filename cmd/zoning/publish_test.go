package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hutubi-edu/zoning/engine/planstore/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// getBody is a GET's code and body.
func getBody(t *testing.T, u string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestPublishAndServeDB: a run's output folder published (a dry run
// first, which writes nothing) is served by zoning serve --db as zoning
// serve --plan serves it, the answers naming the county.
func TestPublishAndServeDB(t *testing.T) {
	db := pgtest.Database(t)
	data, out := smallRun(t)
	stdout, stderr, err := zoning(t, "publish", "-q", "--db", db, "--county", "t1", "--data", data, "--plan", out, "--dry-run")
	if err != nil || !strings.Contains(stdout, "would publish (dry run, nothing written) t1") || !strings.Contains(stdout, "version 1, replacing version none") {
		t.Fatalf("dry run: %v\n%s\n%s", err, stdout, stderr)
	}
	if _, _, err := zoning(t, "serve", "-q", "--db", db, "--addr", "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "no zoning schema: publish a plan first") {
		t.Fatalf("serve --db after a dry run only: %v", err)
	}
	for v, want := range []string{"version 1, replacing version none", "version 2, replacing version 1"} {
		stdout, stderr, err = zoning(t, "publish", "-q", "--db", db, "--county", "t1", "--data", data, "--plan", out)
		if err != nil || !strings.Contains(stdout, "published t1") || !strings.Contains(stdout, want) {
			t.Fatalf("publish %d: %v\n%s\n%s", v+1, err, stdout, stderr)
		}
	}
	if !strings.Contains(stdout, "zones:     0 added, 0 removed, 0 changed") {
		t.Errorf("the same plan again changed zones:\n%s", stdout)
	}
	srv := startServe(t, "-q", "--db", db, "--addr", "127.0.0.1:0")
	folder := startServe(t, "-q", "--data", data, "--plan", out, "--addr", "127.0.0.1:0")
	for deadline := time.Now().Add(time.Minute); ; { // a hang guard
		code, body := getBody(t, srv.base+"/readyz")
		if code == 200 {
			if !strings.Contains(string(body), `"code":"t1"`) || !strings.Contains(string(body), `"version":2`) {
				t.Errorf("/readyz: %s", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz: %d %s", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, q := range []string{"address=" + url.QueryEscape("呼图壁镇园林路18号锦华苑"), "lon=86.901&lat=44.191", "address=" + url.QueryEscape("园林路１８号锦华苑")} {
		code, body := getBody(t, srv.base+"/api/v1/lookup?"+q)
		fcode, fbody := getBody(t, folder.base+"/api/v1/lookup?"+q)
		if code != 200 || fcode != 200 {
			t.Fatalf("%s: --db %d %s, --plan %d %s", q, code, body, fcode, fbody)
		}
		var got, want map[string]any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(fbody, &want); err != nil {
			t.Fatal(err)
		}
		if got["county_code"] != "t1" || got["version"] != 2.0 {
			t.Errorf("%s: county %v version %v", q, got["county_code"], got["version"])
		}
		delete(got, "county_code")
		delete(got, "version")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n --db   %s\n --plan %s", q, body, fbody)
		}
	}
}

// TestPublishZonesInForce: without --plan, the embedded county's zones in
// force are published, under the code hutubi.
func TestPublishZonesInForce(t *testing.T) {
	db := pgtest.Database(t)
	stdout, stderr, err := zoning(t, "publish", "-q", "--db", db)
	if err != nil || !strings.Contains(stdout, "published hutubi (") || !strings.Contains(stdout, "version 1") {
		t.Fatalf("%v\n%s\n%s", err, stdout, stderr)
	}
}

// TestPublishErrors: what publish and serve --db refuse, and how they say
// it.
func TestPublishErrors(t *testing.T) {
	noPostGIS := pgtest.DatabaseWithoutPostGIS(t)
	db := pgtest.Database(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"publish"}, "no database (accepted: --db postgres://"},
		{[]string{"publish", "--db", "mysql://u:s3cret@h/db"}, "accepted: postgres://"},
		{[]string{"publish", "--db", "postgres://u:s3cret@127.0.0.1:notaport/db"}, "database URL"},
		{[]string{"publish", "--db", noPostGIS}, "has no PostGIS extension"},
		{[]string{"publish", "--db", db, "--county", "呼图壁"}, "accepted: 1 to 32 ASCII letters"},
		{[]string{"publish", "--db", db, "--county", "x", "--plan", "/nonexistent"}, "nonexistent"},
		{[]string{"serve", "--db", "postgres://u:s3cret@127.0.0.1:1/db?connect_timeout=2"}, "cannot reach the database 127.0.0.1:1/db"},
		{[]string{"serve", "--db", noPostGIS}, "has no PostGIS extension"},
		{[]string{"serve", "--db", db, "--plan", "out"}, "--db and --plan given together"},
	} {
		_, _, err := zoning(t, append(tc.args, "-q")...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%v: %v, want an error with %q and no password", tc.args, err, tc.want)
		}
	}
}

// TestDataFromPostgres: --data postgres://… reads the dataset's tables;
// problems are printed as TABLE:ROW ID: message, exit code 2.
func TestDataFromPostgres(t *testing.T) {
	db := pgtest.Database(t)
	_, stderr, err := zoning(t, "validate", "-q", "--data", db)
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 2 || !strings.Contains(stderr, "database: no dataset: none of the tables dataset, schools, households, children") {
		t.Fatalf("empty database: %v\n%s", err, stderr)
	}
}
