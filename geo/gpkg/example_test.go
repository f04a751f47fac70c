package gpkg_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo/gpkg"
)

func Example() {
	dir, err := os.MkdirTemp("", "gpkg-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "zones.gpkg")

	// A zone: longitude, latitude in WGS84 degrees, the ring closed.
	ring := orb.Ring{{86.80, 44.10}, {86.90, 44.10}, {86.90, 44.20}, {86.80, 44.20}, {86.80, 44.10}}
	layers := []gpkg.Layer{{
		Name:         "primary_zones",
		Title:        "呼图壁县小学学区",
		GeometryType: "MULTIPOLYGON",
		Fields:       []gpkg.Field{{Name: "school", Type: gpkg.Text}, {Name: "places", Type: gpkg.Integer}},
		Features: []gpkg.Feature{
			{Geometry: orb.MultiPolygon{{ring}}, Values: []any{"呼图壁县第一小学", 720}},
		},
	}}
	if err := gpkg.Write(path, layers); err != nil {
		log.Fatal(err)
	}

	back, err := gpkg.Read(path)
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range back {
		fmt.Println(l.Name, l.Title, len(l.Features), "feature(s)", l.Features[0].Values)
	}
	// Output: primary_zones 呼图壁县小学学区 1 feature(s) [呼图壁县第一小学 720]
}
