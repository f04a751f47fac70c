package report

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// smallRoads is a road network over smallRun's town: three east–west
// streets and four north–south ones; a river (呼图壁河) along 87.012 that
// only the middle street crosses, by a bridge; a railway (兰新铁路) along
// 44.0035 that the street 87.004 crosses at grade; a canal (五支渠) along
// 87.0185 that no road crosses, inside 县二小's zone; and a lane 100 km
// east, far outside the maps.
func smallRoads(t testing.TB) *roads.Network {
	t.Helper()
	ls := func(pts ...float64) orb.LineString {
		var l orb.LineString
		for i := 0; i+1 < len(pts); i += 2 {
			l = append(l, orb.Point{pts[i], pts[i+1]})
		}
		return l
	}
	rs := []roads.Road{
		// West of the river: streets at 44.002 and 44.008 end at 87.010.
		{Line: ls(87.000, 44.002, 87.004, 44.002, 87.010, 44.002), Class: "residential", Name: "南街"},
		{Line: ls(87.000, 44.008, 87.004, 44.008, 87.010, 44.008), Class: "residential", Name: "北街"},
		// East of it: from 87.015 to 87.017, short of the canal.
		{Line: ls(87.015, 44.002, 87.017, 44.002), Class: "residential", Name: "东南街"},
		{Line: ls(87.015, 44.008, 87.017, 44.008), Class: "residential", Name: "东北街"},
		// The middle street, over the bridge, to 87.017.
		{Line: ls(87.000, 44.005, 87.004, 44.005, 87.010, 44.005, 87.011, 44.005), Class: "tertiary", Name: "大桥路"},
		{Line: ls(87.011, 44.005, 87.013, 44.005), Class: "tertiary", Name: "大桥路", Bridge: true},
		{Line: ls(87.013, 44.005, 87.015, 44.005, 87.017, 44.005), Class: "tertiary", Name: "大桥路"},
		// North–south streets, joined at the shared vertices.
		{Line: ls(87.004, 44.002, 87.004, 44.005, 87.004, 44.008), Class: "residential", Name: "园林路"},
		{Line: ls(87.010, 44.002, 87.010, 44.005, 87.010, 44.008), Class: "residential", Name: "东风路"},
		{Line: ls(87.015, 44.002, 87.015, 44.005, 87.015, 44.008), Class: "residential", Name: "天山路"},
		{Line: ls(88.300, 44.000, 88.310, 44.000), Class: "track"},
	}
	bs := []roads.Barrier{
		{Line: ls(87.012, 43.990, 87.012, 44.020), Kind: roads.River, Name: "呼图壁河"},
		{Line: ls(86.990, 44.0035, 87.0105, 44.0035), Kind: roads.Railway, Name: "兰新铁路"},
		{Line: ls(87.0185, 43.995, 87.0185, 44.015), Kind: roads.Canal, Name: "五支渠"},
	}
	net, err := roads.New(rs, bs)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// roadRun is smallRun on smallRoads: routes measured, 县二小 rural and a
// rural walking limit of 5 minutes (250 m at 50 m a minute), so that every
// check along the roads has something to count.
func roadRun(t testing.TB) *engine.Result {
	res := smallRun()
	ds := res.Dataset
	ds.Roads = smallRoads(t)
	ds.Schools[1].AreaType = "rural"
	res.Config.Policy.RuralWalkMin = 5
	res.Config.Policy.WalkSpeedMPerMin = 50
	res.Distance = engine.DistanceRoute
	sites := make([]orb.Point, len(ds.Schools))
	for j := range ds.Schools {
		sites[j] = ds.Schools[j].Loc
	}
	res.Routes = roads.NewRoutes(ds.Roads, 100_000, sites)
	for _, lr := range res.Levels {
		for i := range lr.Seats {
			st := &lr.Seats[i]
			home := ds.Households[ds.HouseholdIndex(ds.Children[st.Child].HouseholdID)].Loc
			st.RouteM = -1
			if d, ok := res.Routes.Route(home, ds.Schools[st.School].Loc); ok {
				st.RouteM = d
			}
		}
	}
	return res
}

var pathSyntax = regexp.MustCompile(`^(M-?\d+ -?\d+( -?\d+ -?\d+)+)+$`)

// TestRoadLayer: with a road layer, the maps section defines the layer
// once (one path per drawn class, well formed) and every map of it uses
// it, the legend names what is drawn, and the lane 100 km away is clipped
// off; without one, none of it.
func TestRoadLayer(t *testing.T) {
	res := roadRun(t)
	html := render(t, res, res.Metrics())
	maps := section(html, "maps")
	if n := strings.Count(html, `<g id="rdlayer">`); n != 1 {
		t.Fatalf("%d road layers defined, want 1", n)
	}
	classes := regexp.MustCompile(`<path class="(rd-[a-z]|bk-[a-z]+)" d="([^"]*)"/>`).FindAllStringSubmatch(maps, -1)
	got := map[string]string{}
	for _, c := range classes {
		got[c[1]] = c[2]
		if !pathSyntax.MatchString(c[2]) {
			t.Errorf("%s: bad path data %.80q", c[1], c[2])
		}
	}
	// Residential streets and the track are lanes, 大桥路 (tertiary) a
	// main road; the three barriers by kind; no expressway or trunk.
	for _, want := range []string{"rd-l", "rd-m", "bk-river", "bk-railway", "bk-canal"} {
		if got[want] == "" {
			t.Errorf("no %s path drawn", want)
		}
	}
	for _, not := range []string{"rd-x", "bk-trunk"} {
		if got[not] != "" {
			t.Errorf("%s drawn, but the network has none", not)
		}
	}
	svgs := strings.Count(maps, `<svg class="map`)
	if uses := strings.Count(maps, `<use class="roads" href="#rdlayer"/>`); uses != svgs || svgs == 0 {
		t.Errorf("%d maps use the road layer, want all %d", uses, svgs)
	}
	for _, want := range []string{"河流", "铁路", "干渠、支渠", "乡村道路、街巷", "县乡道路、主干道"} {
		if !strings.Contains(maps, want) {
			t.Errorf("the legend lacks %s", want)
		}
	}
	if strings.Contains(maps, "高速公路</span>") {
		t.Error("the legend names an expressway the network lacks")
	}
	// Clipping: every vertex lies within the maps' frame padded by
	// roadPadShare (the lane at 88.3° would be ~100 km east).
	v, err := newView(res, res.Metrics())
	if err != nil {
		t.Fatal(err)
	}
	g := v.geom
	pad := roadPadShare*math.Max(g.all.Max[0]-g.all.Min[0], g.all.Max[1]-g.all.Min[1]) + 1
	for class, d := range got {
		f := strings.Fields(strings.ReplaceAll(d, "M", " "))
		for i := 0; i+1 < len(f); i += 2 {
			x, _ := strconv.ParseFloat(f[i], 64)
			y, _ := strconv.ParseFloat(f[i+1], 64)
			if x < g.all.Min[0]-pad || x > g.all.Max[0]+pad || y < g.all.Min[1]-pad || y > g.all.Max[1]+pad {
				t.Errorf("%s: vertex (%g, %g) outside the frame %v padded by %g m", class, x, y, g.all, pad)
				break
			}
		}
	}

	plain := smallRun()
	html = render(t, plain, plain.Metrics())
	for _, not := range []string{"rdlayer", `class="roads"`, "rd-l", "bk-river", "乡村道路"} {
		if strings.Contains(section(html, "maps"), not) {
			t.Errorf("without a road layer the maps have %q", not)
		}
	}
}

// TestRouteChecks: the checks along the roads give metrics.json's counts,
// and the radius check says it walks.
func TestRouteChecks(t *testing.T) {
	res := roadRun(t)
	m := res.Metrics()
	if m.Distance != engine.DistanceRoute {
		t.Fatalf("metrics distance %q, want route", m.Distance)
	}
	p, j := m.Levels["primary"].Route, m.Levels["junior"].Route
	if p == nil || j == nil {
		t.Fatal("no route metrics")
	}
	// The town is built so that each count has something in it.
	if p.RuralEntrants == 0 || p.BeyondWalkLimit == 0 || p.AtGrade == 0 {
		t.Fatalf("the small town's route metrics count nothing: %+v", *p)
	}
	// Its zones keep their families on their side of every barrier (the
	// engine's tests check that); the page names a zone that does not.
	if len(p.Straddling) == 0 {
		lm := m.Levels["primary"]
		p.Straddling = []engine.Straddle{{Schools: []string{res.Dataset.Schools[0].ID}, Barriers: []string{"测试渠"}, Households: 3}}
		lm.Route = p
		m.Levels["primary"] = lm
	}
	checks := section(render(t, res, m), "checks")
	for _, want := range []string{
		"步行服务半径 500 米",
		"的已安置小学新生沿道路步行到校超过 500 米",
		"的已安置初中新生沿道路步行到校超过 1000 米",
		"在农村学校就读的小学新生 " + strconv.Itoa(p.RuralEntrants) + " 人中，" + strconv.Itoa(p.BeyondWalkLimit) + " 人沿道路步行超过 5 分钟 (约 250 米)",
		"农村小学生步行上学单程不超过 5 分钟 (按每分钟步行 50 米计",
		strconv.Itoa(p.AtGrade) + " 名已安置小学新生的上学路线在平交道口穿越铁路或高速公路",
		strconv.Itoa(len(p.Straddling)) + " 个小学片区被河流、铁路或公路分隔",
	} {
		if !strings.Contains(checks, want) {
			t.Errorf("checks lack %q", want)
		}
	}
	// Every straddling zone is named with its barriers, as metrics.json
	// lists them (named barriers by their names).
	for _, st := range p.Straddling {
		for _, b := range st.Barriers {
			if _, kind := barrierWords[b]; !kind && !strings.Contains(checks, "片区："+b) && !strings.Contains(checks, "、"+b) {
				t.Errorf("checks do not name barrier %q of the zone of %v", b, st.Schools)
			}
		}
	}
	for _, lv := range []struct {
		name string
		rm   *engine.RouteMetrics
	}{{"小学", p}, {"初中", j}} {
		want := strconv.Itoa(lv.rm.LongDetours) + " 名已安置" + lv.name + "新生上学需绕行"
		if lv.rm.LongDetours == 0 {
			want = "没有已安置" + lv.name + "新生的步行距离是直线距离的 2 倍以上"
		}
		if !strings.Contains(checks, want) {
			t.Errorf("checks lack %q", want)
		}
	}
	if strings.Contains(checks, "直线距离超过") {
		t.Error("the radius check on routes still says straight line")
	}
	// A straight-line run has none of these checks.
	plain := smallRun()
	checks = section(render(t, plain, plain.Metrics()), "checks")
	for _, not := range []string{"步行时间", "绕行", "平交道口", "片区跨越障碍", "沿道路"} {
		if strings.Contains(checks, not) {
			t.Errorf("a straight-line run's checks have %q", not)
		}
	}
	if !strings.Contains(checks, "直线距离超过") {
		t.Error("a straight-line run's radius check does not say straight line")
	}
}
