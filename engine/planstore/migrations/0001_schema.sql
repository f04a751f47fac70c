-- The store of published plans (engine/planstore). Every table is keyed by
-- the county's code and the version of its plan; zoning.counties.version
-- names the version served. Geometries are WGS84 (SRID 4326), lon, lat.
CREATE SCHEMA IF NOT EXISTS zoning;

-- One row per county: its name and the version served (NULL before the
-- first publish is committed).
CREATE TABLE zoning.counties (
    code       text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
    name       text NOT NULL,
    version    integer,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per published version of a county's plan.
CREATE TABLE zoning.versions (
    county       text NOT NULL REFERENCES zoning.counties (code) ON DELETE CASCADE,
    version      integer NOT NULL CHECK (version > 0),
    published_at timestamptz NOT NULL DEFAULT now(),
    source       text NOT NULL,   -- what was published: a run's output folder, or a dataset's zones in force
    year         integer,         -- the school year of the plan's metrics; NULL without
    places       jsonb NOT NULL,  -- the place names addresses are read with (address.Gazetteer)
    descriptions text,            -- zones.csv: the zones in words; NULL without
    metrics      jsonb,           -- metrics.json; NULL without
    PRIMARY KEY (county, version)
);

-- The school campuses.
CREATE TABLE zoning.schools (
    county        text NOT NULL,
    version       integer NOT NULL,
    school_id     text NOT NULL,
    name          text NOT NULL,
    address       text NOT NULL DEFAULT '',
    primary_seats integer NOT NULL DEFAULT 0,
    junior_seats  integer NOT NULL DEFAULT 0,
    lon           double precision NOT NULL,
    lat           double precision NOT NULL,
    geom          geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED,
    PRIMARY KEY (county, version, school_id),
    FOREIGN KEY (county, version) REFERENCES zoning.versions ON DELETE CASCADE
);
CREATE INDEX schools_geom ON zoning.schools USING gist (geom);

-- The zones: one row per level and school; the schools of a multi-school
-- zone share zone_id and geometry. notice is the zone's paragraph of the
-- enrollment notice (from zones.csv), NULL when the plan has none; n
-- numbers the zones in the plan's order.
CREATE TABLE zoning.zones (
    county    text NOT NULL,
    version   integer NOT NULL,
    n         integer NOT NULL,
    level     text NOT NULL CHECK (level IN ('primary', 'junior')),
    school_id text NOT NULL,
    zone_id   text NOT NULL DEFAULT '',
    notice    text,
    geom      geometry(MultiPolygon, 4326) NOT NULL,
    PRIMARY KEY (county, version, level, school_id),
    FOREIGN KEY (county, version) REFERENCES zoning.versions ON DELETE CASCADE
);
CREATE INDEX zones_geom ON zoning.zones USING gist (geom);

-- The address gazetteer of the lookups: the homes' addresses and points,
-- n numbering them in the dataset's order. No household or child id, no
-- child.
CREATE TABLE zoning.addresses (
    county  text NOT NULL,
    version integer NOT NULL,
    n       integer NOT NULL,
    address text NOT NULL,
    lon     double precision NOT NULL,
    lat     double precision NOT NULL,
    geom    geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED,
    PRIMARY KEY (county, version, n),
    FOREIGN KEY (county, version) REFERENCES zoning.versions ON DELETE CASCADE
);
CREATE INDEX addresses_geom ON zoning.addresses USING gist (geom);

-- The road layer the lookups measure walks on (geo/roads): the roads and
-- the barriers (rivers, railways, motorways) a child cannot cross but where
-- a walkable road does; none when the dataset has no road layer.
CREATE TABLE zoning.roads (
    county  text NOT NULL,
    version integer NOT NULL,
    n       integer NOT NULL,
    class   text NOT NULL,
    name    text NOT NULL DEFAULT '',
    oneway  boolean NOT NULL DEFAULT false,
    bridge  boolean NOT NULL DEFAULT false,
    tunnel  boolean NOT NULL DEFAULT false,
    geom    geometry(LineString, 4326) NOT NULL,
    PRIMARY KEY (county, version, n),
    FOREIGN KEY (county, version) REFERENCES zoning.versions ON DELETE CASCADE
);
CREATE INDEX roads_geom ON zoning.roads USING gist (geom);
CREATE TABLE zoning.barriers (
    county  text NOT NULL,
    version integer NOT NULL,
    n       integer NOT NULL,
    kind    text NOT NULL,
    name    text NOT NULL DEFAULT '',
    geom    geometry(LineString, 4326) NOT NULL,
    PRIMARY KEY (county, version, n),
    FOREIGN KEY (county, version) REFERENCES zoning.versions ON DELETE CASCADE
);

-- The versions served, for GeoServer and QGIS.
CREATE VIEW zoning.current_zones AS
    SELECT z.county, c.name AS county_name, z.version, z.level, z.school_id, s.name AS school_name, z.zone_id, z.notice, z.geom
    FROM zoning.zones z
    JOIN zoning.counties c ON c.code = z.county AND c.version = z.version
    JOIN zoning.schools s ON s.county = z.county AND s.version = z.version AND s.school_id = z.school_id;
CREATE VIEW zoning.current_schools AS
    SELECT s.* FROM zoning.schools s JOIN zoning.counties c ON c.code = s.county AND c.version = s.version;
