package compare_test

import (
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestOverlapDetails: compare's warning of overlapping zones names the
// zones and the households in both, through dataset.ZoneOverlaps as the
// loader and the plan readers do.
func TestOverlapDetails(t *testing.T) {
	tw := comparetest.New()
	c, both := comparetest.Overlap(t, tw)
	for _, w := range c.Warnings() {
		if w.Kind != compare.WarnOverlap {
			continue
		}
		if len(w.Overlaps) != 1 || len(w.Overlaps[0].Households) != len(both) || w.Overlaps[0].Level != dataset.Primary {
			t.Fatalf("overlaps %+v, want one of primary with %d households", w.Overlaps, len(both))
		}
		first := tw.DS.Households[both[0]]
		if s := w.String(); !strings.Contains(s, "overlap: ") || !strings.Contains(s, first.ID+` "`+first.Address+`"`) {
			t.Errorf("warning %q names neither the zones nor household %s", s, first.ID)
		}
		return
	}
	t.Fatal("no overlap warning")
}
