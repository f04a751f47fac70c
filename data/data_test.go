package data

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data/synth"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// TestCommittedDatasetIsGenerated proves that data/hutubi is exactly what
// the generator makes from its facts and the default seed. On a mismatch,
// run go generate ./data (or go run ./data/gen).
func TestCommittedDatasetIsGenerated(t *testing.T) {
	d, err := synth.Generate(synth.DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	want, err := d.Files()
	if err != nil {
		t.Fatal(err)
	}
	var committed []string
	err = fs.WalkDir(Hutubi(), ".", func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			committed = append(committed, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range want {
		names = append(names, name)
	}
	slices.Sort(names)
	if !slices.Equal(names, committed) {
		t.Fatalf("data/hutubi holds %v, the generator makes %v; run go generate ./data", committed, names)
	}
	for _, name := range names {
		got, err := fs.ReadFile(Hutubi(), name)
		if err != nil {
			t.Fatal(err)
		}
		if line, g, w, differ := firstDifference(got, want[name]); differ {
			t.Errorf("data/hutubi/%s differs from the generator's at line %d:\n committed: %q\n generated: %q\nrun go generate ./data",
				name, line, g, w)
		}
	}
}

// firstDifference returns the first line (1-based) where a and b differ,
// with the two versions of it.
func firstDifference(a, b []byte) (line int, la, lb string, differ bool) {
	if bytes.Equal(a, b) {
		return 0, "", "", false
	}
	as, bs := bytes.SplitAfter(a, []byte("\n")), bytes.SplitAfter(b, []byte("\n"))
	for i := 0; ; i++ {
		var x, y []byte
		if i < len(as) {
			x = as[i]
		}
		if i < len(bs) {
			y = bs[i]
		}
		if !bytes.Equal(x, y) {
			return i + 1, string(x), string(y), true
		}
	}
}

func TestFirstDifference(t *testing.T) {
	tests := []struct {
		a, b   string
		line   int
		differ bool
	}{
		{"x\ny\n", "x\ny\n", 0, false},
		{"x\ny\n", "x\nz\n", 2, true},
		{"x\n", "x\ny\n", 2, true},
		{"x\ny", "x\ny\n", 2, true},
		{"", "a", 1, true},
	}
	for _, tt := range tests {
		line, _, _, differ := firstDifference([]byte(tt.a), []byte(tt.b))
		if line != tt.line || differ != tt.differ {
			t.Errorf("firstDifference(%q, %q) = %d, %v; want %d, %v", tt.a, tt.b, line, differ, tt.line, tt.differ)
		}
	}
}

// The embedded dataset passes the loader's complete validation.
func TestEmbeddedDatasetLoads(t *testing.T) {
	d, err := dataset.Load(Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Warnings) > 0 {
		t.Errorf("warnings: %v", d.Warnings)
	}
	if d.Meta.BaseYear != 2021 || d.Meta.Name != "呼图壁县 (synthetic)" || len(d.Zones) == 0 || d.Boundary == nil {
		t.Errorf("loaded %q %d with %d zones", d.Meta.Name, d.Meta.BaseYear, len(d.Zones))
	}
	if d.Roads == nil || len(d.Roads.Roads()) == 0 || len(d.Roads.Barriers()) == 0 {
		t.Error("the embedded dataset has no road layer")
	}
}

// The road layer stays a modest part of the embedded folder.
func TestRoadLayerSize(t *testing.T) {
	total := 0
	for _, name := range []string{dataset.RoadsFile, dataset.BarriersFile} {
		b, err := fs.ReadFile(Hutubi(), name)
		if err != nil {
			t.Fatal(err)
		}
		total += len(b)
	}
	if total > 3<<20 {
		t.Errorf("the road layer takes %d bytes, more than 3 MiB", total)
	}
}

func ExampleHutubi() {
	b, err := fs.ReadFile(Hutubi(), "dataset.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	// The keys, and the first of the county's place names (places:).
	lines := strings.SplitAfter(string(b), "\n")
	fmt.Print(strings.Join(lines[:min(9, len(lines))], ""))
	// Output:
	// name: "呼图壁县 (synthetic)"
	// base_year: 2021
	// crs: wgs84
	// boundary: boundary.geojson
	// roads: roads.geojson
	// barriers: barriers.geojson
	// places:
	//   prefixes: [中国新疆维吾尔自治区, 中国新疆, 新疆维吾尔自治区, 新疆自治区, 新疆, 昌吉回族自治州, 昌吉州, 呼图壁县]
	//   townships:
}

// TestRoadLayerAsOSMPBF: the default road layer written as OpenStreetMap XML
// (a shared vertex one node), converted to .osm.pbf by Debian's osmium-tool,
// reads back through geo/roads' PBF path with the same roads, classes, names
// and flags, and its river crossed only on bridges.
func TestRoadLayerAsOSMPBF(t *testing.T) {
	osmium, err := exec.LookPath("osmium")
	if err != nil {
		t.Skip("osmium (Debian's osmium-tool) not installed")
	}
	d, err := dataset.Load(Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	var x strings.Builder
	x.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\" generator=\"zoning test\">\n")
	ids := map[orb.Point]int{}
	node := func(p orb.Point) int {
		if id, ok := ids[p]; ok {
			return id
		}
		id := len(ids) + 1
		ids[p] = id
		fmt.Fprintf(&x, " <node id=\"%d\" version=\"1\" lat=\"%s\" lon=\"%s\"/>\n", id,
			strconv.FormatFloat(p[1], 'f', 7, 64), strconv.FormatFloat(p[0], 'f', 7, 64))
		return id
	}
	type way struct {
		nodes []int
		tags  [][2]string
	}
	var ways []way
	for _, r := range d.Roads.Roads() {
		w := way{tags: [][2]string{{"highway", r.Class}}}
		for _, p := range r.Line {
			w.nodes = append(w.nodes, node(p))
		}
		if r.Name != "" {
			w.tags = append(w.tags, [2]string{"name", r.Name})
		}
		for _, f := range []struct {
			k  string
			on bool
		}{{"bridge", r.Bridge}, {"tunnel", r.Tunnel}, {"oneway", r.Oneway}} {
			if f.on {
				w.tags = append(w.tags, [2]string{f.k, "yes"})
			}
		}
		ways = append(ways, w)
	}
	wantBarriers := 0
	for _, b := range d.Roads.Barriers() {
		var tag [2]string
		switch b.Kind {
		case roads.River, roads.Canal:
			tag = [2]string{"waterway", string(b.Kind)}
		case roads.Railway:
			tag = [2]string{"railway", "rail"}
		default:
			continue // the expressway and the trunk road are their roads' ways
		}
		wantBarriers++
		w := way{tags: [][2]string{tag, {"name", b.Name}}}
		for _, p := range b.Line {
			w.nodes = append(w.nodes, node(p))
		}
		ways = append(ways, w)
	}
	for _, r := range d.Roads.Roads() {
		if r.Class == "motorway" || r.Class == "trunk" {
			wantBarriers++
		}
	}
	for i, w := range ways {
		fmt.Fprintf(&x, " <way id=\"%d\" version=\"1\">\n", i+1)
		for _, id := range w.nodes {
			fmt.Fprintf(&x, "  <nd ref=\"%d\"/>\n", id)
		}
		for _, tg := range w.tags {
			fmt.Fprintf(&x, "  <tag k=\"%s\" v=\"%s\"/>\n", tg[0], tg[1])
		}
		x.WriteString(" </way>\n")
	}
	x.WriteString("</osm>\n")
	dir := t.TempDir()
	xml, pbf := filepath.Join(dir, "roads.osm"), filepath.Join(dir, "roads.osm.pbf")
	if err := os.WriteFile(xml, []byte(x.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(osmium, "cat", xml, "-o", pbf).CombinedOutput(); err != nil {
		t.Fatalf("osmium cat: %v\n%s", err, out)
	}
	n, err := roads.Read(pbf, "")
	if err != nil {
		t.Fatal(err)
	}
	got, want := n.Roads(), d.Roads.Roads()
	if len(got) != len(want) {
		t.Fatalf("%d roads read back, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Class != w.Class || g.Name != w.Name || g.Bridge != w.Bridge || g.Tunnel != w.Tunnel || !slices.Equal(g.Line, w.Line) {
			t.Fatalf("road %d read back as %+v, want %+v", i, g, w)
		}
	}
	if len(n.Barriers()) != wantBarriers {
		t.Errorf("%d barriers read back, want %d", len(n.Barriers()), wantBarriers)
	}
	rivers := 0
	for _, c := range n.Crossings() {
		if n.Barriers()[c.Barrier].Kind == roads.River {
			rivers++
			if c.AtGrade {
				t.Errorf("the river is crossed at grade at %v", c.Loc)
			}
		}
	}
	if rivers == 0 {
		t.Error("no crossing of the river read back")
	}
}
