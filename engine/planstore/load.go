package planstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// Served is a county's version served.
type Served struct {
	County  string // code
	Name    string
	Version int
}

// Versions lists the counties with a version served, by code.
func (s *Store) Versions(ctx context.Context) ([]Served, error) {
	if err := s.checkSchema(ctx, s.pool); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, "SELECT code, name, version FROM zoning.counties WHERE version IS NOT NULL ORDER BY code")
	if err != nil {
		return nil, fmt.Errorf("planstore: %s: %w", s.db, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Served, error) {
		var v Served
		err := r.Scan(&v.County, &v.Name, &v.Version)
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("planstore: %s: %w", s.db, err)
	}
	return out, nil
}

// County is a county's plan as served: ready for lookups.
type County struct {
	Served
	PublishedAt time.Time
	// Plan answers the lookups.
	Plan *lookup.Plan
	// Bound is the zones' extent, WGS84 lon, lat.
	Bound orb.Bound
	// Prefixes are the divisions above the townships its addresses may
	// start with (address.Gazetteer.Prefixes), e.g. 新疆维吾尔自治区,
	// 某自治州, 平原县.
	Prefixes []string

	parser *address.Parser
	known  map[uint64]struct{} // hashes of the gazetteer's addresses, normalised
}

// seed is the hash seed of County.Knows.
var seed = maphash.MakeSeed()

// Knows reports whether addr, normalised as the county reads addresses, is
// one of its gazetteer's addresses (up to a hash collision, one in 2⁶⁴):
// a cheap first look before Plan.Match.
func (c *County) Knows(addr string) bool {
	if c.parser == nil {
		return false
	}
	_, ok := c.known[maphash.String(seed, c.parser.Normalize(addr))]
	return ok
}

// Load reads the version of county served, in one read-only snapshot, and
// builds its plan.
func (s *Store) Load(ctx context.Context, county string) (*County, error) {
	var c *County
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		c, err = s.load(ctx, tx, county)
		return err
	})
	return c, err
}

