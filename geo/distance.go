package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthRadius is the radius in metres of the sphere on which distances are
// measured: the IUGG mean radius, as docs/dataset-format.md prescribes.
const EarthRadius = 6371008.8

// Distance returns the great-circle distance in metres between two WGS84
// points (longitude, latitude in degrees) on a sphere of radius EarthRadius,
// computed with the haversine formula.
func Distance(a, b orb.Point) float64 {
	lat1 := a[1] * math.Pi / 180
	lat2 := b[1] * math.Pi / 180
	dlat := lat2 - lat1
	dlon := (b[0] - a[0]) * math.Pi / 180
	s1 := math.Sin(dlat / 2)
	s2 := math.Sin(dlon / 2)
	h := s1*s1 + math.Cos(lat1)*math.Cos(lat2)*s2*s2
	if h > 1 {
		h = 1
	}
	return 2 * EarthRadius * math.Asin(math.Sqrt(h))
}
