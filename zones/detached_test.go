package zones

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestOnePiece(t *testing.T) {
	sq := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	}
	zs := []orb.MultiPolygon{
		{sq(0, 0, 1, 1), sq(5, 5, 6, 6)},         // with a detached part of the county: one piece
		{sq(1, 0, 2, 1)},                         // one polygon
		{sq(2, 0, 3, 1), sq(0, 1, 1, 2)},         // two parts, each touching another zone
		{sq(3, 0, 4, 1), sq(4, 1, 4.5, 1.5)},     // a part that touches its own other part at a corner
		nil,                                      // no zone
		{sq(10, 10, 11, 11), sq(12, 12, 13, 13)}, // the county's only zone of two islands... with others apart
		{sq(20, 20, 21, 21), sq(30, 30, 31, 31), sq(21, 20, 22, 21)}, // two parts that touch each other, and an island
	}
	want := []bool{true, true, false, false, true, true, false}
	got := OnePiece(zs)
	for j := range want {
		if got[j] != want[j] {
			t.Errorf("zone %d: OnePiece %v, want %v", j, got[j], want[j])
		}
	}
}
