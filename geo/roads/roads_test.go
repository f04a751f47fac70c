package roads

import (
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"
)

// cosDist is the great-circle distance in metres by the Vincenty formula
// for the sphere (an atan2 of the cross and dot products of the two unit
// vectors, accurate at every distance): an oracle independent of
// geo.Distance's haversine, on the same sphere (radius 6371008.8 m).
func cosDist(a, b orb.Point) float64 {
	const r = 6371008.8
	rad := math.Pi / 180
	f1, f2, dl := a[1]*rad, b[1]*rad, (b[0]-a[0])*rad
	x := math.Cos(f2) * math.Sin(dl)
	y := math.Cos(f1)*math.Sin(f2) - math.Sin(f1)*math.Cos(f2)*math.Cos(dl)
	z := math.Sin(f1)*math.Sin(f2) + math.Cos(f1)*math.Cos(f2)*math.Cos(dl)
	return r * math.Atan2(math.Hypot(x, y), z)
}

func pathLen(pts ...orb.Point) float64 {
	s := 0.0
	for i := 1; i < len(pts); i++ {
		s += cosDist(pts[i-1], pts[i])
	}
	return s
}

// A small town split by an east–west river at lat 44.190, with one bridge
// (a tertiary road at lon 86.900) between the north street (lat 44.192) and
// the south street (lat 44.188).
var (
	nW, nM, nE = orb.Point{86.885, 44.192}, orb.Point{86.900, 44.192}, orb.Point{86.915, 44.192}
	sW, sM, sE = orb.Point{86.885, 44.188}, orb.Point{86.900, 44.188}, orb.Point{86.915, 44.188}
)

