package geo

import (
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// CRS names a coordinate reference system that datasets and requests may use.
type CRS string

// The coordinate reference systems the engine reads. Every output is WGS84.
const (
	WGS84 CRS = "wgs84" // GPS, and the engine's canonical system
	GCJ02 CRS = "gcj02" // China's obfuscated system, used by Amap and Tencent maps
	BD09  CRS = "bd09"  // Baidu's system, GCJ-02 shifted once more
)

// ParseCRS reads a CRS name, case-insensitively. The empty string is WGS84.
func ParseCRS(s string) (CRS, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "wgs84", "wgs-84", "epsg:4326":
		return WGS84, nil
	case "gcj02", "gcj-02":
		return GCJ02, nil
	case "bd09", "bd-09":
		return BD09, nil
	}
	return "", fmt.Errorf("geo: unknown crs %q (accepted: wgs84, gcj02, bd09)", s)
}

// Krasovsky 1940 ellipsoid, used by the GCJ-02 offset.
const (
	gcjA  = 6378245.0
	gcjEE = 0.00669342162296594323
	bdX   = math.Pi * 3000.0 / 180.0
)

// InChina reports whether p lies in the rectangle where GCJ-02 applies its
// offset (longitude 72.004–137.8347, latitude 0.8293–55.8271). Outside it,
// GCJ-02 equals WGS84.
func InChina(p orb.Point) bool {
	return p[0] >= 72.004 && p[0] <= 137.8347 && p[1] >= 0.8293 && p[1] <= 55.8271
}

func gcjDelta(p orb.Point) (dlon, dlat float64) {
	x, y := p[0]-105.0, p[1]-35.0
	dlat = -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	dlat += (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	dlat += (20.0*math.Sin(y*math.Pi) + 40.0*math.Sin(y/3.0*math.Pi)) * 2.0 / 3.0
	dlat += (160.0*math.Sin(y/12.0*math.Pi) + 320*math.Sin(y*math.Pi/30.0)) * 2.0 / 3.0
	dlon = 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	dlon += (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	dlon += (20.0*math.Sin(x*math.Pi) + 40.0*math.Sin(x/3.0*math.Pi)) * 2.0 / 3.0
	dlon += (150.0*math.Sin(x/12.0*math.Pi) + 300.0*math.Sin(x/30.0*math.Pi)) * 2.0 / 3.0
	radLat := p[1] / 180.0 * math.Pi
	magic := math.Sin(radLat)
	magic = 1 - gcjEE*magic*magic
	sqrtMagic := math.Sqrt(magic)
	dlat = (dlat * 180.0) / ((gcjA * (1 - gcjEE)) / (magic * sqrtMagic) * math.Pi)
	dlon = (dlon * 180.0) / (gcjA / sqrtMagic * math.Cos(radLat) * math.Pi)
	return dlon, dlat
}

// WGS84ToGCJ02 applies the GCJ-02 offset to a WGS84 point.
func WGS84ToGCJ02(p orb.Point) orb.Point {
	if !InChina(p) {
		return p
	}
	dlon, dlat := gcjDelta(p)
	return orb.Point{p[0] + dlon, p[1] + dlat}
}

// GCJ02ToWGS84 inverts WGS84ToGCJ02 by fixed-point iteration, to better than
// 1e-9 degree (about 0.1 mm), far inside the 0.1 m that docs/dataset-format.md asks.
func GCJ02ToWGS84(p orb.Point) orb.Point {
	if !InChina(p) {
		return p
	}
	w := p
	for i := 0; i < 30; i++ {
		g := WGS84ToGCJ02(w)
		ex, ey := g[0]-p[0], g[1]-p[1]
		w = orb.Point{w[0] - ex, w[1] - ey}
		if math.Abs(ex) < 1e-10 && math.Abs(ey) < 1e-10 {
			break
		}
	}
	return w
}

// GCJ02ToBD09 converts a GCJ-02 point to Baidu's BD-09.
func GCJ02ToBD09(p orb.Point) orb.Point {
	x, y := p[0], p[1]
	z := math.Sqrt(x*x+y*y) + 0.00002*math.Sin(y*bdX)
	theta := math.Atan2(y, x) + 0.000003*math.Cos(x*bdX)
	return orb.Point{z*math.Cos(theta) + 0.0065, z*math.Sin(theta) + 0.006}
}

// BD09ToGCJ02 converts a BD-09 point to GCJ-02. It refines Baidu's published
// closed-form inverse by fixed-point iteration, so that GCJ02ToBD09 of the
// result returns p to better than 1e-9 degree.
func BD09ToGCJ02(p orb.Point) orb.Point {
	x, y := p[0]-0.0065, p[1]-0.006
	z := math.Sqrt(x*x+y*y) - 0.00002*math.Sin(y*bdX)
	theta := math.Atan2(y, x) - 0.000003*math.Cos(x*bdX)
	g := orb.Point{z * math.Cos(theta), z * math.Sin(theta)}
	for i := 0; i < 10; i++ {
		b := GCJ02ToBD09(g)
		ex, ey := b[0]-p[0], b[1]-p[1]
		g = orb.Point{g[0] - ex, g[1] - ey}
		if math.Abs(ex) < 1e-10 && math.Abs(ey) < 1e-10 {
			break
		}
	}
	return g
}

// ToWGS84 converts a point given in crs to WGS84.
func ToWGS84(p orb.Point, crs CRS) orb.Point {
	switch crs {
	case GCJ02:
		return GCJ02ToWGS84(p)
	case BD09:
		return GCJ02ToWGS84(BD09ToGCJ02(p))
	}
	return p
}

// FromWGS84 converts a WGS84 point to crs.
func FromWGS84(p orb.Point, crs CRS) orb.Point {
	switch crs {
	case GCJ02:
		return WGS84ToGCJ02(p)
	case BD09:
		return GCJ02ToBD09(WGS84ToGCJ02(p))
	}
	return p
}
