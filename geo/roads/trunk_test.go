package roads

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// A trunk road along lat 44.190 that is also a trunk barrier, a side road
// joining it from the south at lon 86.89, one from the north at lon 86.91,
// and a motorway along lat 44.180 with a footbridge over it at lon 86.90.
func trunkTown(t *testing.T) *Network {
	t.Helper()
	trunk := orb.LineString{{86.88, 44.19}, {86.89, 44.19}, {86.90, 44.19}, {86.91, 44.19}, {86.92, 44.19}}
	motorway := orb.LineString{{86.88, 44.18}, {86.92, 44.18}}
	n, err := New([]Road{
		{Line: trunk, Class: "trunk", Name: "G312"},
		{Line: orb.LineString{{86.89, 44.188}, {86.89, 44.19}}, Class: "residential"},
		{Line: orb.LineString{{86.91, 44.19}, {86.91, 44.192}}, Class: "residential"},
		{Line: motorway, Class: "motorway", Name: "G30"},
		{Line: orb.LineString{{86.90, 44.178}, {86.90, 44.182}}, Class: "footway", Bridge: true},
		{Line: orb.LineString{{86.89, 44.182}, {86.90, 44.182}, {86.91, 44.182}}, Class: "residential"},
		{Line: orb.LineString{{86.89, 44.178}, {86.90, 44.178}, {86.91, 44.178}}, Class: "residential"},
	}, []Barrier{{Line: trunk, Kind: Trunk, Name: "G312"}, {Line: motorway, Kind: Motorway, Name: "G30"}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTrunkAndMotorway(t *testing.T) {
	n := trunkTown(t)
	want := []Crossing{
		{Loc: orb.Point{86.89, 44.19}, Barrier: 0, Road: 1, AtGrade: true},
		{Loc: orb.Point{86.91, 44.19}, Barrier: 0, Road: 2, AtGrade: true},
		{Loc: orb.Point{86.90, 44.18}, Barrier: 1, Road: 4, AtGrade: false},
	}
	if !slices.Equal(n.Crossings(), want) {
		t.Errorf("crossings %+v\nwant %+v (the trunk road is the barrier, not a crossing of it; the motorway carries no one)", n.Crossings(), want)
	}
	a := orb.Point{86.89, 44.188}
	f := n.Field(a, math.Inf(1))
	tests := []struct {
		name string
		p    orb.Point
		want []BarrierKind
	}{
		{"along the trunk to the north side road", orb.Point{86.91, 44.192}, []BarrierKind{Trunk}},
		{"along the trunk, staying south", orb.Point{86.90, 44.1899}, nil},
	}
	for _, tc := range tests {
		if got := f.AtGrade(tc.p); !slices.Equal(got, tc.want) {
			t.Errorf("%s: AtGrade = %v, want %v", tc.name, got, tc.want)
		}
	}
	// Along the trunk is walkable: south road, trunk, north road.
	p := orb.Point{86.91, 44.192}
	if d, ok := f.DistanceM(p); !ok || !near(d, pathLen(a, orb.Point{86.89, 44.19}, orb.Point{86.90, 44.19}, orb.Point{86.91, 44.19}, p), 0.01) {
		t.Errorf("DistanceM = %v, %v", d, ok)
	}
	// Over the motorway only by the footbridge: from the street north of
	// it at 86.89 to the street south of it at 86.89.
	b, c := orb.Point{86.89, 44.182}, orb.Point{86.89, 44.178}
	wantD := pathLen(b, orb.Point{86.90, 44.182}, orb.Point{86.90, 44.178}, c)
	fb := n.Field(b, math.Inf(1))
	if d, ok := fb.DistanceM(c); !ok || !near(d, wantD, 0.01) {
		t.Errorf("over the footbridge: %v, %v; want %.3f", d, ok, wantD)
	}
	if got := fb.AtGrade(c); got != nil {
		t.Errorf("over the footbridge: AtGrade %v", got)
	}
	if !n.Apart(orb.Point{86.885, 44.191}, orb.Point{86.885, 44.189}, 200) || n.Apart(orb.Point{86.885, 44.191}, orb.Point{86.885, 44.189}, 500) {
		t.Error("Apart across the trunk 400 m from a junction: want true with slack 200 m, false with 500 m")
	}
}
