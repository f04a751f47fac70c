package roads

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/paulmach/orb"
)

// gridRoads is a k×k street grid with 50 m blocks near Hutubi: k roads
// east–west and k north–south, joined at their k² shared vertices, and a
// railway across it with a level crossing on every north–south street.
func gridRoads(k int) ([]Road, []Barrier) {
	const dLon, dLat = 50 / 79_900.0, 50 / 111_195.0 // 50 m at lat 44.19
	var roads []Road
	for i := range k {
		ew := make(orb.LineString, k)
		ns := make(orb.LineString, k)
		for j := range k {
			ew[j] = orb.Point{86.8 + float64(j)*dLon, 44.1 + float64(i)*dLat}
			ns[j] = orb.Point{86.8 + float64(i)*dLon, 44.1 + float64(j)*dLat}
		}
		roads = append(roads, Road{Line: ew, Class: "residential"}, Road{Line: ns, Class: "residential"})
	}
	mid := 44.1 + (float64(k)/2+0.5)*dLat
	barriers := []Barrier{{Line: orb.LineString{{86.79, mid}, {86.8 + float64(k)*dLon, mid}}, Kind: Railway}}
	return roads, barriers
}

const benchK = 316 // 99,856 nodes, about 15.8 km square

func BenchmarkNew(b *testing.B) {
	roads, barriers := gridRoads(benchK)
	b.Run(fmt.Sprintf("grid%dx%d_nodes%d", benchK, benchK, benchK*benchK), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := New(roads, barriers); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkField is one source's walking distances on a 99,856-node grid,
// with a 5 km cut-off (a campus's catchment) and none (the whole grid); the
// fieldB metric is the bytes the Field keeps.
func BenchmarkField(b *testing.B) {
	roads, barriers := gridRoads(benchK)
	n, err := New(roads, barriers)
	if err != nil {
		b.Fatal(err)
	}
	src := n.Bounds().Center()
	for _, cut := range []float64{5000, math.Inf(1)} {
		b.Run(fmt.Sprintf("nodes%d_cutoff%.0fm", n.Nodes(), cut), func(b *testing.B) {
			b.ReportAllocs()
			var f *Field
			for b.Loop() {
				f = n.Field(src, cut)
			}
			b.ReportMetric(float64(4*(len(f.ids)+len(f.dist)+len(f.pred))), "fieldB")
		})
	}
}

// BenchmarkDistanceM looks up the route distance of random points: route
// snaps each onto the network, snapped looks up points snapped beforehand,
// and straight_baseline is the great-circle distance to the same points.
func BenchmarkDistanceM(b *testing.B) {
	roads, barriers := gridRoads(benchK)
	n, err := New(roads, barriers)
	if err != nil {
		b.Fatal(err)
	}
	bd := n.Bounds()
	f := n.Field(bd.Center(), math.Inf(1))
	pts := randomPoints(bd, 4096)
	b.Run(fmt.Sprintf("route_nodes%d", n.Nodes()), func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			f.DistanceM(pts[i%len(pts)])
			i++
		}
	})
	snaps := make([]Snapped, len(pts))
	for i, p := range pts {
		snaps[i] = n.Snap(p)
	}
	b.Run(fmt.Sprintf("snapped_nodes%d", n.Nodes()), func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			f.DistanceSnapped(snaps[i%len(snaps)])
			i++
		}
	})
	b.Run("straight_baseline", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		c := bd.Center()
		for b.Loop() {
			geo.Distance(c, pts[i%len(pts)])
			i++
		}
	})
}

func randomPoints(bd orb.Bound, k int) []orb.Point {
	rng := rand.New(rand.NewPCG(3, 4))
	pts := make([]orb.Point, k)
	for i := range pts {
		pts[i] = orb.Point{bd.Min[0] + (bd.Max[0]-bd.Min[0])*rng.Float64(), bd.Min[1] + (bd.Max[1]-bd.Min[1])*rng.Float64()}
	}
	return pts
}

// BenchmarkAtGrade reconstructs the route to a random point and checks its
// crossings (the grid's railway has a level crossing on every street).
func BenchmarkAtGrade(b *testing.B) {
	roads, barriers := gridRoads(benchK)
	n, err := New(roads, barriers)
	if err != nil {
		b.Fatal(err)
	}
	bd := n.Bounds()
	f := n.Field(bd.Min, math.Inf(1))
	pts := randomPoints(bd, 4096)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		f.AtGrade(pts[i%len(pts)])
		i++
	}
}

func BenchmarkApart(b *testing.B) {
	roads, barriers := gridRoads(benchK)
	n, err := New(roads, barriers)
	if err != nil {
		b.Fatal(err)
	}
	pts := randomPoints(n.Bounds(), 4096)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		n.Apart(pts[i%len(pts)], pts[(i+1)%len(pts)], 100)
		i++
	}
}

// BenchmarkHutubi reads the embedded default county's road layer
// (data/hutubi) and makes one Field with a 15 km cut-off from a random
// point of it per op; the metrics give the graph's size.
func BenchmarkHutubi(b *testing.B) {
	n, err := Read("../../data/hutubi/roads.geojson", "../../data/hutubi/barriers.geojson")
	if err != nil {
		b.Skip("no default road layer:", err)
	}
	pts := randomPoints(n.Bounds(), 64)
	b.Run("Read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Read("../../data/hutubi/roads.geojson", "../../data/hutubi/barriers.geojson"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Field_cutoff15km", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			n.Field(pts[i%len(pts)], 15000)
			i++
		}
		b.ReportMetric(float64(n.Nodes()), "nodes")
		b.ReportMetric(float64(len(n.Crossings())), "crossings")
	})
}
