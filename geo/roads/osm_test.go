package roads

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// A town split by an east–west railway at lat 44.190, with a level crossing
// (a road at lon 86.890) and a bridge (a road at lon 86.910, over it).
var (
	rnW, rnX, rnB, rnE = orb.Point{86.885, 44.192}, orb.Point{86.890, 44.192}, orb.Point{86.910, 44.192}, orb.Point{86.915, 44.192}
	rsW, rsX, rsB, rsE = orb.Point{86.885, 44.188}, orb.Point{86.890, 44.188}, orb.Point{86.910, 44.188}, orb.Point{86.915, 44.188}
	level              = orb.Point{86.890, 44.190}
)

func railTown(t testing.TB) *Network {
	t.Helper()
	n, err := New([]Road{
		{Line: orb.LineString{rnW, rnX, rnB, rnE}, Class: "residential"},
		{Line: orb.LineString{rsW, rsX, rsB, rsE}, Class: "residential"},
		{Line: orb.LineString{rnX, rsX}, Class: "unclassified"},           // over the level crossing
		{Line: orb.LineString{rnB, rsB}, Class: "tertiary", Bridge: true}, // over the bridge
	}, []Barrier{{Line: orb.LineString{{86.870, 44.190}, {86.930, 44.190}}, Kind: Railway, Name: "兰新铁路"}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAtGrade(t *testing.T) {
	n := railTown(t)
	var at, over int
	for _, c := range n.Crossings() {
		if c.AtGrade {
			at++
		} else {
			over++
		}
	}
	if at != 1 || over != 1 {
		t.Fatalf("crossings %+v: want one at grade, one bridge", n.Crossings())
	}
	tests := []struct {
		name string
		a, b orb.Point
		want []BarrierKind
	}{
		{"over the level crossing", orb.Point{86.890, 44.1925}, orb.Point{86.890, 44.1875}, []BarrierKind{Railway}},
		{"over the bridge", orb.Point{86.910, 44.1925}, orb.Point{86.910, 44.1875}, nil},
		{"north side only", rnW, rnE, nil},
		{"onto the level crossing road and back", rnW, orb.Point{86.8901, 44.1910}, nil},
		{"from the level crossing road south", orb.Point{86.8899, 44.1910}, rsW, []BarrierKind{Railway}},
	}
	for _, tc := range tests {
		f := n.Field(tc.a, 20000)
		if got := f.AtGrade(tc.b); !slices.Equal(got, tc.want) {
			t.Errorf("%s: AtGrade = %v, want %v", tc.name, got, tc.want)
		}
		if got := n.Field(tc.b, 20000).AtGrade(tc.a); !slices.Equal(got, tc.want) {
			t.Errorf("%s reversed: AtGrade = %v, want %v", tc.name, got, tc.want)
		}
	}
	// The route over the level crossing has the hand-computed length.
	a, b := orb.Point{86.890, 44.1925}, orb.Point{86.890, 44.1875}
	if d, ok := n.Field(a, 20000).DistanceM(b); !ok || !near(d, pathLen(a, rnX, level, rsX, b), 0.01) {
		t.Errorf("DistanceM = %v, %v; want %.3f", d, ok, pathLen(a, rnX, level, rsX, b))
	}
	if got := n.Field(a, 100).AtGrade(b); got != nil {
		t.Errorf("beyond the cut-off: AtGrade = %v", got)
	}
}

// osmXML writes the railway town as OpenStreetMap XML: the level crossing
// road shares node 9 with the railway; the bridge road does not.
func osmXML() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<osm version=\"0.6\" generator=\"roads test\">\n")
	pts := []orb.Point{rnW, rnX, rnB, rnE, rsW, rsX, rsB, rsE, level, {86.870, 44.190}, {86.930, 44.190}, {86.8905, 44.1925}}
	for i, p := range pts {
		fmt.Fprintf(&b, "  <node id=\"%d\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>\n", i+1, p[1], p[0])
	}
	way := func(id int, nodes []int, tags ...string) {
		fmt.Fprintf(&b, "  <way id=\"%d\" version=\"1\">\n", id)
		for _, n := range nodes {
			fmt.Fprintf(&b, "    <nd ref=\"%d\"/>\n", n)
		}
		for i := 0; i+1 < len(tags); i += 2 {
			fmt.Fprintf(&b, "    <tag k=\"%s\" v=\"%s\"/>\n", tags[i], tags[i+1])
		}
		b.WriteString("  </way>\n")
	}
	way(101, []int{1, 2, 3, 4}, "highway", "residential", "name", "北街")
	way(102, []int{5, 6, 7, 8}, "highway", "residential", "name", "南街", "oneway", "yes")
	way(103, []int{2, 9, 6}, "highway", "unclassified")
	way(104, []int{3, 7}, "highway", "tertiary_link", "bridge", "yes", "layer", "1")
	way(105, []int{10, 9, 11}, "railway", "rail", "name", "兰新铁路")
	way(106, []int{2, 12}, "highway", "construction") // not a road
	way(107, []int{1, 5}, "waterway", "canal", "tunnel", "culvert")
	b.WriteString("</osm>\n")
	return b.String()
}

func TestReadOSM(t *testing.T) {
	dir := t.TempDir()
	xmlPath := filepath.Join(dir, "town.osm")
	if err := os.WriteFile(xmlPath, []byte(osmXML()), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := Read(xmlPath, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Roads()) != 4 || len(n.Barriers()) != 1 {
		t.Fatalf("roads %+v\nbarriers %+v", n.Roads(), n.Barriers())
	}
	r := n.Roads()
	if r[0].Name != "北街" || !r[1].Oneway || r[3].Class != "tertiary" || !r[3].Bridge || n.Barriers()[0].Kind != Railway {
		t.Errorf("roads %+v", r)
	}
	var at, over int
	for _, c := range n.Crossings() {
		if c.AtGrade {
			at++
			if c.Loc != level {
				t.Errorf("level crossing at %v, want %v", c.Loc, level)
			}
		} else {
			over++
		}
	}
	if at != 1 || over != 1 {
		t.Errorf("crossings %+v: want one at grade (shared node 9), one bridge", n.Crossings())
	}
	a, b := orb.Point{86.890, 44.1925}, orb.Point{86.890, 44.1875}
	f := n.Field(a, 20000)
	if got := f.AtGrade(b); !slices.Equal(got, []BarrierKind{Railway}) {
		t.Errorf("AtGrade over the level crossing = %v", got)
	}
	if d, ok := f.DistanceM(b); !ok || !near(d, pathLen(a, rnX, level, rsX, b), 0.01) {
		t.Errorf("DistanceM = %v, %v", d, ok)
	}
	if got := n.Field(orb.Point{86.910, 44.1925}, 20000).AtGrade(orb.Point{86.910, 44.1875}); got != nil {
		t.Errorf("AtGrade over the bridge = %v", got)
	}

	// The same file as PBF, written by osmium, reads the same.
	if _, err := exec.LookPath("osmium"); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("osmium not on PATH (Debian package osmium-tool; make installs it)")
		}
		t.Fatal("osmium not on PATH under CI: the Makefile's APT_PKGS installs osmium-tool")
	}
	pbfPath := filepath.Join(dir, "town.osm.pbf")
	if out, err := exec.Command("osmium", "cat", xmlPath, "-o", pbfPath).CombinedOutput(); err != nil {
		t.Fatalf("osmium cat: %v\n%s", err, out)
	}
	p, err := Read(pbfPath, "")
	if err != nil {
		t.Fatal(err)
	}
	sameNetwork(t, p, n)
}