func (s *Store) load(ctx context.Context, tx pgx.Tx, county string) (*County, error) {
	fail := func(what string, err error) error {
		return fmt.Errorf("planstore: county %s: %s: %w", county, what, err)
	}
	c := &County{}
	var (
		places       []byte
		descriptions *string
		metrics      []byte
	)
	err := tx.QueryRow(ctx, `SELECT c.code, c.name, c.version, v.published_at, v.places, v.descriptions, v.metrics
		FROM zoning.counties c JOIN zoning.versions v ON v.county = c.code AND v.version = c.version
		WHERE c.code = $1`, county).Scan(&c.County, &c.Name, &c.Version, &c.PublishedAt, &places, &descriptions, &metrics)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("planstore: county %s: not published", county)
	}
	if err != nil {
		return nil, fail("versions", err)
	}
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: c.Name}}
	var g address.Gazetteer
	if err := json.Unmarshal(places, &g); err != nil {
		return nil, fail("places", err)
	}
	ds.Meta.Places = &g
	c.Prefixes = g.Prefixes
	src := lookup.Source{}
	if descriptions != nil {
		if src.Descriptions, err = notice.ReadCSV(strings.NewReader(*descriptions)); err != nil {
			return nil, fail("descriptions", err)
		}
	}
	if metrics != nil {
		var m engine.Metrics
		if err := json.Unmarshal(metrics, &m); err != nil {
			return nil, fail("metrics", err)
		}
		src.Lotteries = m.Lotteries
	}
	rows, _ := tx.Query(ctx, `SELECT school_id, name, address, primary_seats, junior_seats, lon, lat
		FROM zoning.schools WHERE county = $1 AND version = $2 ORDER BY school_id`, county, c.Version)
	ds.Schools, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (dataset.School, error) {
		var s dataset.School
		err := r.Scan(&s.ID, &s.Name, &s.Address, &s.PrimarySeats, &s.JuniorSeats, &s.Loc[0], &s.Loc[1])
		s.Public = true
		return s, err
	})
	if err != nil {
		return nil, fail("schools", err)
	}
	rows, _ = tx.Query(ctx, `SELECT level, school_id, zone_id, ST_AsBinary(geom)
		FROM zoning.zones WHERE county = $1 AND version = $2 ORDER BY n`, county, c.Version)
	src.Zones, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (dataset.Zone, error) {
		var (
			z     dataset.Zone
			level string
			g     []byte
		)
		if err := r.Scan(&level, &z.SchoolID, &z.ZoneID, &g); err != nil {
			return z, err
		}
		z.Level = dataset.Level(level)
		geom, err := wkb.Unmarshal(g)
		if err != nil {
			return z, err
		}
		mp, ok := geom.(orb.MultiPolygon)
		if !ok {
			return z, fmt.Errorf("%s zone of school %s is a %s (accepted: MultiPolygon)", level, z.SchoolID, geom.GeoJSONType())
		}
		z.Geometry = mp
		return z, nil
	})
	if err != nil {
		return nil, fail("zones", err)
	}
	if len(src.Zones) > 0 {
		c.Bound = src.Zones[0].Geometry.Bound()
		for _, z := range src.Zones[1:] {
			c.Bound = c.Bound.Union(z.Geometry.Bound())
		}
	}
	rows, _ = tx.Query(ctx, `SELECT address, lon, lat FROM zoning.addresses WHERE county = $1 AND version = $2 ORDER BY n`, county, c.Version)
	ds.Households, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (dataset.Household, error) {
		var h dataset.Household
		err := r.Scan(&h.Address, &h.Loc[0], &h.Loc[1])
		return h, err
	})
	if err != nil {
		return nil, fail("addresses", err)
	}
	if ds.Roads, err = loadRoads(ctx, tx, county, c.Version); err != nil {
		return nil, fail("road layer", err)
	}
	ds.Index()
	if c.Plan, err = lookup.New(ds, src); err != nil {
		return nil, fail("plan", err)
	}
	c.parser = ds.Parser()
	c.known = make(map[uint64]struct{}, len(ds.Households))
	for _, h := range ds.Households {
		c.known[maphash.String(seed, c.parser.Normalize(h.Address))] = struct{}{}
	}
	return c, nil
}

// lineOf decodes a WKB LineString.
func lineOf(g []byte) (orb.LineString, error) {
	geom, err := wkb.Unmarshal(g)
	if err != nil {
		return nil, err
	}
	ls, ok := geom.(orb.LineString)
	if !ok {
		return nil, fmt.Errorf("a %s (accepted: LineString)", geom.GeoJSONType())
	}
	return ls, nil
}

// loadRoads reads the road layer of a version; nil when it has none.
func loadRoads(ctx context.Context, tx pgx.Tx, county string, v int) (*roads.Network, error) {
	rows, _ := tx.Query(ctx, `SELECT class, name, oneway, bridge, tunnel, ST_AsBinary(geom) FROM zoning.roads
		WHERE county = $1 AND version = $2 ORDER BY n`, county, v)
	rs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (roads.Road, error) {
		var (
			road roads.Road
			g    []byte
		)
		err := r.Scan(&road.Class, &road.Name, &road.Oneway, &road.Bridge, &road.Tunnel, &g)
		if err == nil {
			road.Line, err = lineOf(g)
		}
		return road, err
	})
	if err != nil {
		return nil, err
	}
	rows, _ = tx.Query(ctx, `SELECT kind, name, ST_AsBinary(geom) FROM zoning.barriers
		WHERE county = $1 AND version = $2 ORDER BY n`, county, v)
	bs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (roads.Barrier, error) {
		var (
			b    roads.Barrier
			kind string
			g    []byte
		)
		err := r.Scan(&kind, &b.Name, &g)
		if err == nil {
			b.Kind = roads.BarrierKind(kind)
			b.Line, err = lineOf(g)
		}
		return b, err
	})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 && len(bs) == 0 {
		return nil, nil
	}
	return roads.New(rs, bs)
}
