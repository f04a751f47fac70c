package planstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// Keep is how many versions of a county a publish keeps: the new one and
// the ones before it (a server still reading one finishes in its snapshot).
const Keep = 3

// codeRE is what a county's code may be.
var codeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// CheckCode reports whether code may name a county: 1 to 32 ASCII letters,
// digits, - and _ (such as the 6-digit administrative division code).
func CheckCode(code string) error {
	if !codeRE.MatchString(code) {
		return fmt.Errorf("planstore: county code %q (accepted: 1 to 32 ASCII letters, digits, - and _, such as the division code 652323)", code)
	}
	return nil
}

// Plan is what a publish writes: one county's plan with the dataset it is
// for.
type Plan struct {
	// County is the county's code (CheckCode).
	County string
	// Name is the county's name; "" takes the dataset's (dataset.yaml name).
	Name string
	// Source says what is published, for zoning.versions.source: the
	// output folder, or the dataset's zones in force.
	Source string
	// Dataset gives the schools, the place names and the gazetteer of
	// addresses (its households' addresses and points only).
	Dataset *dataset.Dataset
	// Zones, Descriptions and Metrics are the plan's (planfile.Plan's, or
	// the dataset's zones in force with neither descriptions nor metrics).
	Zones        []dataset.Zone
	Descriptions []notice.Plan
	Metrics      *engine.Metrics
}

// Diff counts the rows of a table that a publish adds, removes, changes
// and keeps against the version served.
type Diff struct {
	Added, Removed, Changed, Same int
}

func (d Diff) String() string {
	return fmt.Sprintf("%d added, %d removed, %d changed, %d unchanged", d.Added, d.Removed, d.Changed, d.Same)
}

// Change is what a publish did, or would do (DryRun).
type Change struct {
	County, Name string
	// From is the version served before (0: none); To the new one.
	From, To int
	DryRun   bool
	// Migrations are the schema's migrations applied (rolled back with
	// DryRun).
	Migrations []string
	// Schools are keyed by school_id, Zones by level and school_id (changed:
	// geometry, zone_id or notice), Addresses by the address and its point.
	Schools, Zones, Addresses Diff
}

// String is the change in words, one line per table.
func (c Change) String() string {
	var b strings.Builder
	verb := "published"
	if c.DryRun {
		verb = "would publish (dry run, nothing written)"
	}
	from := "none"
	if c.From > 0 {
		from = fmt.Sprint(c.From)
	}
	fmt.Fprintf(&b, "%s %s (%s): version %d, replacing version %s\n", verb, c.County, c.Name, c.To, from)
	for _, m := range c.Migrations {
		fmt.Fprintf(&b, "  schema migration %s\n", m)
	}
	fmt.Fprintf(&b, "  schools:   %v\n", c.Schools)
	fmt.Fprintf(&b, "  zones:     %v\n", c.Zones)
	fmt.Fprintf(&b, "  addresses: %v\n", c.Addresses)
	return b.String()
}

