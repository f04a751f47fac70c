// Package planstore is the store of published zone plans in PostgreSQL with
// PostGIS: zoning publish writes a county's plan there as a new version, and
// zoning serve --db reads every county's current version from it, following
// new versions as they are published (LISTEN/NOTIFY, with polling as a
// fallback).
//
// The schema is the zoning schema of migrations/*.sql, applied in order by
// Migrate (and by Publish) in one transaction under an advisory lock, and
// recorded in zoning.schema_migrations. Every table is keyed by the
// county's code and the plan's version; zoning.counties.version names the
// version served, and a publish switches it in the same transaction that
// writes the new version, so that a reader sees the old plan or the new
// one, never half of one. Geometries are WGS84 (SRID 4326), lon, lat.
//
// What is stored is public: the schools, the zones and their notices, the
// plan's metrics and the gazetteer of addresses and points that lookups
// need. Never a household or child id, a child, or a household's other
// fields.
//
// What belongs here: the schema, writing a plan and reading it back as a
// lookup.Plan. Finding a county for a lookup and HTTP belong to
// engine/service; reading a plan folder to engine/planfile; the test
// clusters to planstore/pgtest.
package planstore
