package data

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/data/synth"
	"github.com/hutubi-edu/zoning/engine/dataset"
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