// Publish writes p as the county's new version and makes it the version
// served, in one transaction: the version served before stays served until
// the commit, and servers following the store are notified on Channel.
// With dryRun it does the same and rolls back: the Change says what would
// change. Publishes of different counties run side by side; those of one
// county queue on its row. The plan is built for lookups first (lookup.New), so that a plan
// that cannot be served is never published.
func (s *Store) Publish(ctx context.Context, p Plan, dryRun bool) (Change, error) {
	if err := CheckCode(p.County); err != nil {
		return Change{}, err
	}
	ds := p.Dataset
	if ds == nil {
		return Change{}, errors.New("planstore: no dataset")
	}
	if p.Name == "" {
		p.Name = ds.Meta.Name
	}
	if p.Name == "" {
		return Change{}, errors.New("planstore: the county has no name (accepted: dataset.yaml's name, or give one)")
	}
	src := lookup.Source{Zones: p.Zones, Descriptions: p.Descriptions}
	if p.Metrics != nil {
		src.Lotteries = p.Metrics.Lotteries
	}
	if _, err := lookup.New(ds, src); err != nil {
		return Change{}, fmt.Errorf("planstore: %s: %w", p.County, err)
	}
	places, err := json.Marshal(ds.Gazetteer())
	if err != nil {
		return Change{}, fmt.Errorf("planstore: %w", err)
	}
	var descriptions, metrics []byte
	if len(p.Descriptions) > 0 {
		var buf bytes.Buffer
		if err := notice.WritePlans(&buf, p.Descriptions); err != nil {
			return Change{}, fmt.Errorf("planstore: %w", err)
		}
		descriptions = buf.Bytes()
	}
	var year *int
	if p.Metrics != nil {
		if metrics, err = json.Marshal(p.Metrics); err != nil {
			return Change{}, fmt.Errorf("planstore: %w", err)
		}
		year = &p.Metrics.Year
	}
	ch := Change{County: p.County, Name: p.Name, DryRun: dryRun}
	if !dryRun {
		// Migrated first, on its own (exclusive lock, briefly); the
		// publish holds the lock shared, so that publishes of different
		// counties run side by side and no migration runs under them.
		if ch.Migrations, err = s.Migrate(ctx); err != nil {
			return Change{}, err
		}
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return Change{}, fmt.Errorf("planstore: %s: %w", s.db, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if dryRun && s.checkSchema(ctx, tx) != nil { // rolled back, the schema too
		if ch.Migrations, err = migrate(ctx, tx); err != nil {
			return Change{}, err
		}
	} else {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock_shared($1)", int64(lockKey)); err != nil {
			return Change{}, fmt.Errorf("planstore: migration lock: %w", err)
		}
		if err := s.checkSchema(ctx, tx); err != nil {
			return Change{}, err
		}
	}
	// The county's row, locked: publishes of one county queue here.
	var from *int
	err = tx.QueryRow(ctx, `INSERT INTO zoning.counties (code, name) VALUES ($1, $2)
		ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING version`, p.County, p.Name).Scan(&from)
	if err != nil {
		return Change{}, fmt.Errorf("planstore: county %s: %w", p.County, err)
	}
	if from != nil {
		ch.From = *from
	}
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) + 1 FROM zoning.versions WHERE county = $1", p.County).Scan(&ch.To); err != nil {
		return Change{}, fmt.Errorf("planstore: county %s: %w", p.County, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO zoning.versions (county, version, source, year, places, descriptions, metrics)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.County, ch.To, p.Source, year, string(places), nullText(descriptions), nullJSON(metrics)); err != nil {
		return Change{}, fmt.Errorf("planstore: county %s: versions: %w", p.County, err)
	}
	if err := writeRows(ctx, tx, p, ch.To); err != nil {
		return Change{}, err
	}
	if err := diff(ctx, tx, &ch); err != nil {
		return Change{}, err
	}
	if _, err := tx.Exec(ctx, "UPDATE zoning.counties SET version = $2, updated_at = now() WHERE code = $1", p.County, ch.To); err != nil {
		return Change{}, fmt.Errorf("planstore: county %s: %w", p.County, err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM zoning.versions WHERE county = $1 AND version <= $2", p.County, ch.To-Keep); err != nil {
		return Change{}, fmt.Errorf("planstore: county %s: old versions: %w", p.County, err)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", Channel, p.County); err != nil {
		return Change{}, fmt.Errorf("planstore: notify: %w", err)
	}
	if dryRun {
		return ch, nil // rolled back
	}
	if err := tx.Commit(ctx); err != nil {
		return Change{}, fmt.Errorf("planstore: county %s: commit: %w", p.County, err)
	}
	return ch, nil
}

func nullText(b []byte) *string {
	if b == nil {
		return nil
	}
	s := string(b)
	return &s
}

func nullJSON(b []byte) *string { return nullText(b) }

// writeRows writes the schools, zones and addresses of version v.
func writeRows(ctx context.Context, tx pgx.Tx, p Plan, v int) error {
	ds := p.Dataset
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"zoning", "schools"},
		[]string{"county", "version", "school_id", "name", "address", "primary_seats", "junior_seats", "lon", "lat"},
		pgx.CopyFromSlice(len(ds.Schools), func(i int) ([]any, error) {
			s := &ds.Schools[i]
			return []any{p.County, v, s.ID, s.Name, s.Address, s.PrimarySeats, s.JuniorSeats, s.Loc[0], s.Loc[1]}, nil
		}))
	if err != nil {
		return fmt.Errorf("planstore: county %s: schools: %w", p.County, err)
	}
	texts := map[string]string{}
	for _, pl := range p.Descriptions {
		for _, z := range pl.Zones {
			texts[pl.Level+"\x00"+z.SchoolID] = z.Text()
		}
	}
	var zs struct {
		n                     []int32
		level, school, zoneID []string
		notice                []*string
		geom                  [][]byte
	}
	for n, z := range p.Zones {
		g, err := wkb.Marshal(z.Geometry)
		if err != nil {
			return fmt.Errorf("planstore: county %s: %s zone of school %s: %w", p.County, z.Level, z.SchoolID, err)
		}
		var text *string
		if t, ok := texts[string(z.Level)+"\x00"+z.SchoolID]; ok {
			text = &t
		}
		zs.n, zs.level, zs.school, zs.zoneID = append(zs.n, int32(n+1)), append(zs.level, string(z.Level)), append(zs.school, z.SchoolID), append(zs.zoneID, z.ZoneID)
		zs.notice, zs.geom = append(zs.notice, text), append(zs.geom, g)
	}
	_, err = tx.Exec(ctx, `INSERT INTO zoning.zones (county, version, n, level, school_id, zone_id, notice, geom)
		SELECT $1, $2, n, level, school_id, zone_id, notice, ST_Multi(ST_GeomFromWKB(g, 4326))
		FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[]) AS u (n, level, school_id, zone_id, notice, g)`,
		p.County, v, zs.n, zs.level, zs.school, zs.zoneID, zs.notice, zs.geom)
	if err != nil {
		return fmt.Errorf("planstore: county %s: zones: %w", p.County, err)
	}
	if err := writeRoads(ctx, tx, p.County, v, ds.Roads); err != nil {
		return err
	}
	// The gazetteer: each home's address and point, nothing else.
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"zoning", "addresses"},
		[]string{"county", "version", "n", "address", "lon", "lat"},
		pgx.CopyFromSlice(len(ds.Households), func(i int) ([]any, error) {
			h := &ds.Households[i]
			return []any{p.County, v, i + 1, h.Address, h.Loc[0], h.Loc[1]}, nil
		}))
	if err != nil {
		return fmt.Errorf("planstore: county %s: addresses: %w", p.County, err)
	}
	return nil
}

