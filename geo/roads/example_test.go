package roads_test

import (
	"fmt"

	"github.com/hutubi-edu/zoning/geo/roads"
	"github.com/paulmach/orb"
)

// A town split by a river with one bridge: from the west end of the north
// street to the west end of the south street the route goes by the bridge,
// 1.2 km east and back (figures computed by hand in the package's tests).
func ExampleNetwork_Field() {
	n, err := roads.New([]roads.Road{
		{Line: orb.LineString{{86.885, 44.192}, {86.900, 44.192}, {86.915, 44.192}}, Class: "residential", Name: "北街"},
		{Line: orb.LineString{{86.885, 44.188}, {86.900, 44.188}, {86.915, 44.188}}, Class: "residential", Name: "南街"},
		{Line: orb.LineString{{86.900, 44.192}, {86.900, 44.188}}, Class: "tertiary", Name: "大桥路", Bridge: true},
	}, []roads.Barrier{{Line: orb.LineString{{86.870, 44.190}, {86.930, 44.190}}, Kind: roads.River, Name: "呼图壁河"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	home, school := orb.Point{86.885, 44.192}, orb.Point{86.885, 44.188}
	f := n.Field(school, 5000)
	m, ok := f.DistanceM(home)
	fmt.Printf("route %.0f m (%v), crossings %d, apart %v\n", m, ok, len(n.Crossings()), n.Apart(home, school, 200))
	// Output: route 2837 m (true), crossings 1, apart true
}
