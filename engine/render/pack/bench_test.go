package pack_test

import (
	"context"
	"testing"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render"
	"github.com/hutubi-edu/zoning/engine/render/gis"
	"github.com/hutubi-edu/zoning/engine/render/workbook"
)

// BenchmarkCompareDefault renders the files of the pack that compares the
// embedded default's zones in force with its redraw (2 plans; the
// comparison itself is engine/compare's BenchmarkCompareDefault).
// Sub-benchmarks: xlsx (the workbook), geopackage and geojson (the GIS
// files).
func BenchmarkCompareDefault(b *testing.B) {
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		b.Fatal(err)
	}
	cfg := config.Default()
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg})
	if err != nil {
		b.Fatal(err)
	}
	plans := []*compare.Plan{{Name: "现行片区", Zones: ds.Zones}, {Name: "优化方案", Zones: res.Zones()}}
	c, err := compare.Compare(context.Background(), ds, plans, compare.Options{Config: cfg})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("geopackage", func(b *testing.B) {
		for b.Loop() {
			if _, err := gis.GeoPackage(c, render.Planners); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("xlsx", func(b *testing.B) {
		for b.Loop() {
			if _, err := workbook.XLSX(c, render.Planners); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("geojson", func(b *testing.B) {
		for b.Loop() {
			if _, err := gis.GeoJSON(c); err != nil {
				b.Fatal(err)
			}
		}
	})
}
