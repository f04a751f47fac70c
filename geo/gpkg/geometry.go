package gpkg

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// srsWGS84 is the EPSG code of WGS84 longitude/latitude, the only spatial
// reference system this package writes.
const srsWGS84 = 4326

// GeoPackageBinary header (GeoPackage 1.3, clause 2.1.3): magic "GP", version
// 0, a flags byte, the int32 srs_id, then the envelope doubles.
const (
	flagLittleEndian = 0x01 // B: header values little endian
	flagEnvelopeXY   = 0x02 // E = 1 (bits 1-3): envelope [minx, maxx, miny, maxy]
	flagEmpty        = 0x10 // Y: empty geometry
	flagExtended     = 0x20 // X: ExtendedGeoPackageBinary (not supported)
	flagReserved     = 0xC0 // R: reserved, 0
	headerLen        = 8    // magic, version, flags, srs_id
)

// envelopeLen is the envelope length in bytes for each envelope contents
// indicator code 0-4; codes 5-7 are invalid.
var envelopeLen = [...]int{0, 32, 48, 48, 64}

// maxDepth bounds the nesting of geometry collections, written or read.
const maxDepth = 32

// envelope is a bounding box in degrees: longitude [minX, maxX] × latitude
// [minY, maxY]. The zero value holds no point; use newEnvelope.
type envelope struct {
	minX, maxX, minY, maxY float64
}