func town(t testing.TB, bridge bool) *Network {
	t.Helper()
	roads := []Road{
		{Line: orb.LineString{nW, nM, nE}, Class: "residential", Name: "北街"},
		{Line: orb.LineString{sW, sM, sE}, Class: "residential", Name: "南街"},
		{Line: orb.LineString{nM, sM}, Class: "tertiary", Name: "大桥路", Bridge: bridge},
	}
	barriers := []Barrier{{Line: orb.LineString{{86.870, 44.190}, {86.930, 44.190}}, Kind: River, Name: "呼图壁河"}}
	n, err := New(roads, barriers)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestTownRouteDistances(t *testing.T) {
	n := town(t, true)
	if got := len(n.Crossings()); got != 1 {
		t.Fatalf("crossings = %d, want 1 (the bridge)", got)
	}
	c := n.Crossings()[0]
	if c.AtGrade || c.Barrier != 0 || !near(c.Loc[0], 86.900, 1e-9) || !near(c.Loc[1], 44.190, 1e-9) {
		t.Errorf("crossing = %+v, want the bridge at 86.900,44.190, not at grade", c)
	}
	f := n.Field(nW, 10000)
	tests := []struct {
		name string
		p    orb.Point
		want float64
	}{
		{"itself", nW, 0},
		{"along the north street", nE, pathLen(nW, nM, nE)},
		{"over the bridge", sW, pathLen(nW, nM, sM, sW)},
		{"over the bridge to the far end", sE, pathLen(nW, nM, sM, sE)},
		// Off the network 0.0005° north of the north street at lon 86.910:
		// its nearest point is straight south on the street.
		{"off the network", orb.Point{86.910, 44.1925}, pathLen(nW, nM, orb.Point{86.910, 44.192}) + cosDist(orb.Point{86.910, 44.1925}, orb.Point{86.910, 44.192})},
		// Just south of the river near the west end: the nearest road is
		// the south street, reached over the bridge.
		{"south bank", orb.Point{86.886, 44.1885}, pathLen(nW, nM, sM, orb.Point{86.886, 44.188}) + cosDist(orb.Point{86.886, 44.1885}, orb.Point{86.886, 44.188})},
	}
	for _, tc := range tests {
		got, ok := f.DistanceM(tc.p)
		if !ok || !near(got, tc.want, 0.01) {
			t.Errorf("%s: DistanceM = %.3f, %v; want %.3f (straight %.0f m)", tc.name, got, ok, tc.want, cosDist(nW, tc.p))
		}
	}
}

func TestSnapSameEdge(t *testing.T) {
	n := town(t, true)
	a := orb.Point{86.888, 44.1923} // north of the north street
	b := orb.Point{86.896, 44.1918} // south of it, same segment nW–nM
	f := n.Field(a, 5000)
	want := cosDist(a, orb.Point{86.888, 44.192}) + pathLen(orb.Point{86.888, 44.192}, orb.Point{86.896, 44.192}) + cosDist(orb.Point{86.896, 44.192}, b)
	if got, ok := f.DistanceM(b); !ok || !near(got, want, 0.01) {
		t.Errorf("DistanceM = %.3f, %v; want %.3f", got, ok, want)
	}
	// Symmetry: from b to a is the same.
	if got, ok := n.Field(b, 5000).DistanceM(a); !ok || !near(got, want, 0.01) {
		t.Errorf("reverse DistanceM = %.3f, %v; want %.3f", got, ok, want)
	}
}

func TestCutoff(t *testing.T) {
	n := town(t, true)
	f := n.Field(nW, 1500)
	if d, ok := f.DistanceM(nM); !ok || !near(d, cosDist(nW, nM), 0.01) {
		t.Errorf("within the cut-off: %.3f, %v", d, ok)
	}
	if d, ok := f.DistanceM(sW); ok {
		t.Errorf("beyond the cut-off (route %.0f m > 1500): got %.3f, ok", pathLen(nW, nM, sM, sW), d)
	}
	if d, ok := n.Field(nW, 0).DistanceM(nW); !ok || d != 0 {
		t.Errorf("cut-off 0 at the source: %v, %v", d, ok)
	}
	if _, ok := n.Field(nW, math.NaN()).DistanceM(nW); ok {
		t.Error("cut-off NaN: ok")
	}
}

func TestApart(t *testing.T) {
	n := town(t, true)
	tests := []struct {
		name string
		a, b orb.Point
		want bool
	}{
		{"across the river, 1.3 km from the bridge", orb.Point{86.8835, 44.191}, orb.Point{86.8835, 44.189}, true},
		{"across the river, 40 m from the bridge", orb.Point{86.9005, 44.191}, orb.Point{86.9005, 44.189}, false},
		{"same bank", orb.Point{86.885, 44.191}, orb.Point{86.915, 44.191}, false},
		{"beyond the river's end", orb.Point{86.935, 44.191}, orb.Point{86.935, 44.189}, false},
	}
	for _, tc := range tests {
		if got := n.Apart(tc.a, tc.b, 200); got != tc.want {
			t.Errorf("%s: Apart = %v, want %v", tc.name, got, tc.want)
		}
		if got := n.Apart(tc.b, tc.a, 200); got != tc.want {
			t.Errorf("%s reversed: Apart = %v, want %v", tc.name, got, tc.want)
		}
		// ApartBy names the barrier: the town's one river, index 0.
		var want []int
		if tc.want {
			want = []int{0}
		}
		if got := n.ApartBy(tc.a, tc.b, 200); !slices.Equal(got, want) {
			t.Errorf("%s: ApartBy = %v, want %v", tc.name, got, want)
		}
	}
}

func TestConcurrentFields(t *testing.T) {
	n := town(t, true)
	want := pathLen(nW, nM, sM, sW)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if d, ok := n.Field(nW, 5000).DistanceM(sW); !ok || !near(d, want, 0.01) {
					t.Errorf("DistanceM = %v, %v", d, ok)
				}
			}
		})
	}
	wg.Wait()
}

func TestNewErrors(t *testing.T) {
	_, err := New([]Road{
		{Line: orb.LineString{{1, 2}}, Class: "residential"},
		{Line: orb.LineString{{1, 2}, {1, 3}}, Class: "highway"},
	}, []Barrier{{Line: orb.LineString{{1, 2}, {1, 3}}, Kind: "wall"}})
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{"road 0: a line needs at least 2 points", `road 1: class "highway"; accepted: motorway,`, `barrier 0: kind "wall"; accepted: river, canal, motorway, trunk, railway`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
}

const townRoads = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"class":"residential","name":"北街"},"geometry":{"type":"LineString","coordinates":[[86.885,44.192],[86.900,44.192],[86.915,44.192]]}},
{"type":"Feature","properties":{"class":"residential","name":"南街","oneway":"no"},"geometry":{"type":"LineString","coordinates":[[86.885,44.188],[86.900,44.188],[86.915,44.188]]}},
{"type":"Feature","properties":{"class":"tertiary","name":"大桥路","bridge":true},"geometry":{"type":"MultiLineString","coordinates":[[[86.900,44.192],[86.900,44.188]]]}}
]}`

const townBarriers = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kind":"river","name":"呼图壁河"},"geometry":{"type":"LineString","coordinates":[[86.870,44.190],[86.930,44.190]]}}
]}`

