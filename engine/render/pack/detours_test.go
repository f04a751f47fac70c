package pack_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/pack"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// townRoads lays roads over comparetest's town: a street along its
// latitude, cut by a river at 86.900 (between X and 东城学校 B) whose only
// bridge is 1.67 km north, at 44.205, and crossed at grade by a railway at
// 86.885 (between 西城学校 A and X). So by hand: X's entrants walk to A
// over the railway's level crossing (in force), and to B round by the
// bridge (the proposal): 2 × 1.67 km + 2.15 km ≈ 5.5 km for 2.15 km in a
// straight line, 2.5 times, beyond both service radii.
func townRoads(t *testing.T) *roads.Network {
	t.Helper()
	lat, north := comparetest.Lat, 44.205
	rs := []roads.Road{
		{Line: orb.LineString{{86.870, lat}, {86.8995, lat}}, Class: "residential", Name: "东风路"},
		{Line: orb.LineString{{86.9005, lat}, {86.930, lat}}, Class: "residential", Name: "天山路"},
		{Line: orb.LineString{{86.8995, lat}, {86.8995, north}}, Class: "tertiary", Name: "河西路"},
		{Line: orb.LineString{{86.9005, lat}, {86.9005, north}}, Class: "tertiary", Name: "河东路"},
		{Line: orb.LineString{{86.8995, north}, {86.9005, north}}, Class: "tertiary", Name: "大桥", Bridge: true},
	}
	bs := []roads.Barrier{
		{Line: orb.LineString{{86.900, 44.17}, {86.900, 44.21}}, Kind: roads.River, Name: "呼图壁河"},
		{Line: orb.LineString{{86.885, 44.17}, {86.885, 44.21}}, Kind: roads.Railway, Name: "兰新铁路"},
	}
	net, err := roads.New(rs, bs)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// TestDetours: on the town with roads, detours.csv lists X's entrants as
// worked out by hand (townRoads), its counts sum to each plan's
// metrics.json route.long_detours and route.at_grade_crossings, it names
// places, never a child or household, and compare.html says the same.
func TestDetours(t *testing.T) {
	tw := comparetest.New()
	tw.DS.Roads = townRoads(t)
	c := comparetest.Compare(t, tw)
	files, _, err := pack.Files(context.Background(), c, pack.Options{PDF: pack.PDFOff, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	body, ok := files[pack.DetoursFile]
	if !ok {
		t.Fatal("no detours.csv on a town with roads")
	}
	if !bytes.HasPrefix(body, []byte("\ufeff")) {
		t.Error("detours.csv without the byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "plan,level,place,kind,school_id,school,detours,mean_ratio,max_ratio,mean_route_m,mean_straight_m,at_grade,crossed" {
		t.Fatalf("detours.csv: %v", rows)
	}
	type key struct{ plan, level string }
	detours, grade := map[key]int{}, map[key]int{}
	x := map[key][2]int{} // X's detours and at-grade entrants
	for _, r := range rows[1:] {
		d, err1 := strconv.Atoi(r[6])
		g, err2 := strconv.Atoi(r[11])
		if err1 != nil || err2 != nil {
			t.Fatalf("row %v", r)
		}
		k := key{r[0], r[1]}
		detours[k] += d
		grade[k] += g
		if r[2] == "城关镇幸福小区" {
			x[k] = [2]int{x[k][0] + d, x[k][1] + g}
		}
		for _, id := range r {
			if strings.HasPrefix(id, "H0") || strings.HasPrefix(id, "P0") || strings.HasPrefix(id, "J0") {
				t.Errorf("row %v names a household or a child", r)
			}
		}
		if d > 0 {
			if ratio, err := strconv.ParseFloat(r[7], 64); err != nil || ratio < 2 {
				t.Errorf("row %v: mean ratio %q, want at least 2", r, r[7])
			}
		}
		if g > 0 && r[12] != "铁路" {
			t.Errorf("row %v: crossed %q, want 铁路", r, r[12])
		}
	}
	stems := []string{"plan1-现行片区", "plan2-调整方案"}
	for i, o := range c.Plans {
		for _, l := range []dataset.Level{dataset.Primary, dataset.Junior} {
			rm := o.Metrics.Levels[string(l)].Route
			if rm == nil {
				t.Fatalf("%s %s: no route metrics", stems[i], l)
			}
			k := key{stems[i], string(l)}
			if detours[k] != rm.LongDetours || grade[k] != rm.AtGrade {
				t.Errorf("%s %s: detours %d, at grade %d; metrics %d, %d", stems[i], l, detours[k], grade[k], rm.LongDetours, rm.AtGrade)
			}
		}
	}
	// By hand: in force X's entrants cross the railway at grade to A; the
	// proposal sends them round by the bridge to B.
	for _, tc := range []struct {
		k       key
		d, g, n int
	}{
		{key{stems[0], "primary"}, 0, len(tw.XPrimary), 0},
		{key{stems[0], "junior"}, 0, len(tw.XJunior), 0},
		{key{stems[1], "primary"}, len(tw.XPrimary), 0, 0},
		{key{stems[1], "junior"}, len(tw.XJunior), 0, 0},
	} {
		if got := x[tc.k]; got != [2]int{tc.d, tc.g} {
			t.Errorf("%v: X's detours and at-grade entrants %v, want %d, %d", tc.k, got, tc.d, tc.g)
		}
	}
	page := string(files[pack.HTMLFile])
	for _, want := range []string{"绕行与平交道口", "城关镇幸福小区", "小学：绕行 " + strconv.Itoa(detours[key{stems[1], "primary"}]) + " 人",
		"沿道路绕行 (步行距离为直线距离 2 倍以上且超过服务半径) 的新生 小学 " + strconv.Itoa(detours[key{stems[0], "primary"}]) + " → " +
			strconv.Itoa(detours[key{stems[1], "primary"}]) + " 人"} {
		if !strings.Contains(page, want) {
			t.Errorf("compare.html lacks %q", want)
		}
	}

	// Without roads: no detours.csv, no section.
	plain := comparetest.Compare(t, comparetest.New())
	files, _, err = pack.Files(context.Background(), plain, pack.Options{PDF: pack.PDFOff})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := files[pack.DetoursFile]; ok {
		t.Error("detours.csv on a town without roads")
	}
	if strings.Contains(string(files[pack.HTMLFile]), "绕行与平交道口") {
		t.Error("compare.html has the detours section without roads")
	}
}
