package geocode

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// east returns the point x metres east and y north of (87, 44), by the
// sphere's degrees (an oracle independent of the package's frame).
func east(x, y float64) orb.Point {
	m := 6371008.8 * math.Pi / 180
	return orb.Point{87 + x/(m*math.Cos(44*math.Pi/180)), 44 + y/m}
}

func TestLocate(t *testing.T) {
	ref := []Point{
		{Loc: east(0, 15), Address: "甲镇园林路10号"},
		{Loc: east(100, 15), Address: "甲镇园林路20号"},
		{Loc: east(50, -15), Address: "甲镇园林路15号"},
		{Loc: east(500, 500), Address: "甲镇锦华苑1栋"},
		{Loc: east(540, 500), Address: "甲镇锦华苑2栋"},
		{Loc: east(2000, 0), Address: "乙乡红山村3组5号"},
		{Loc: east(2100, 0), Address: "乙乡红山村3组6号"},
		{Loc: east(5000, 0), Address: "甲镇人民路1号"},
		{Loc: east(9000, 0), Address: "乙乡人民路1号"},
		{Loc: east(5020, 0), Address: "人民路6号"}, // 甲镇's, written without it
		{Loc: east(9100, 0), Address: "乙乡人民路9号"},
		{Loc: east(9200, 0), Address: "乙乡人民路13号"},
	}
	p := address.NewParser(nil)
	g := New(p, ref, nil)
	for _, c := range []struct {
		addr string
		conf Confidence
		at   orb.Point
		dist float64 // metres, DistanceM; −1: not checked
	}{
		{"甲镇园林路10号", Exact, east(0, 15), 0},
		{"园林路10号3单元", Exact, east(0, 15), 0}, // one township has it
		// 14 lies 2/5 of the way from 10 to 20: 40 m east.
		{"甲镇园林路14号", Interpolated, east(40, 15), 40},
		{"甲镇园林路10号附1号", Interpolated, east(0, 15), 0},
		{"甲镇锦华苑1栋2单元301室", Exact, east(500, 500), 0},
		{"甲镇锦华苑3栋", Compound, east(520, 500), 20},
		{"乙乡红山村3组7号", Village, east(2050, 0), 50},
		{"甲镇", Township, east(0, 0), -1},
		// 人民路 is in both townships: 乙乡's 6号 is not 甲镇's point written
		// without a township (of 乙乡, only the township is known)…
		{"乙乡人民路6号", Township, east(0, 0), -1},
		// …and 11号 without a township lies between known numbers in 乙乡
		// alone: 9 and 13, 150 m east of 9000.
		{"人民路11号", Interpolated, east(9150, 0), 50},
	} {
		r := g.Locate(c.addr)
		if r.Confidence != c.conf {
			t.Errorf("%s: confidence %q (%s), want %q", c.addr, r.Confidence, r.Reason, c.conf)
			continue
		}
		if c.conf == Township {
			continue
		}
		if d := geo.Distance(r.Loc, c.at); d > 0.5 {
			t.Errorf("%s: placed %.1f m from where it belongs", c.addr, d)
		}
		if c.dist >= 0 && math.Abs(r.DistanceM-c.dist) > 0.5 {
			t.Errorf("%s: distance %.1f m, want %.0f", c.addr, r.DistanceM, c.dist)
		}
	}
	for _, a := range []string{"人民路1号", "人民路6号", "丙镇和平路3号", "不知道"} {
		if r := g.Locate(a); r.Placed() || r.Reason == "" {
			t.Errorf("%s: placed %v (%s), want unplaced with a reason", a, r.Confidence, r.Reason)
		}
	}
}

// TestAlongRoad: with the road layer, an interpolated number follows the
// road round a bend instead of cutting the corner.
func TestAlongRoad(t *testing.T) {
	// An L-shaped road: 200 m east, then 200 m north; houses 10 m to its
	// left (north, then west).
	road := orb.LineString{east(0, 0), east(200, 0), east(200, 200)}
	ref := []Point{
		{Loc: east(100, 10), Address: "甲镇园林路1号"},
		{Loc: east(190, 100), Address: "甲镇园林路41号"},
	}
	g := New(address.NewParser(nil), ref, []Road{{Name: "园林路", Line: road}})
	// 1 is 100 m along the road's line and 41 is 300 m (200 + 100): 11 is a
	// quarter of the way, 150 m along, 31 three quarters, 250 m along (50 m
	// up the northward leg), both 10 m to the road's left.
	for _, c := range []struct {
		addr string
		at   orb.Point
	}{{"甲镇园林路11号", east(150, 10)}, {"甲镇园林路31号", east(190, 50)}} {
		r := g.Locate(c.addr)
		if r.Confidence != Interpolated {
			t.Fatalf("%s: confidence %q (%s)", c.addr, r.Confidence, r.Reason)
		}
		if d := geo.Distance(r.Loc, c.at); d > 1 {
			t.Errorf("%s: placed %.1f m from where the road puts it", c.addr, d)
		}
	}
}

func TestReadCSV(t *testing.T) {
	pts, err := ReadCSV("ref.csv", strings.NewReader("\uFEFFlon,lat,address\n87.1,44.2,甲镇园林路10号\n"))
	if err != nil || len(pts) != 1 || pts[0].Loc != (orb.Point{87.1, 44.2}) || pts[0].Line != 2 {
		t.Fatalf("got %v, %v", pts, err)
	}
	_, err = ReadCSV("ref.csv", strings.NewReader("lon,lat,address\n44.2,87.1,x\n87,44,\n"))
	var probs dataset.Problems
	if !errors.As(err, &probs) || len(probs) != 2 || probs[0].Line != 2 || probs[1].Line != 3 {
		t.Fatalf("got %v", err)
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("lon,lat,address\n87.1,44.2,甲镇园林路10号\n"))
	f.Add([]byte("经度,纬度,地址\n87.1,44.2,乙乡红山村3组\n\"x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		pts, err := ReadCSV("ref.csv", bytes.NewReader(b))
		if err == nil {
			g := New(address.NewParser(nil), pts, nil)
			for _, p := range pts {
				if r := g.Locate(p.Address); r.Placed() && (math.IsNaN(r.Loc[0]) || math.IsNaN(r.DistanceM)) {
					t.Fatalf("%s: NaN", p.Address)
				}
			}
		}
	})
}

func FuzzLocate(f *testing.F) {
	f.Add("甲镇园林路14号", "甲镇园林路10号", "甲镇园林路20号")
	f.Add("红山村3组7号", "乙乡红山村3组5号", "甲镇红山村3组6号")
	f.Fuzz(func(t *testing.T, q, a, b string) {
		g := New(address.NewParser(nil), []Point{{Loc: east(0, 0), Address: a}, {Loc: east(100, 0), Address: b}},
			[]Road{{Name: a, Line: orb.LineString{east(0, 0), east(100, 0)}}})
		r := g.Locate(q)
		if r.Placed() != (r.Reason == "" || r.Confidence == Township) {
			t.Fatalf("placed %v with reason %q", r.Confidence, r.Reason)
		}
	})
}
