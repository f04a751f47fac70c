package roadnet

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// The frame's origin: a point near the equator, where a degree is about
// 111.2 km each way, so that hand computations stay simple.
var frame = NewFrame(orb.Point{0, 0})

func TestFinishJoinsCrossingRoads(t *testing.T) {
	n := &Net{}
	n.AddRoad(Road{Pts: []orb.Point{{0, 0}, {100, 0}}, Class: "residential", Name: "东西路"})
	n.AddRoad(Road{Pts: []orb.Point{{30, -50}, {30, 50}}, Class: "residential", Name: "南北路"})
	n.AddRoad(Road{Pts: []orb.Point{{60, -50}, {60, 50}}, Class: "motorway"})
	rs, _, st, err := n.Finish(frame)
	if err != nil {
		t.Fatal(err)
	}
	// 东西路 and 南北路 share (30, 0); the motorway meets nobody.
	want := frame.LonLat(orb.Point{30, 0})
	if len(rs[0].Line) != 3 || rs[0].Line[1] != want || len(rs[1].Line) != 3 || rs[1].Line[1] != want {
		t.Errorf("roads %v and %v do not share %v", rs[0].Line, rs[1].Line, want)
	}
	if len(rs[2].Line) != 2 {
		t.Errorf("the motorway got a junction: %v", rs[2].Line)
	}
	if st.Junctions != 1 {
		t.Errorf("%d junctions, want 1", st.Junctions)
	}
}

func TestFinishCutsBridges(t *testing.T) {
	tests := []struct {
		name    string
		kind    string
		road    Road
		want    []string // pieces: "" plain, "bridge", "tunnel"
		lo, hi  float64  // the crossing piece's x extent, metres
		wantErr string
	}{
		{"river bridge", River, Road{Class: "tertiary", River: true}, []string{"", "bridge", ""}, 460, 540, ""},
		{"canal bridge", Canal, Road{Class: "track"}, []string{"", "bridge", ""}, 494, 506, ""},
		{"underpass", Railway, Road{Class: "tertiary", Rail: Under}, []string{"", "tunnel", ""}, 485, 515, ""},
		{"level crossing", Railway, Road{Class: "tertiary", Rail: AtGrade}, []string{""}, 0, 0, ""},
		{"overpass", Motorway, Road{Class: "tertiary", Motor: Over}, []string{"", "bridge", ""}, 480, 520, ""},
		{"beneath", Motorway, Road{Class: "tertiary", Motor: Below}, []string{""}, 0, 0, ""},
		{"river without a bridge", River, Road{Class: "track"}, nil, 0, 0, "without a bridge"},
		{"railway without a crossing", Railway, Road{Class: "track"}, nil, 0, 0, "without a crossing"},
		{"motorway at grade", Motorway, Road{Class: "track", Motor: AtGrade}, nil, 0, 0, "at grade"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := &Net{}
			n.AddBarrier(Barrier{Pts: []orb.Point{{500, -100}, {500, 100}}, Kind: tc.kind})
			r := tc.road
			r.Pts = []orb.Point{{0, 0}, {1000, 0}}
			n.AddRoad(r)
			rs, _, _, err := n.Finish(frame)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != len(tc.want) {
				t.Fatalf("%d pieces, want %d", len(rs), len(tc.want))
			}
			for i, w := range tc.want {
				got := ""
				if rs[i].Bridge {
					got = "bridge"
				} else if rs[i].Tunnel {
					got = "tunnel"
				}
				if got != w {
					t.Errorf("piece %d is %q, want %q", i, got, w)
				}
				if i > 0 && rs[i].Line[0] != rs[i-1].Line[len(rs[i-1].Line)-1] {
					t.Errorf("pieces %d and %d do not share their end", i-1, i)
				}
			}
			if len(rs) == 3 {
				lo, hi := frame.LonLat(orb.Point{tc.lo, 0}), frame.LonLat(orb.Point{tc.hi, 0})
				if rs[1].Line[0] != lo || rs[1].Line[len(rs[1].Line)-1] != hi {
					t.Errorf("crossing piece %v, want from %v to %v", rs[1].Line, lo, hi)
				}
			}
		})
	}
}

