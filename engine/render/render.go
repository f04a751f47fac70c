// Package render is the presentation of the engine's models: the pages,
// the workbook, the GIS files and the printouts that people read, made
// from the values that the models (engine, engine/compare,
// engine/simulate, engine/dataset, engine/notice, zones, geo) computed.
// A rendering recounts nothing the models give.
//
// The tree below imports the models and is imported only from above it:
// engine/service and cmd/zoning. No model imports it (TestLayers).
//
//	engine/render/report    report.html and compare.html: maps, charts, templates, styles
//	engine/render/browser   headless Chromium: a page printed to PDF, a screenshot
//	engine/render/workbook  compare.xlsx (excelize)
//	engine/render/gis       the comparison's GeoPackage (geo/gpkg) and GeoJSON
//	engine/render/pack      the meeting pack's files in memory, for the command line and the server
//
// This package holds what the renderings of a comparison share: whom a
// file is for (Audience) and the stem of a plan's file names (FileStem).
package render

import (
	"fmt"
	"strings"

	"github.com/hutubi-edu/zoning/engine/compare"
)

// Audience is whom a file of the meeting pack is for.
type Audience int

const (
	// Planners get everything: child and household ids, addresses to the
	// room.
	Planners Audience = iota
	// Public is a pack to hand out (parents' representatives at the
	// meeting): no list of children or households, no id, no address
	// below what the counts per compound, village and street say.
	Public
)

// FileStem is the stem of plan i's files in the pack: plan<i+1>-<name>,
// the name with path separators and spaces replaced.
func FileStem(c *compare.Comparison, i int) string {
	name := strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|', ' ', '\t', '\n', '\r':
			return '_'
		}
		return r
	}, c.Plans[i].Plan.Name)
	return fmt.Sprintf("plan%d-%s", i+1, name)
}
