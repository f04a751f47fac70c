// Package pgtest starts throw-away PostgreSQL clusters with PostGIS for the
// tests of the packages that use engine/planstore: a cluster in a temporary
// folder (initdb, pg_ctl), listening on 127.0.0.1 on a free port, run as the
// postgres user when the tests run as root, and removed afterwards.
//
// A test package shares one cluster, started on its first use:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
//	func TestX(t *testing.T) {
//		url := pgtest.Database(t) // a new database with PostGIS
//		...
//	}
//
// Without PostgreSQL (or PostGIS) installed the tests that need it are
// skipped, unless the environment variable CI is set: then they fail.
//
// What belongs here: starting and stopping test clusters. Nothing of the
// zoning schema: that is engine/planstore's.
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// binGlob is where the PostgreSQL binaries are looked for, newest
// version first, after $PGTEST_BIN.
const binGlob = "/usr/lib/postgresql/*/bin"

// Cluster is a running throw-away cluster.
type Cluster struct {
	dir     string // the data folder (socket and log too)
	bin     string
	port    int
	runAs   string // "postgres" when started by root, "" otherwise
	stopped bool
	n       atomic.Int64 // databases made
}

// Port is the TCP port the cluster listens on (127.0.0.1).
func (c *Cluster) Port() int { return c.port }

// URL is the connection URL of database db as the superuser postgres.
func (c *Cluster) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// findBin returns the folder of initdb and pg_ctl.
func findBin() (string, error) {
	if d := os.Getenv("PGTEST_BIN"); d != "" {
		return d, nil
	}
	dirs, _ := filepath.Glob(binGlob)
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("pgtest: PostgreSQL not installed (no initdb in " + binGlob + " nor on PATH; apt-get install postgresql postgresql-15-postgis-3, or set PGTEST_BIN)")
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// Start initialises and starts a cluster in a new temporary folder. Stop
// stops it and removes the folder.
func Start() (*Cluster, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	sweep(bin)
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	// The process the cluster is for: sweep stops it once that is gone
	// (a test binary killed by its -timeout never runs Stop).
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	c := &Cluster{dir: dir, bin: bin}
	if os.Geteuid() == 0 { // initdb refuses root: the cluster is postgres's
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: running as root and there is no user postgres to run the cluster as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: %w", err)
		}
		c.runAs = "postgres"
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		c.remove()
		return nil, fmt.Errorf("pgtest: initdb: %v: %s", err, out)
	}
	// A free port: taken from the kernel, released, then given to
	// postgres; another process may take it in between, so try again.
	for try := 0; ; try++ {
		c.port, err = freePort()
		if err != nil {
			c.remove()
			return nil, err
		}
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB", c.port, dir)
		out, err := c.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start")
		if err == nil {
			break
		}
		if try == 3 {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			c.remove()
			return nil, fmt.Errorf("pgtest: pg_ctl start: %v: %s%s", err, out, log)
		}
	}
	return c, nil
}

// run runs a PostgreSQL binary, as postgres when the cluster is its.
func (c *Cluster) run(name string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, name)
	var cmd *exec.Cmd
	if c.runAs != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.runAs, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// ownerFile holds, in a cluster's folder, the id of the process it is for.
const ownerFile = "owner.pid"

// sweep stops and removes the clusters left by processes that are gone.
func sweep(bin string) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "pgtest-*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || processAlive(pid) {
			continue
		}
		c := &Cluster{dir: dir, bin: bin}
		if fi, err := os.Stat(dir); err == nil && os.Geteuid() == 0 && ownerUID(fi) != 0 {
			c.runAs = "postgres"
		}
		_ = c.Stop()
	}
}

// processAlive reports whether a process of that id exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ownerUID is the user id of a file's owner.
func ownerUID(fi os.FileInfo) uint32 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Uid
	}
	return 0
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: no free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Stop stops the cluster (fast shutdown: sessions are ended) and removes its
// folder.
func (c *Cluster) Stop() error {
	if c == nil || c.stopped {
		return nil
	}
	c.stopped = true
	out, err := c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "fast", "-w", "stop")
	c.remove()
	if err != nil {
		return fmt.Errorf("pgtest: pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

func (c *Cluster) remove() { os.RemoveAll(c.dir) }

// CreateDatabase creates a new database, with the PostGIS extension when
// postgis, and returns its URL.
func (c *Cluster) CreateDatabase(ctx context.Context, postgis bool) (string, error) {
	name := fmt.Sprintf("t%d", c.n.Add(1))
	admin, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("pgtest: create database: %w", err)
	}
	url := c.URL(name)
	if !postgis {
		return url, nil
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE EXTENSION postgis"); err != nil {
		return "", fmt.Errorf("pgtest: create extension postgis (apt-get install postgresql-15-postgis-3): %w", err)
	}
	return url, nil
}

// The cluster shared by a test binary's tests.
var shared struct {
	once sync.Once
	c    *Cluster
	err  error
}

// Shared returns the test binary's cluster, starting it on first use; Main
// stops it. Without PostgreSQL it skips t, or fails it when $CI is set.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	shared.once.Do(func() { shared.c, shared.err = Start() })
	if shared.err != nil {
		unavailable(t, shared.err)
	}
	return shared.c
}

// Database returns the URL of a new database with PostGIS in the shared
// cluster (see Shared).
func Database(t testing.TB) string {
	t.Helper()
	return database(t, true)
}

// DatabaseWithoutPostGIS returns the URL of a new database without the
// PostGIS extension.
func DatabaseWithoutPostGIS(t testing.TB) string {
	t.Helper()
	return database(t, false)
}

func database(t testing.TB, postgis bool) string {
	t.Helper()
	c := Shared(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	url, err := c.CreateDatabase(ctx, postgis)
	if err != nil {
		if postgis && strings.Contains(err.Error(), "extension") {
			unavailable(t, err)
		}
		t.Fatal(err)
	}
	return url
}

// unavailable skips t for want of PostgreSQL or PostGIS, or fails it under
// CI, where make test installs them.
func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%v (CI is set: PostgreSQL with PostGIS is required)", err)
	}
	t.Skipf("%v", err)
}

// Main runs the tests and stops the shared cluster, if one was started. It
// returns the exit code for os.Exit.
func Main(m *testing.M) int {
	code := m.Run()
	if shared.c != nil {
		if err := shared.c.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	return code
}