// Connect joins a point to the nearest road it reaches without crossing the
// river, and inserts the junction into that road.
func TestConnectKeepsToItsSide(t *testing.T) {
	n := &Net{}
	n.AddBarrier(Barrier{Pts: []orb.Point{{50, -1000}, {50, 1000}}, Kind: River})
	near := n.AddRoad(Road{Pts: []orb.Point{{100, -500}, {100, 500}}, Class: "residential"})  // 60 m, across
	far := n.AddRoad(Road{Pts: []orb.Point{{-200, -500}, {-200, 500}}, Class: "residential"}) // 240 m, this side
	if !n.Connect(orb.Point{40, 10}, 1000, "track", "") {
		t.Fatal("no road reached")
	}
	if len(near.Pts) != 2 {
		t.Errorf("the road across the river got a junction: %v", near.Pts)
	}
	if len(far.Pts) != 3 || far.Pts[1] != (orb.Point{-200, 10}) {
		t.Errorf("the road on this side is %v, want a junction at (-200, 10)", far.Pts)
	}
	c := n.Roads[len(n.Roads)-1]
	if c.Class != "track" || c.Pts[0] != (orb.Point{40, 10}) || c.Pts[1] != (orb.Point{-200, 10}) {
		t.Errorf("connector %+v", c)
	}
	// Nothing on this side within reach: no connector.
	m := &Net{}
	m.AddBarrier(Barrier{Pts: []orb.Point{{50, -1000}, {50, 1000}}, Kind: Railway})
	m.AddRoad(Road{Pts: []orb.Point{{100, -500}, {100, 500}}, Class: "residential"})
	if m.Connect(orb.Point{40, 10}, 1000, "track", "") || len(m.Roads) != 1 {
		t.Error("Connect crossed the railway")
	}
	if !m.ConnectAcross(orb.Point{40, 10}, 1000, Road{Class: "track", Rail: Under}) || len(m.Roads) != 2 {
		t.Error("ConnectAcross did not reach the road across the railway")
	}
}

func TestAddStopping(t *testing.T) {
	n := &Net{}
	n.AddBarrier(Barrier{Pts: []orb.Point{{-100, 300}, {100, 300}}, Kind: Motorway})
	n.AddStopping(Road{Pts: []orb.Point{{0, 0}, {0, 1000}}, Class: "tertiary"}, 50, Motorway)
	if len(n.Roads) != 2 {
		t.Fatalf("%d roads, want 2", len(n.Roads))
	}
	a, b := n.Roads[0].Pts, n.Roads[1].Pts
	if a[len(a)-1] != (orb.Point{0, 250}) || b[0] != (orb.Point{0, 350}) || b[len(b)-1] != (orb.Point{0, 1000}) {
		t.Errorf("pieces %v and %v, want up to (0, 250) and from (0, 350)", a, b)
	}
}

// Route bends a line around a cluster of homes and back.
func TestRouteAvoids(t *testing.T) {
	var homes []orb.Point
	for x := -100.0; x <= 100; x += 20 {
		for y := -100.0; y <= 100; y += 20 {
			homes = append(homes, orb.Point{x, y})
		}
	}
	ix := NewPoints(homes, 100)
	line := Route([]orb.Point{{-2000, 0}, {2000, 0}}, 200, 600, func(a, b orb.Point) float64 {
		return 1000 * float64(ix.Near(a, b, 50))
	})
	for i := 0; i+1 < len(line); i++ {
		if k := ix.Near(line[i], line[i+1], 50); k > 0 {
			t.Errorf("segment %v–%v passes %d homes", line[i], line[i+1], k)
		}
	}
	if line[0] != (orb.Point{-2000, 0}) || line[len(line)-1] != (orb.Point{2000, 0}) {
		t.Errorf("ends moved: %v, %v", line[0], line[len(line)-1])
	}
	for _, p := range line {
		if math.Abs(p[1]) > 600+1e-9 {
			t.Errorf("vertex %v is more than 600 m off the line", p)
		}
	}
}
