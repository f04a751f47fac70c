package gpkg

import (
	"database/sql"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// square returns the closed ring of the axis-aligned square [x0, x1] × [y0, y1],
// counter-clockwise.
func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

// openTestDB opens a written GeoPackage with database/sql for inspection.
func openTestDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	uri, err := sqliteURI(path, "ro")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// writeTemp writes layers to a fresh .gpkg in a test directory and returns its path.
func writeTemp(t *testing.T, layers []Layer) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.gpkg")
	if err := Write(path, layers); err != nil {
		t.Fatal(err)
	}
	return path
}

// bruteBounds returns the min and max longitude and latitude over every
// point of g, by walking its coordinates directly (the reference the tests
// hold the writer's envelopes to). ok is false when g has no point.
func bruteBounds(g orb.Geometry) (minX, maxX, minY, maxY float64, ok bool) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	var visit func(orb.Geometry)
	add := func(p orb.Point) {
		ok = true
		minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
		minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
	}
	visit = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.Point:
			add(g)
		case orb.MultiPoint:
			for _, p := range g {
				add(p)
			}
		case orb.LineString:
			for _, p := range g {
				add(p)
			}
		case orb.MultiLineString:
			for _, ls := range g {
				visit(ls)
			}
		case orb.Polygon:
			for _, r := range g {
				for _, p := range r {
					add(p)
				}
			}
		case orb.MultiPolygon:
			for _, p := range g {
				visit(p)
			}
		case orb.Collection:
			for _, c := range g {
				visit(c)
			}
		}
	}
	visit(g)
	return minX, maxX, minY, maxY, ok
}

// Random test data around Hutubi (lon 86-87.5, lat 43.5-45).

// randRing returns a closed star-shaped ring of n+1 points around (cx, cy)
// with radius in (r/2, r], counter-clockwise.
func randRing(rng *rand.Rand, cx, cy, r float64, n int) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * (float64(i) + rng.Float64()*0.9) / float64(n)
		rad := r * (0.5 + 0.5*rng.Float64())
		ring = append(ring, orb.Point{cx + rad*math.Cos(a), cy + rad*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// randPolygon returns a polygon around (cx, cy) with 0-2 holes near its centre.
func randPolygon(rng *rand.Rand, cx, cy, r float64) orb.Polygon {
	p := orb.Polygon{randRing(rng, cx, cy, r, 3+rng.IntN(30))}
	for h := range rng.IntN(3) {
		hx := cx + r*0.15*float64(h)
		ring := randRing(rng, hx, cy, r*0.1, 3+rng.IntN(8))
		ring.Reverse() // holes clockwise
		p = append(p, ring)
	}
	return p
}

func randCentre(rng *rand.Rand) (float64, float64) {
	return 86 + 1.5*rng.Float64(), 43.5 + 1.5*rng.Float64()
}

func randMultiPolygon(rng *rand.Rand) orb.MultiPolygon {
	mp := orb.MultiPolygon{}
	for range 1 + rng.IntN(4) {
		cx, cy := randCentre(rng)
		mp = append(mp, randPolygon(rng, cx, cy, 0.01+0.1*rng.Float64()))
	}
	return mp
}

// randGeometry returns a random geometry of any type, sometimes empty.
func randGeometry(rng *rand.Rand, depth int) orb.Geometry {
	cx, cy := randCentre(rng)
	switch rng.IntN(8) {
	case 0:
		return orb.Point{cx, cy}
	case 1:
		ls := orb.LineString(randRing(rng, cx, cy, 0.05, 2+rng.IntN(10)))
		return ls[:len(ls)-1]
	case 2:
		return randPolygon(rng, cx, cy, 0.05)
	case 3:
		mp := orb.MultiPoint{}
		for range 1 + rng.IntN(5) {
			x, y := randCentre(rng)
			mp = append(mp, orb.Point{x, y})
		}
		return mp
	case 4:
		ml := orb.MultiLineString{}
		for range 1 + rng.IntN(3) {
			ml = append(ml, orb.LineString(randRing(rng, cx, cy, 0.05, 3)))
		}
		return ml
	case 5:
		return randMultiPolygon(rng)
	case 6:
		if depth < 2 {
			c := orb.Collection{}
			for range 1 + rng.IntN(3) {
				c = append(c, randGeometry(rng, depth+1))
			}
			return c
		}
		return orb.Point{cx, cy}
	}
	// An empty geometry, only at the top level (parts must not be empty).
	if depth > 0 {
		return orb.Point{cx, cy}
	}
	return []orb.Geometry{orb.Polygon{}, orb.MultiPolygon{}, orb.LineString{}, orb.Collection{}}[rng.IntN(4)]
}

// randText returns a short string of Chinese characters, with sometimes ASCII
// and a character outside the Basic Multilingual Plane.
func randText(rng *rand.Rand) string {
	var rs []rune
	for range rng.IntN(12) {
		switch rng.IntN(10) {
		case 0:
			rs = append(rs, rune('a'+rng.IntN(26)))
		case 1:
			rs = append(rs, '𠀀'+rune(rng.IntN(100))) // CJK extension B
		case 2:
			rs = append(rs, []rune("'\"; -,")[rng.IntN(6)])
		default:
			rs = append(rs, rune(0x4E00+rng.IntN(0x9FA5-0x4E00)))
		}
	}
	return string(rs)
}

// randValue returns a random value of type t, nil one time in five.
func randValue(rng *rand.Rand, t FieldType) any {
	if rng.IntN(5) == 0 {
		return nil
	}
	switch t {
	case Text:
		return randText(rng)
	case Integer:
		switch rng.IntN(4) {
		case 0:
			return []int64{math.MinInt64, math.MaxInt64, 0, -1}[rng.IntN(4)]
		case 1:
			return rng.IntN(1000) // an int
		case 2:
			return int32(rng.Int32())
		}
		return rng.Int64() - math.MaxInt64/2
	default:
		switch rng.IntN(4) {
		case 0:
			return []float64{0, 1e308, 5e-324, -2.5, 3}[rng.IntN(5)]
		}
		return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(12)-6))
	}
}