// newEnvelope returns the envelope of no point: empty reports true until a
// point is added.
func newEnvelope() envelope {
	return envelope{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
}

func (e envelope) empty() bool { return e.minX > e.maxX }

func (e *envelope) addPoint(p orb.Point) {
	e.minX = min(e.minX, p[0])
	e.maxX = max(e.maxX, p[0])
	e.minY = min(e.minY, p[1])
	e.maxY = max(e.maxY, p[1])
}

func (e *envelope) union(o envelope) {
	if o.empty() {
		return
	}
	e.minX = min(e.minX, o.minX)
	e.maxX = max(e.maxX, o.maxX)
	e.minY = min(e.minY, o.minY)
	e.maxY = max(e.maxY, o.maxY)
}

// geometryTypes are the geometry_type_name values a Layer may declare: the
// core types of GeoPackage 1.3 Annex E.
var geometryTypes = []string{
	"GEOMETRY", "POINT", "LINESTRING", "POLYGON",
	"MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION",
}

// acceptedTypes names the orb types a layer of each geometry type accepts,
// for error messages.
var acceptedTypes = map[string]string{
	"GEOMETRY":           "orb.Point, orb.LineString, orb.Polygon, orb.MultiPoint, orb.MultiLineString, orb.MultiPolygon or orb.Collection",
	"POINT":              "orb.Point",
	"LINESTRING":         "orb.LineString",
	"POLYGON":            "orb.Polygon",
	"MULTIPOINT":         "orb.MultiPoint",
	"MULTILINESTRING":    "orb.MultiLineString",
	"MULTIPOLYGON":       "orb.MultiPolygon",
	"GEOMETRYCOLLECTION": "orb.Collection, orb.MultiPoint, orb.MultiLineString or orb.MultiPolygon",
}

// accepts reports whether a column of geometry type name t may hold g:
// geometries of type t itself, or for GEOMETRY any type, for
// GEOMETRYCOLLECTION the collection and its multi subtypes (Annex E
// assignability). orb.Ring and orb.Bound are refused: WKB would turn them
// into polygons.
func accepts(t string, g orb.Geometry) bool {
	switch g.(type) {
	case orb.Point:
		return t == "GEOMETRY" || t == "POINT"
	case orb.LineString:
		return t == "GEOMETRY" || t == "LINESTRING"
	case orb.Polygon:
		return t == "GEOMETRY" || t == "POLYGON"
	case orb.MultiPoint:
		return t == "GEOMETRY" || t == "GEOMETRYCOLLECTION" || t == "MULTIPOINT"
	case orb.MultiLineString:
		return t == "GEOMETRY" || t == "GEOMETRYCOLLECTION" || t == "MULTILINESTRING"
	case orb.MultiPolygon:
		return t == "GEOMETRY" || t == "GEOMETRYCOLLECTION" || t == "MULTIPOLYGON"
	case orb.Collection:
		return t == "GEOMETRY" || t == "GEOMETRYCOLLECTION"
	}
	return false
}

// checkGeometry validates g for writing and returns its envelope (empty for
// an empty geometry). Coordinates must be finite longitudes in [-180, 180]
// and latitudes in [-90, 90]; line strings need at least 2 points; polygon
// rings at least 4 and closed (last point = first); the parts of multi
// geometries and collections must not be empty. A nil top-level slice (such
// as orb.Polygon(nil)) is the empty geometry of its type.
func checkGeometry(g orb.Geometry, depth int) (envelope, error) {
	env := newEnvelope()
	switch g := g.(type) {
	case orb.Point:
		return env, addChecked(&env, g)
	case orb.MultiPoint:
		for i, p := range g {
			if err := addChecked(&env, p); err != nil {
				return env, fmt.Errorf("point %d: %w", i, err)
			}
		}
	case orb.LineString:
		if len(g) == 1 {
			return env, errors.New("a line string needs at least 2 points, has 1")
		}
		return env, addLine(&env, g)
	case orb.MultiLineString:
		for i, ls := range g {
			if len(ls) < 2 {
				return env, fmt.Errorf("line string %d has %d points; a part needs at least 2", i, len(ls))
			}
			if err := addLine(&env, ls); err != nil {
				return env, fmt.Errorf("line string %d: %w", i, err)
			}
		}
	case orb.Polygon:
		return env, addPolygon(&env, g)
	case orb.MultiPolygon:
		for i, p := range g {
			if len(p) == 0 {
				return env, fmt.Errorf("polygon %d has no rings; a part must not be empty", i)
			}
			if err := addPolygon(&env, p); err != nil {
				return env, fmt.Errorf("polygon %d: %w", i, err)
			}
		}
	case orb.Collection:
		if depth >= maxDepth {
			return env, fmt.Errorf("collections nested deeper than %d", maxDepth)
		}
		for i, part := range g {
			if part == nil {
				return env, fmt.Errorf("part %d is nil", i)
			}
			pe, err := checkGeometry(part, depth+1)
			if err != nil {
				return env, fmt.Errorf("part %d: %w", i, err)
			}
			if pe.empty() {
				return env, fmt.Errorf("part %d (%T) is empty; a part must not be empty", i, part)
			}
			env.union(pe)
		}
	default:
		return env, fmt.Errorf("unsupported geometry type %T; accepted: %s", g, acceptedTypes["GEOMETRY"])
	}
	return env, nil
}

// addChecked adds p to env after checking it is a finite WGS84 coordinate.
func addChecked(env *envelope, p orb.Point) error {
	x, y := p[0], p[1]
	if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
		return fmt.Errorf("coordinate (%v, %v) is not finite", x, y)
	}
	if x < -180 || x > 180 || y < -90 || y > 90 {
		return fmt.Errorf("coordinate (%v, %v) is outside WGS84 longitude [-180, 180], latitude [-90, 90] (projected metres, or latitude first?)", x, y)
	}
	env.addPoint(p)
	return nil
}

func addLine(env *envelope, ls []orb.Point) error {
	for i, p := range ls {
		if err := addChecked(env, p); err != nil {
			return fmt.Errorf("point %d: %w", i, err)
		}
	}
	return nil
}

func addPolygon(env *envelope, p orb.Polygon) error {
	for i, r := range p {
		if len(r) < 4 {
			return fmt.Errorf("ring %d has %d points; a ring needs at least 4, the last equal to the first", i, len(r))
		}
		if r[0] != r[len(r)-1] {
			return fmt.Errorf("ring %d is not closed: first point %v, last point %v", i, r[0], r[len(r)-1])
		}
		if err := addLine(env, r); err != nil {
			return fmt.Errorf("ring %d: %w", i, err)
		}
	}
	return nil
}

