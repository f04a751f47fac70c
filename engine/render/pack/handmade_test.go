package pack_test

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// The hand-made town of engine/compare/comparetest, under the short names
// the tests of this package use.
type town = comparetest.Town

const (
	lat        = comparetest.Lat
	lonA, lonB = comparetest.LonA, comparetest.LonB
	lineForce  = comparetest.LineForce
	lineProp   = comparetest.LineProp
	xWest      = comparetest.XWest
	xStep      = comparetest.XStep
	xHouses    = comparetest.XHouses
)

func rect(w, e float64) orb.MultiPolygon                     { return comparetest.Rect(w, e) }
func zonesSplitAt(line float64) []dataset.Zone               { return comparetest.ZonesSplitAt(line) }
func handmade() *town                                        { return comparetest.New() }
func compareTown(tb testing.TB, t *town) *compare.Comparison { return comparetest.Compare(tb, t) }
