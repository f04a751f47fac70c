package planstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Channel is the LISTEN/NOTIFY channel a publish notifies with the county's
// code when it commits.
const Channel = "zoning_published"

// lockKey is the advisory lock of the schema's migrations (a constant both
// publish and migrate take).
const lockKey = 0x7a6f6e696e67 // "zoning"

// Store is a connection pool to a database with PostGIS. It is safe for
// concurrent use.
type Store struct {
	pool *pgxpool.Pool
	db   string // host:port/database, for messages (never the password)
}

// Open connects to the database of url (postgres://USER[:PASSWORD]@HOST[:PORT]/DB?...)
// and checks that it has the PostGIS extension. The errors name the
// database and say what to do; none holds the password.
func Open(ctx context.Context, url string) (*Store, error) {
	if !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://") {
		return nil, fmt.Errorf("planstore: database URL %q (accepted: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE)", redact(url))
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("planstore: database URL %q: %v (accepted: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE)", redact(url), unwrapParse(err))
	}
	cfg.ConnConfig.ConnectTimeout = connectTimeout(cfg.ConnConfig.ConnectTimeout)
	s := &Store{db: net.JoinHostPort(cfg.ConnConfig.Host, strconv.Itoa(int(cfg.ConnConfig.Port))) + "/" + cfg.ConnConfig.Database}
	s.pool, err = pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("planstore: %s: %w", s.db, err)
	}
	var postgis *string
	err = s.pool.QueryRow(ctx, "SELECT (SELECT extversion FROM pg_extension WHERE extname = 'postgis')").Scan(&postgis)
	if err != nil {
		s.pool.Close()
		return nil, fmt.Errorf("planstore: cannot reach the database %s: %w", s.db, err)
	}
	if postgis == nil {
		s.pool.Close()
		return nil, fmt.Errorf("planstore: the database %s has no PostGIS extension (install postgresql-15-postgis-3 and run CREATE EXTENSION postgis; in it as its owner)", s.db)
	}
	return s, nil
}

// DefaultConnectTimeout bounds a connection attempt when the URL does not
// (connect_timeout=SECONDS).
const DefaultConnectTimeout = 10 * time.Second

// connectTimeout is d, or DefaultConnectTimeout when d is 0.
func connectTimeout(d time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return DefaultConnectTimeout
}

// redact drops the password from a URL for a message.
func redact(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		if len(url) > 40 {
			return url[:40] + "…"
		}
		return url
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return url
	}
	user := rest[:at]
	if name, _, ok := strings.Cut(user, ":"); ok {
		user = name + ":xxxxx"
	}
	return scheme + "://" + user + rest[at:]
}

// unwrapParse is pgx's parse error without the URL it quotes.
func unwrapParse(err error) error {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) && pe.Unwrap() != nil {
		return pe.Unwrap()
	}
	return err
}

// Close closes the pool.
func (s *Store) Close() { s.pool.Close() }

// Database names the database: HOST:PORT/DATABASE.
func (s *Store) Database() string { return s.db }

// migration is one file of migrations/: NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// readMigrations returns the embedded migrations in order.
func readMigrations() ([]migration, error) {
	ents, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("planstore: %w", err)
	}
	var out []migration
	for _, e := range ents {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("planstore: migration %s: name not NNNN_name.sql", e.Name())
		}
		b, err := migrations.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("planstore: %w", err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := range out {
		if out[i].version != i+1 {
			return nil, fmt.Errorf("planstore: migration %s: expected number %d", out[i].name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the version of the schema this package writes and reads:
// the number of its last migration.
func SchemaVersion() int {
	ms, err := readMigrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// Migrate creates or migrates the zoning schema to SchemaVersion, in one
// transaction under an advisory lock, and returns the migrations applied
// (none when the schema was up to date).
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	var applied []string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		applied, err = migrate(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return applied, nil
}

// migrate applies the missing migrations within tx, after taking the
// advisory lock (held until tx ends).
func migrate(ctx context.Context, tx pgx.Tx) ([]string, error) {
	ms, err := readMigrations()
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(lockKey)); err != nil {
		return nil, fmt.Errorf("planstore: migration lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS zoning;
CREATE TABLE IF NOT EXISTS zoning.schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)`); err != nil {
		return nil, fmt.Errorf("planstore: schema_migrations: %w", err)
	}
	var have int
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM zoning.schema_migrations").Scan(&have); err != nil {
		return nil, fmt.Errorf("planstore: schema_migrations: %w", err)
	}
	if have > len(ms) {
		return nil, fmt.Errorf("planstore: the database's zoning schema is version %d, newer than this program's %d: use a newer zoning", have, len(ms))
	}
	var applied []string
	for _, m := range ms[have:] {
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return nil, fmt.Errorf("planstore: migration %s: %w", m.name, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO zoning.schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
			return nil, fmt.Errorf("planstore: migration %s: %w", m.name, err)
		}
		applied = append(applied, m.name)
	}
	return applied, nil
}

// checkSchema returns an error saying what to do when the database has no
// zoning schema, or one of another version.
func (s *Store) checkSchema(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) error {
	var have *int
	var exists bool
	err := q.QueryRow(ctx, "SELECT to_regclass('zoning.schema_migrations') IS NOT NULL").Scan(&exists)
	if err == nil && exists {
		err = q.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM zoning.schema_migrations").Scan(&have)
	}
	if err != nil {
		return fmt.Errorf("planstore: %s: %w", s.db, err)
	}
	switch {
	case have == nil:
		return fmt.Errorf("planstore: the database %s has no zoning schema: publish a plan first (zoning publish --db URL)", s.db)
	case *have != SchemaVersion():
		return fmt.Errorf("planstore: the database %s has the zoning schema version %d, this program reads version %d (zoning publish migrates it)", s.db, *have, SchemaVersion())
	}
	return nil
}