// nonNil returns the empty value of g's type for a nil top-level slice
// (orb's WKB encoder writes nothing for those), else g.
func nonNil(g orb.Geometry) orb.Geometry {
	switch v := g.(type) {
	case orb.MultiPoint:
		if v == nil {
			return orb.MultiPoint{}
		}
	case orb.LineString:
		if v == nil {
			return orb.LineString{}
		}
	case orb.MultiLineString:
		if v == nil {
			return orb.MultiLineString{}
		}
	case orb.Polygon:
		if v == nil {
			return orb.Polygon{}
		}
	case orb.MultiPolygon:
		if v == nil {
			return orb.MultiPolygon{}
		}
	case orb.Collection:
		if v == nil {
			return orb.Collection{}
		}
	}
	return g
}

// encodeGeometry appends to buf the StandardGeoPackageBinary of g, a geometry
// checkGeometry accepted with envelope env: the header (little endian,
// srs_id 4326, envelope code 1 = [minx, maxx, miny, maxy]; for an empty
// geometry the empty flag and no envelope, as Requirement 149 allows), then
// ISO WKB little endian.
func encodeGeometry(buf *bytes.Buffer, g orb.Geometry, env envelope) error {
	var h [headerLen + 32]byte
	h[0], h[1], h[2] = 'G', 'P', 0
	binary.LittleEndian.PutUint32(h[4:], uint32(int32(srsWGS84)))
	n := headerLen
	if env.empty() {
		h[3] = flagLittleEndian | flagEmpty
	} else {
		h[3] = flagLittleEndian | flagEnvelopeXY
		for i, v := range [4]float64{env.minX, env.maxX, env.minY, env.maxY} {
			binary.LittleEndian.PutUint64(h[headerLen+8*i:], math.Float64bits(v))
		}
		n += 32
	}
	buf.Write(h[:n])
	return wkb.NewEncoder(buf).SetByteOrder(binary.LittleEndian).Encode(nonNil(g))
}

// decodeGeometry parses a StandardGeoPackageBinary geometry blob: the header
// (either byte order, any envelope code 0-4, whose envelope is skipped), then
// 2D ISO WKB (types 1-7, either byte order, no trailing bytes, collections
// nested at most maxDepth deep). It returns the geometry and the header's
// srs_id. Coordinates must be finite: an empty point (NaN coordinates), which
// orb cannot represent, is an error.
func decodeGeometry(b []byte) (orb.Geometry, int32, error) {
	if len(b) < headerLen {
		return nil, 0, fmt.Errorf("geometry blob of %d bytes; the GeoPackageBinary header alone is %d", len(b), headerLen)
	}
	if b[0] != 'G' || b[1] != 'P' {
		return nil, 0, fmt.Errorf("geometry blob starts % x; a GeoPackageBinary starts with \"GP\" (47 50)", b[:2])
	}
	if b[2] != 0 {
		return nil, 0, fmt.Errorf("GeoPackageBinary version %d; accepted: 0 (version 1)", b[2])
	}
	flags := b[3]
	if flags&flagExtended != 0 {
		return nil, 0, errors.New("ExtendedGeoPackageBinary (flags bit 5) is not supported; accepted: StandardGeoPackageBinary")
	}
	if flags&flagReserved != 0 {
		return nil, 0, fmt.Errorf("flags byte 0x%02x sets reserved bits 6-7", flags)
	}
	code := int(flags>>1) & 7
	if code >= len(envelopeLen) {
		return nil, 0, fmt.Errorf("envelope contents indicator %d; accepted: 0-4", code)
	}
	var order binary.ByteOrder = binary.BigEndian
	if flags&flagLittleEndian != 0 {
		order = binary.LittleEndian
	}
	srs := int32(order.Uint32(b[4:8]))
	start := headerLen + envelopeLen[code]
	if len(b) < start {
		return nil, 0, fmt.Errorf("geometry blob of %d bytes ends inside its %d-byte envelope", len(b), envelopeLen[code])
	}
	data := b[start:]
	n, _, err := scanWKB(data, 0)
	if err != nil {
		return nil, 0, err
	}
	if n != len(data) {
		return nil, 0, fmt.Errorf("%d trailing bytes after the %d-byte WKB geometry", len(data)-n, n)
	}
	g, err := wkb.Unmarshal(data)
	if err != nil {
		return nil, 0, fmt.Errorf("WKB: %w", err)
	}
	if !finite(g) {
		return nil, 0, errors.New("geometry has NaN or infinite coordinates (empty points are not supported)")
	}
	if flags&flagEmpty != 0 && !isEmpty(g) {
		return nil, 0, errors.New("empty flag set on a non-empty geometry")
	}
	return g, srs, nil
}

