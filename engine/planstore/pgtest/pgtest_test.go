package pgtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestDatabase: a database of the shared cluster has PostGIS, and one made
// without has not; both are reached on the cluster's port.
func TestDatabase(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		url     func(testing.TB) string
		postgis bool
	}{
		{"with PostGIS", Database, true},
		{"without PostGIS", DatabaseWithoutPostGIS, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := tc.url(t)
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			if got := conn.Config().Port; int(got) != Shared(t).Port() {
				t.Errorf("port %d, want the cluster's %d", got, Shared(t).Port())
			}
			var n int
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if (n == 1) != tc.postgis {
				t.Errorf("postgis extensions: %d, want postgis=%v", n, tc.postgis)
			}
			if tc.postgis {
				var wkt string
				if err := conn.QueryRow(ctx, "SELECT ST_AsText(ST_SetSRID(ST_MakePoint(86.87, 44.19), 4326))").Scan(&wkt); err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(wkt, "POINT(86.87 44.19") {
					t.Errorf("ST_AsText = %q", wkt)
				}
			}
		})
	}
}

// TestStartStop: a second cluster runs beside the shared one on another
// port, and Stop removes its folder.
func TestStartStop(t *testing.T) {
	sh := Shared(t)
	c, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	if c.Port() == sh.Port() {
		t.Errorf("both clusters on port %d", c.Port())
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.dir); !os.IsNotExist(err) {
		t.Errorf("folder %s left behind (%v)", c.dir, err)
	}
	if err := c.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

// TestSweep: a cluster whose process is gone is stopped and removed by
// the next Start.
func TestSweep(t *testing.T) {
	Shared(t)
	c, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	// A process id that is not running: the largest possible.
	if err := os.WriteFile(filepath.Join(c.dir, ownerFile), []byte("4194304"), 0o644); err != nil {
		t.Fatal(err)
	}
	c2, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Stop()
	if _, err := os.Stat(c.dir); !os.IsNotExist(err) {
		c.Stop()
		t.Errorf("the orphan's folder %s is still there (%v)", c.dir, err)
	}
	if _, err := os.Stat(Shared(t).dir); err != nil {
		t.Errorf("the shared cluster's folder was swept: %v", err)
	}
}
