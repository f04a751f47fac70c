package pack_test

import (
	"context"
	"fmt"
	"log"
	"slices"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/render/pack"
)

// The meeting pack of the hand-made town's proposal, without the PDF.
func ExampleFiles() {
	tw := comparetest.New()
	c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
		{Name: "现行片区", Zones: tw.InForce}, {Name: "调整方案", Zones: tw.Proposal}}, compare.Options{Config: config.Default()})
	if err != nil {
		log.Fatal(err)
	}
	files, _, err := pack.Files(context.Background(), c, pack.Options{PDF: pack.PDFOff})
	if err != nil {
		log.Fatal(err)
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Println(n)
	}
	// Output:
	// compare-concentration.csv
	// compare-feeders.csv
	// compare.gpkg
	// compare.html
	// compare.xlsx
	// plan1-现行片区-notice.txt
	// plan1-现行片区.geojson
	// plan2-调整方案-changes.geojson
	// plan2-调整方案-moves.csv
	// plan2-调整方案-notice.txt
	// plan2-调整方案.geojson
}