func sameNetwork(t *testing.T, got, want *Network) {
	t.Helper()
	if !slices.EqualFunc(got.Roads(), want.Roads(), roadEqual) {
		t.Errorf("roads\n%+v\nwant\n%+v", got.Roads(), want.Roads())
	}
	if !slices.EqualFunc(got.Barriers(), want.Barriers(), func(a, b Barrier) bool {
		return slices.Equal(a.Line, b.Line) && a.Kind == b.Kind && a.Name == b.Name
	}) {
		t.Errorf("barriers\n%+v\nwant\n%+v", got.Barriers(), want.Barriers())
	}
	if !slices.Equal(got.Crossings(), want.Crossings()) {
		t.Errorf("crossings\n%+v\nwant\n%+v", got.Crossings(), want.Crossings())
	}
	if got.Nodes() != want.Nodes() || got.Edges() != want.Edges() {
		t.Errorf("graph %d nodes %d edges, want %d, %d", got.Nodes(), got.Edges(), want.Nodes(), want.Edges())
	}
}

func TestReadOSMErrors(t *testing.T) {
	x := `<osm version="0.6">
<node id="1" lat="44.19" lon="86.9"/>
<node id="2" lat="44.20" lon="86.9"/>
<node id="3" lat="95" lon="86.9"/>
<way id="7"><nd ref="1"/><nd ref="99"/><tag k="highway" v="residential"/></way>
<way id="8"><nd ref="1"/><tag k="railway" v="rail"/></way>
<way id="9"><nd ref="1"/><nd ref="3"/><tag k="waterway" v="river"/></way>
<way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>
</osm>`
	dir := t.TempDir()
	p := filepath.Join(dir, "bad.osm")
	if err := os.WriteFile(p, []byte(x), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(p, "")
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{
		p + ": way 7: node 99 is not in the file",
		p + ": way 8: a line needs at least 2 points, has 1",
		p + ": way 9: point [86.9 95] is not a WGS84 lon,lat",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q; got:\n%v", w, err)
		}
	}
	if strings.Contains(err.Error(), "way 10") {
		t.Errorf("way 10 is valid; got:\n%v", err)
	}
	if _, err := Read(p, "b.geojson"); err == nil || !strings.Contains(err.Error(), "holds its own barriers") {
		t.Errorf("barriers file beside OSM: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "junk.osm.pbf"), []byte("not a pbf"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(filepath.Join(dir, "junk.osm.pbf"), ""); err == nil || !strings.HasPrefix(err.Error(), "roads: ") {
		t.Errorf("junk PBF: %v", err)
	}
}