func TestReadFSGeoJSON(t *testing.T) {
	fsys := fstest.MapFS{
		"d/roads.geojson":    {Data: []byte(townRoads)},
		"d/barriers.geojson": {Data: []byte(townBarriers)},
	}
	n, err := ReadFS(fsys, "d/roads.geojson", "d/barriers.geojson")
	if err != nil {
		t.Fatal(err)
	}
	want := town(t, true)
	if !slices.EqualFunc(n.Roads(), want.Roads(), roadEqual) || len(n.Barriers()) != 1 || n.Barriers()[0].Name != "呼图壁河" {
		t.Errorf("roads %+v\nbarriers %+v", n.Roads(), n.Barriers())
	}
	if !slices.Equal(n.Crossings(), want.Crossings()) {
		t.Errorf("crossings %+v, want %+v", n.Crossings(), want.Crossings())
	}
	d, ok := n.Field(nW, 10000).DistanceM(sW)
	if !ok || !near(d, pathLen(nW, nM, sM, sW), 0.01) {
		t.Errorf("DistanceM = %v, %v", d, ok)
	}
	// Without barriers.
	n, err = ReadFS(fsys, "d/roads.geojson", "")
	if err != nil || len(n.Barriers()) != 0 || len(n.Crossings()) != 0 {
		t.Errorf("roads only: %v, %v", n, err)
	}
}

func roadEqual(a, b Road) bool {
	return slices.Equal(a.Line, b.Line) && a.Class == b.Class && a.Oneway == b.Oneway && a.Name == b.Name &&
		a.Bridge == b.Bridge && a.Tunnel == b.Tunnel
}

func TestReadGeoJSONErrors(t *testing.T) {
	roads := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"class":"residential"},"geometry":{"type":"LineString","coordinates":[[86.885,44.192],[86.900,44.192]]}},
{"type":"Feature","properties":{"class":"highway"},"geometry":{"type":"LineString","coordinates":[[86.885,44.192],[86.900,44.192]]}},
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[86.885,44.192]}},
{"type":"Feature","properties":{"class":"path","bridge":"maybe"},"geometry":{"type":"LineString","coordinates":[[86.885,44.192]]}},
{"type":"Feature","properties":{"class":"path"},"geometry":null}
]}`
	barriers := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kind":"wall"},"geometry":{"type":"LineString","coordinates":[[86.885,44.192],[86.900,44.192]]}}
]}`
	fsys := fstest.MapFS{"r.geojson": {Data: []byte(roads)}, "b.geojson": {Data: []byte(barriers)}}
	_, err := ReadFS(fsys, "r.geojson", "b.geojson")
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{
		`roads: r.geojson: feature 2: class "highway"; accepted: motorway, motorway_link, trunk,`,
		"roads: r.geojson: feature 3: geometry Point; accepted: LineString, MultiLineString",
		"roads: r.geojson: feature 3: no class property",
		`roads: r.geojson: feature 4: bridge is maybe; accepted:`,
		"roads: r.geojson: feature 4: a line needs at least 2 points, has 1",
		"roads: r.geojson: feature 5: no geometry",
		`roads: b.geojson: feature 1: kind "wall"; accepted: river, canal, motorway, trunk, railway`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q; got:\n%v", w, err)
		}
	}
	if strings.Contains(err.Error(), "feature 1:") && strings.Contains(err.Error(), "r.geojson: feature 1:") {
		t.Errorf("feature 1 is valid; got:\n%v", err)
	}
	for _, bad := range []string{"", "[]", `{"type":"Feature"}`, `{"type":"FeatureCollection","features":[1]}`} {
		if _, err := ReadFS(fstest.MapFS{"r.geojson": {Data: []byte(bad)}}, "r.geojson", ""); err == nil || !strings.HasPrefix(err.Error(), "roads: r.geojson") {
			t.Errorf("%q: error %v", bad, err)
		}
	}
	if _, err := ReadFS(fsys, "r.shp", ""); err == nil || !strings.Contains(err.Error(), ".osm, .osm.pbf, .geojson") {
		t.Errorf("unknown format: %v", err)
	}
}
