package dataset

import (
	"bytes"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// smallRoads is a river town: a street, a bridge over the river, a lane,
// and the river and a railway as barriers.
func smallRoads(t *testing.T) *roads.Network {
	t.Helper()
	n, err := roads.New([]roads.Road{
		{Line: orb.LineString{{86.10, 44.60}, {86.11, 44.60}}, Class: "tertiary", Name: "迎宾路"},
		{Line: orb.LineString{{86.11, 44.60}, {86.1102, 44.60}}, Class: "tertiary", Name: "迎宾路", Bridge: true},
		{Line: orb.LineString{{86.1102, 44.60}, {86.12, 44.60}, {86.12, 44.61}}, Class: "residential", Oneway: true},
		{Line: orb.LineString{{86.105, 44.59}, {86.105, 44.60}}, Class: "track", Tunnel: true},
	}, []roads.Barrier{
		{Line: orb.LineString{{86.1101, 44.55}, {86.1101, 44.65}}, Kind: roads.River, Name: "河"},
		{Line: orb.LineString{{86.0, 44.595}, {86.2, 44.595}}, Kind: roads.Railway},
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRoadsRoundTrip: a dataset with a road layer writes both files and
// keys; loading them and writing again gives the same bytes.
func TestRoadsRoundTrip(t *testing.T) {
	d, err := LoadDir(validDir)
	if err != nil {
		t.Fatal(err)
	}
	d.Roads = smallRoads(t)
	first, err := d.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"roads: roads.geojson\n", "barriers: barriers.geojson\n"} {
		if !strings.Contains(string(first[MetaFile]), want) {
			t.Errorf("dataset.yaml lacks %q:\n%s", want, first[MetaFile])
		}
	}
	back, err := Load(bytesFS(first))
	if err != nil {
		t.Fatal(err)
	}
	if back.Roads == nil {
		t.Fatal("the road layer was not loaded")
	}
	if len(back.Roads.Roads()) != 4 || len(back.Roads.Barriers()) != 2 {
		t.Errorf("loaded %d roads and %d barriers, want 4 and 2", len(back.Roads.Roads()), len(back.Roads.Barriers()))
	}
	r := back.Roads.Roads()
	if r[0].Name != "迎宾路" || !r[1].Bridge || !r[2].Oneway || !r[3].Tunnel || r[0].Bridge {
		t.Errorf("road properties not kept: %+v", r)
	}
	second, err := back.Files()
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range first {
		if !bytes.Equal(second[name], b) {
			t.Errorf("%s differs after a round trip:\n%s\nwant\n%s", name, second[name], b)
		}
	}
	if len(second) != len(first) {
		t.Errorf("%d files, want %d", len(second), len(first))
	}
	// Without a road layer, no key and no file.
	back.Roads = nil
	none, err := back.Files()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := none[RoadsFile]; ok || strings.Contains(string(none[MetaFile]), "roads:") {
		t.Error("a dataset without roads wrote a road layer")
	}
}

// TestRoadsProblems: the keys' values and the files' contents are
// checked, each problem at its file.
func TestRoadsProblems(t *testing.T) {
	d, err := LoadDir(validDir)
	if err != nil {
		t.Fatal(err)
	}
	d.Roads = smallRoads(t)
	raw, err := d.Files()
	if err != nil {
		t.Fatal(err)
	}
	base := map[string]string{}
	for n, b := range raw {
		base[n] = string(b)
	}
	badFeature := strings.Replace(base[RoadsFile], `"class":"track"`, `"class":"motorcar"`, 1)
	tests := []struct {
		name string
		edit func(map[string]string)
		want string
	}{
		{"roads file missing", remove(RoadsFile), `dataset.yaml:5: roads file "roads.geojson" not found`},
		{"barriers file missing", remove(BarriersFile), `dataset.yaml:6: barriers file "barriers.geojson" not found`},
		{"unknown format", replace(MetaFile, "roads: roads.geojson", "roads: roads.shp"), `dataset.yaml:5: roads "roads.shp": unknown format (accepted file names end in .geojson, .json, .gpkg, .osm, .osm.pbf)`},
		{"outside the folder", replace(MetaFile, "roads: roads.geojson", "roads: ../roads.geojson"), `dataset.yaml:5: roads "../roads.geojson" is not a path inside the dataset folder`},
		{"not a name", replace(MetaFile, "roads: roads.geojson", "roads: [a]"), `dataset.yaml:5: roads must be a file name`},
		{"barriers without roads", replace(MetaFile, "roads: roads.geojson\n", ""), `dataset.yaml:5: barriers "barriers.geojson" named without roads`},
		{"bad class", setFile(RoadsFile, badFeature), `roads.geojson: feature 4: class "motorcar"`},
		{"bad kind", replace(BarriersFile, `"kind":"river"`, `"kind":"lake"`), `barriers.geojson: feature 1: kind "lake"`},
		{"not GeoJSON", setFile(BarriersFile, "nonsense"), `barriers.geojson: `},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for n, s := range base {
				files[n] = s
			}
			tc.edit(files)
			ps := problemsOf(t, files)
			found := false
			for _, p := range ps {
				found = found || strings.HasPrefix(p.String(), tc.want)
			}
			if !found {
				t.Errorf("problems %q, want one starting %q", ps.Error(), tc.want)
			}
		})
	}
}

// TestRoadsCRS: a road layer in GCJ-02 is converted to WGS84 on load, as
// every other coordinate of the folder is, and its junctions stay shared.
func TestRoadsCRS(t *testing.T) {
	d, err := LoadDir(validDir)
	if err != nil {
		t.Fatal(err)
	}
	d.Roads = smallRoads(t)
	raw, err := d.Files()
	if err != nil {
		t.Fatal(err)
	}
	raw[MetaFile] = bytes.Replace(raw[MetaFile], []byte("crs: wgs84"), []byte("crs: gcj02"), 1)
	back, err := Load(bytesFS(raw))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range d.Roads.Roads() {
		got := back.Roads.Roads()[i].Line
		for j, p := range r.Line {
			if want := geo.ToWGS84(p, geo.GCJ02); got[j] != want {
				t.Errorf("road %d point %d: %v, want %v", i, j, got[j], want)
			}
		}
	}
	if a, b := back.Roads.Roads()[0].Line[1], back.Roads.Roads()[1].Line[0]; a != b {
		t.Errorf("the junction of roads 0 and 1 is no longer shared: %v, %v", a, b)
	}
	if got, want := back.Roads.Barriers()[0].Line[0], geo.ToWGS84(d.Roads.Barriers()[0].Line[0], geo.GCJ02); got != want {
		t.Errorf("barrier point %v, want %v", got, want)
	}
}