var errShortWKB = errors.New("WKB geometry truncated")

// scanWKB walks one 2D ISO WKB geometry at the start of b without building
// it and returns its length in bytes and its type code (1 Point ... 7
// GeometryCollection). It checks the byte order marks, the type codes (also
// of the parts: a MultiPolygon holds Polygons ...), that every count fits in
// the bytes left, and the nesting depth, so that orb's decoder only ever sees
// well-formed input.
func scanWKB(b []byte, depth int) (int, uint32, error) {
	if depth > maxDepth {
		return 0, 0, fmt.Errorf("WKB collections nested deeper than %d", maxDepth)
	}
	if len(b) < 5 {
		return 0, 0, errShortWKB
	}
	var order binary.ByteOrder
	switch b[0] {
	case 0:
		order = binary.BigEndian
	case 1:
		order = binary.LittleEndian
	default:
		return 0, 0, fmt.Errorf("WKB byte order mark %d; accepted: 0 (big endian) or 1 (little endian)", b[0])
	}
	typ := order.Uint32(b[1:5])
	n := 5
	count := func() (int, error) {
		if len(b)-n < 4 {
			return 0, errShortWKB
		}
		c := order.Uint32(b[n:])
		n += 4
		return int(c), nil
	}
	points := func() error {
		c, err := count()
		if err != nil {
			return err
		}
		if uint64(c)*16 > uint64(len(b)-n) {
			return errShortWKB
		}
		n += 16 * c
		return nil
	}
	switch typ {
	case 1: // Point
		if len(b)-n < 16 {
			return 0, 0, errShortWKB
		}
		n += 16
	case 2: // LineString
		if err := points(); err != nil {
			return 0, 0, err
		}
	case 3: // Polygon
		rings, err := count()
		if err != nil {
			return 0, 0, err
		}
		for range rings {
			if err := points(); err != nil {
				return 0, 0, err
			}
		}
	case 4, 5, 6, 7: // MultiPoint, MultiLineString, MultiPolygon, GeometryCollection
		parts, err := count()
		if err != nil {
			return 0, 0, err
		}
		for range parts {
			m, pt, err := scanWKB(b[n:], depth+1)
			if err != nil {
				return 0, 0, err
			}
			if typ != 7 && pt != typ-3 {
				return 0, 0, fmt.Errorf("WKB type %d holds a part of type %d; accepted: %d", typ, pt, typ-3)
			}
			n += m
		}
	default:
		return 0, 0, fmt.Errorf("WKB geometry type %d; accepted: 1-7 (2D Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon, GeometryCollection)", typ)
	}
	return n, typ, nil
}

// finite reports whether every coordinate of g is finite.
func finite(g orb.Geometry) bool {
	ok := true
	eachPoint(g, func(p orb.Point) {
		if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
			ok = false
		}
	})
	return ok
}

// isEmpty reports whether g has no point.
func isEmpty(g orb.Geometry) bool {
	empty := true
	eachPoint(g, func(orb.Point) { empty = false })
	return empty
}

// eachPoint calls f with every point of g, of the types WKB decodes to.
func eachPoint(g orb.Geometry, f func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		f(g)
	case orb.MultiPoint:
		for _, p := range g {
			f(p)
		}
	case orb.LineString:
		for _, p := range g {
			f(p)
		}
	case orb.MultiLineString:
		for _, ls := range g {
			eachPoint(ls, f)
		}
	case orb.Polygon:
		for _, r := range g {
			for _, p := range r {
				f(p)
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			eachPoint(p, f)
		}
	case orb.Collection:
		for _, part := range g {
			eachPoint(part, f)
		}
	}
}