// writeRoads writes the road layer of version v.
func writeRoads(ctx context.Context, tx pgx.Tx, county string, v int, net *roads.Network) error {
	if net == nil {
		return nil
	}
	var rs struct {
		n                      []int32
		class, name            []string
		oneway, bridge, tunnel []bool
		geom                   [][]byte
	}
	for i, r := range net.Roads() {
		g, err := wkb.Marshal(r.Line)
		if err != nil {
			return fmt.Errorf("planstore: county %s: road %d: %w", county, i+1, err)
		}
		rs.n, rs.class, rs.name = append(rs.n, int32(i+1)), append(rs.class, r.Class), append(rs.name, r.Name)
		rs.oneway, rs.bridge, rs.tunnel, rs.geom = append(rs.oneway, r.Oneway), append(rs.bridge, r.Bridge), append(rs.tunnel, r.Tunnel), append(rs.geom, g)
	}
	_, err := tx.Exec(ctx, `INSERT INTO zoning.roads (county, version, n, class, name, oneway, bridge, tunnel, geom)
		SELECT $1, $2, n, class, name, oneway, bridge, tunnel, ST_GeomFromWKB(g, 4326)
		FROM unnest($3::int[], $4::text[], $5::text[], $6::bool[], $7::bool[], $8::bool[], $9::bytea[]) AS u (n, class, name, oneway, bridge, tunnel, g)`,
		county, v, rs.n, rs.class, rs.name, rs.oneway, rs.bridge, rs.tunnel, rs.geom)
	if err != nil {
		return fmt.Errorf("planstore: county %s: roads: %w", county, err)
	}
	var bs struct {
		n          []int32
		kind, name []string
		geom       [][]byte
	}
	for i, b := range net.Barriers() {
		g, err := wkb.Marshal(b.Line)
		if err != nil {
			return fmt.Errorf("planstore: county %s: barrier %d: %w", county, i+1, err)
		}
		bs.n, bs.kind, bs.name, bs.geom = append(bs.n, int32(i+1)), append(bs.kind, string(b.Kind)), append(bs.name, b.Name), append(bs.geom, g)
	}
	_, err = tx.Exec(ctx, `INSERT INTO zoning.barriers (county, version, n, kind, name, geom)
		SELECT $1, $2, n, kind, name, ST_GeomFromWKB(g, 4326)
		FROM unnest($3::int[], $4::text[], $5::text[], $6::bytea[]) AS u (n, kind, name, g)`,
		county, v, bs.n, bs.kind, bs.name, bs.geom)
	if err != nil {
		return fmt.Errorf("planstore: county %s: barriers: %w", county, err)
	}
	return nil
}

