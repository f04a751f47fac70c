package roads

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/geo/gpkg"
	"github.com/paulmach/orb"
)

func townGPKG(t *testing.T, dir string, classOfBridge string) string {
	t.Helper()
	p := filepath.Join(dir, "town.gpkg")
	roads := gpkg.Layer{Name: "roads", GeometryType: "GEOMETRY",
		Fields: []gpkg.Field{{Name: "class", Type: gpkg.Text}, {Name: "name", Type: gpkg.Text}, {Name: "bridge", Type: gpkg.Integer}, {Name: "oneway", Type: gpkg.Text}},
		Features: []gpkg.Feature{
			{Geometry: orb.LineString{nW, nM, nE}, Values: []any{"residential", "北街", nil, nil}},
			{Geometry: orb.LineString{sW, sM, sE}, Values: []any{"residential", "南街", 0, "no"}},
			{Geometry: orb.MultiLineString{{nM, sM}}, Values: []any{classOfBridge, "大桥路", 1, nil}},
		}}
	barriers := gpkg.Layer{Name: "barriers", GeometryType: "LINESTRING",
		Fields:   []gpkg.Field{{Name: "kind", Type: gpkg.Text}, {Name: "name", Type: gpkg.Text}},
		Features: []gpkg.Feature{{Geometry: orb.LineString{{86.870, 44.190}, {86.930, 44.190}}, Values: []any{"river", "呼图壁河"}}}}
	if err := gpkg.Write(p, []gpkg.Layer{barriers, roads}); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadGPKG(t *testing.T) {
	dir := t.TempDir()
	p := townGPKG(t, dir, "tertiary")
	want := town(t, true)
	for name, read := range map[string]func() (*Network, error){
		"Read, barriers in the same file": func() (*Network, error) { return Read(p, "") },
		"Read, barriers file":             func() (*Network, error) { return Read(p, p) },
		"ReadFS (a temporary copy)":       func() (*Network, error) { return ReadFS(os.DirFS(dir), "town.gpkg", "") },
	} {
		n, err := read()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !slices.EqualFunc(n.Roads(), want.Roads(), roadEqual) || len(n.Barriers()) != 1 || !slices.Equal(n.Crossings(), want.Crossings()) {
			t.Errorf("%s: roads %+v\nbarriers %+v\ncrossings %+v", name, n.Roads(), n.Barriers(), n.Crossings())
		}
	}
	bad := townGPKG(t, t.TempDir(), "bridge")
	_, err := Read(bad, "")
	if err == nil || !strings.Contains(err.Error(), bad+`: layer roads: feature 3: class "bridge"; accepted: motorway,`) {
		t.Errorf("bad class: %v", err)
	}
}
