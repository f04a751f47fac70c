package roads

import (
	"bytes"
	"math"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"
)

// exercise runs every query of a network read from fuzzed input: none may
// panic.
func exercise(n *Network) {
	b := n.Bounds()
	pts := []orb.Point{b.Min, b.Max, b.Center(), {86.9, 44.19}, {0, 0}, {math.Inf(1), 0}, {math.NaN(), 1}}
	for _, p := range pts {
		f := n.Field(p, 1e6)
		for _, q := range pts {
			f.DistanceM(q)
			f.AtGrade(q)
			n.Apart(p, q, 50)
		}
	}
}

func FuzzReadGeoJSON(f *testing.F) {
	f.Add([]byte(townRoads), []byte(townBarriers))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"class":"path","oneway":"yes","tunnel":1},"geometry":{"type":"MultiLineString","coordinates":[[[0,0],[0,0]],[[1,1],[2,2]]]}}]}`),
		[]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"railway"},"geometry":{"type":"LineString","coordinates":[[0,1],[1,0]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"class":"steps"},"geometry":{"type":"LineString","coordinates":[[1e308,-1e308],[0,0]]}}]}`), []byte(`{}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[null,{},{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[]}}]}`), []byte(``))
	f.Fuzz(func(t *testing.T, roads, barriers []byte) {
		fsys := fstest.MapFS{"r.geojson": {Data: roads}, "b.geojson": {Data: barriers}}
		n, err := ReadFS(fsys, "r.geojson", "b.geojson")
		if err != nil {
			if n != nil {
				t.Fatal("a network and an error")
			}
			return
		}
		exercise(n)
	})
}

func FuzzReadOSMXML(f *testing.F) {
	f.Add([]byte(osmXML()))
	f.Add([]byte(`<osm><node id="1" lat="1" lon="1"/><node id="2" lat="1" lon="1"/><way id="1"><nd ref="1"/><nd ref="2"/><nd ref="1"/><tag k="highway" v="trunk"/></way></osm>`))
	f.Add([]byte(`<osm><node id="1" lat="NaN" lon="1"/><way id="-1"><nd ref="1"/><tag k="waterway" v="canal"/></way><relation id="3"/></osm>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		roads, barriers, err := scanOSM("f.osm", bytes.NewReader(data), false)
		if err != nil {
			return
		}
		n, err := build(roads, barriers, true)
		if err != nil {
			t.Fatalf("the reader accepted lines New refuses: %v", err)
		}
		exercise(n)
	})
}