// diff counts the changes of ch.To against ch.From.
func diff(ctx context.Context, tx pgx.Tx, ch *Change) error {
	q := func(d *Diff, table, key, same string) error {
		sql := fmt.Sprintf(`WITH o AS (SELECT * FROM zoning.%[1]s WHERE county = $1 AND version = $2),
			n AS (SELECT * FROM zoning.%[1]s WHERE county = $1 AND version = $3)
			SELECT count(*) FILTER (WHERE o.county IS NULL),
				count(*) FILTER (WHERE n.county IS NULL),
				count(*) FILTER (WHERE o.county IS NOT NULL AND n.county IS NOT NULL AND NOT (%[3]s)),
				count(*) FILTER (WHERE o.county IS NOT NULL AND n.county IS NOT NULL AND (%[3]s))
			FROM o FULL JOIN n USING (%[2]s)`, table, key, same)
		if err := tx.QueryRow(ctx, sql, ch.County, ch.From, ch.To).Scan(&d.Added, &d.Removed, &d.Changed, &d.Same); err != nil {
			return fmt.Errorf("planstore: county %s: comparing %s: %w", ch.County, table, err)
		}
		return nil
	}
	if err := q(&ch.Schools, "schools", "school_id",
		"o.name = n.name AND o.address = n.address AND o.primary_seats = n.primary_seats AND o.junior_seats = n.junior_seats AND o.lon = n.lon AND o.lat = n.lat"); err != nil {
		return err
	}
	if err := q(&ch.Zones, "zones", "level, school_id",
		"o.zone_id = n.zone_id AND o.notice IS NOT DISTINCT FROM n.notice AND ST_Equals(o.geom, n.geom)"); err != nil {
		return err
	}
	// Addresses as a multiset of (address, lon, lat): those only in the
	// new version are added, only in the old removed.
	err := tx.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM (SELECT address, lon, lat FROM zoning.addresses WHERE county = $1 AND version = $3
			EXCEPT ALL SELECT address, lon, lat FROM zoning.addresses WHERE county = $1 AND version = $2) a),
		(SELECT count(*) FROM (SELECT address, lon, lat FROM zoning.addresses WHERE county = $1 AND version = $2
			EXCEPT ALL SELECT address, lon, lat FROM zoning.addresses WHERE county = $1 AND version = $3) r),
		(SELECT count(*) FROM zoning.addresses WHERE county = $1 AND version = $3)`,
		ch.County, ch.From, ch.To).Scan(&ch.Addresses.Added, &ch.Addresses.Removed, &ch.Addresses.Same)
	if err != nil {
		return fmt.Errorf("planstore: county %s: comparing addresses: %w", ch.County, err)
	}
	ch.Addresses.Same -= ch.Addresses.Added
	return nil
}
