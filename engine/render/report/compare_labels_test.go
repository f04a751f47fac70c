package report

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/browser"
)

// A crowded county for the labels of the comparison's maps: 14 primary
// schools with long names 1.3 km apart on one line (the three in the east
// urban: the county seat), three rows of homes along them, each with an
// entrant, and zones in force in strips split halfway between schools; the
// proposal moves every split 300 m, alternately east and west, so that
// each pair of neighbours trades a strip of homes: 13 changed areas, small
// on the county map, among dots and labels that cannot all fit.
const (
	crowdSchools = 14
	crowdLat     = 44.0
	crowdWest    = 87.0
	crowdStep    = 0.017 // degrees of longitude between schools, about 1.35 km
	crowdShift   = 0.004 // degrees, about 320 m
)

var (
	crowdOnce sync.Once
	crowdCmp  *compare.Comparison
	crowdErr  error
)

func crowdedComparison(tb testing.TB) *compare.Comparison {
	tb.Helper()
	crowdOnce.Do(func() {
		ds := &dataset.Dataset{Meta: dataset.Meta{Name: "拥挤县 (测试)", BaseYear: compareTestYear - 1}}
		for i := range crowdSchools {
			area := dataset.Rural
			if i >= crowdSchools-3 {
				area = dataset.Urban
			}
			ds.Schools = append(ds.Schools, dataset.School{ID: fmt.Sprintf("S%02d", i),
				Name: fmt.Sprintf("拥挤县第%d村中心小学", i+1), Loc: orb.Point{crowdWest + crowdStep*float64(i), crowdLat},
				PrimarySeats: 900, AreaType: area, Public: true})
		}
		n := 0
		for x := crowdWest - 0.008; x < crowdWest+crowdStep*float64(crowdSchools-1)+0.008; x += 0.0021 {
			for k := range 3 {
				hid := fmt.Sprintf("H%04d", n)
				y := crowdLat - 0.0012 + 0.0012*float64(k)
				ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{x, y},
					Address: fmt.Sprintf("城关镇幸福路%d号", n+1), Hukou: dataset.Local})
				ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("P%04d", n), HouseholdID: hid, BirthYear: compareTestYear - 6})
				n++
			}
		}
		strips := func(shift float64) []dataset.Zone {
			var zs []dataset.Zone
			w := crowdWest - 0.02
			for i := range crowdSchools {
				e := crowdWest + crowdStep*float64(crowdSchools-1) + 0.02
				if i < crowdSchools-1 {
					e = crowdWest + crowdStep*(float64(i)+0.5)
					if i%2 == 0 {
						e += shift
					} else {
						e -= shift
					}
				}
				zs = append(zs, dataset.Zone{Level: dataset.Primary, SchoolID: ds.Schools[i].ID, Geometry: square(w, crowdLat-0.02, e, crowdLat+0.02)})
				w = e
			}
			return zs
		}
		ds.Zones = strips(0)
		ds.Boundary = square(crowdWest-0.02, crowdLat-0.02, crowdWest+crowdStep*float64(crowdSchools-1)+0.02, crowdLat+0.02)
		ds.Index()
		crowdCmp, crowdErr = compare.Compare(context.Background(), ds, []*compare.Plan{
			{Name: "现行", Zones: ds.Zones}, {Name: "交错调整", Zones: strips(crowdShift)}}, compare.Options{Year: compareTestYear, Config: config.Default()})
	})
	if crowdErr != nil {
		tb.Fatal(crowdErr)
	}
	return crowdCmp
}

// shownLabels are the labels a map shows at zoom 1, boxed as layoutLabels
// boxes them, and the schools' dots.
func shownLabels(m *svgMap) (labels []mapLabel, dots []orb.Bound) {
	for _, t := range m.Tags {
		if !t.Far {
			labels = append(labels, mapLabel{box: tagBox(t.Text, parseNum(t.X), parseNum(t.Y)), kind: "tag", text: t.Text})
		}
	}
	for _, mk := range m.Markers {
		x, y, r := parseNum(mk.X), parseNum(mk.Y), parseNum(mk.R)
		dots = append(dots, orb.Bound{Min: orb.Point{x - r, y - r}, Max: orb.Point{x + r, y + r}})
		if mk.LabelHidden {
			continue
		}
		w := textWidth(mk.Label, lblFont)
		lx, ly := x+parseNum(mk.LX), y+parseNum(mk.LY)
		x0 := lx
		switch mk.Anchor {
		case "end":
			x0 = lx - w
		case "middle":
			x0 = lx - w/2
		}
		labels = append(labels, mapLabel{box: orb.Bound{Min: orb.Point{x0, ly - 0.85*lblFont}, Max: orb.Point{x0 + w, ly + 0.15*lblFont}},
			kind: "school", text: mk.Label})
	}
	return labels, dots
}

// TestCompareLabelsApart: on every map of the comparison pages (the town's
// and the crowded county's), no two labels shown at zoom 1 overlap, no
// label covers another school's dot or leaves the map, schools are named
// by their section; and every changed area's number is shown on a map of
// its level.
func TestCompareLabelsApart(t *testing.T) {
	for name, c := range map[string]*compare.Comparison{"town": townComparison(t), "crowded": crowdedComparison(t)} {
		cv, err := newCompareView(c)
		if err != nil {
			t.Fatal(err)
		}
		var maps []*svgMap
		md, _ := cv.mapsData()
		for _, l := range md.(compareMapsView).Levels {
			for _, p := range l.Plans {
				maps = append(maps, p.Maps.County, p.Maps.Seat)
			}
		}
		cd, _ := cv.changesData()
		numbered := map[string]bool{} // level + tag shown
		areas := map[string]bool{}    // level + tag of the tables
		tags := 0
		for _, p := range cd.(changesView).Proposals {
			for _, l := range p.Levels {
				for _, a := range l.Areas {
					areas[p.Plan.Label+l.Name+a.Tag] = true
				}
				for _, m := range []*svgMap{l.Maps.County, l.Maps.Seat} {
					if m == nil {
						continue
					}
					maps = append(maps, m)
					for _, tg := range m.Tags {
						if !tg.Far {
							numbered[p.Plan.Label+l.Name+tg.Text] = true
							tags++
						}
					}
				}
			}
		}
		if name == "crowded" && len(areas) < crowdSchools-1 {
			t.Fatalf("crowded: %d changed areas, want one a split (%d)", len(areas), crowdSchools-1)
		}
		for k := range areas {
			if !numbered[k] {
				t.Errorf("%s: area %s is numbered on no map", name, k)
			}
		}
		frames := 0
		for _, m := range maps {
			if m == nil {
				continue
			}
			frames++
			labels, dots := shownLabels(m)
			for i, a := range labels {
				if a.box.Min[0] < 0 || a.box.Min[1] < 0 || a.box.Max[0] > float64(m.W) || a.box.Max[1] > float64(m.H) {
					t.Errorf("%s %s: %s %q leaves the map: %v", name, m.ID, a.kind, a.text, a.box)
				}
				for _, b := range labels[i+1:] {
					if overlaps(a.box.Pad(-labelHalo/2), b.box.Pad(-labelHalo/2)) {
						t.Errorf("%s %s: %s %q overlaps %s %q", name, m.ID, a.kind, a.text, b.kind, b.text)
					}
				}
				for k, d := range dots {
					if a.kind == "school" && m.Markers[k].Label == a.text {
						continue // its own dot
					}
					if overlaps(a.box, d) {
						t.Errorf("%s %s: %s %q covers dot %d", name, m.ID, a.kind, a.text, k)
					}
				}
			}
		}
		if frames == 0 || tags == 0 {
			t.Errorf("%s: %d maps, %d numbers: nothing to check", name, frames, tags)
		}
	}
	// The town's schools have both sections: their labels say which.
	html := renderCompare(t, townComparison(t))
	if !strings.Contains(section(html, "c-maps"), ">"+sec(shortA, "小学")+"</text>") {
		t.Errorf("the town's maps do not label %s", sec(shortA, "小学"))
	}
}

// labelsJS lists, per comparison map, the visible labels (school names,
// the areas' numbers, the county seat's box label) whose rendered boxes
// overlap by more than half a pixel each way, as "map: a / b".
const labelsJS = `(() => {
	const bad = [];
	for (const svg of document.querySelectorAll("section#c-maps svg.map, section#c-changes svg.map")) {
		const boxes = [];
		for (const el of svg.querySelectorAll("text.lbl, text.tag, g.inset text")) {
			if (getComputedStyle(el).display === "none") continue;
			const r = el.getBoundingClientRect();
			if (r.width > 0) boxes.push({t: el.textContent, r});
		}
		for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
			const a = boxes[i].r, b = boxes[j].r;
			if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5)
				bad.push(svg.id + ": " + boxes[i].t + " / " + boxes[j].t);
		}
	}
	return bad;
})()`

// renderedOverlaps loads a page in Chromium at a width and lists the
// labels that overlap as rendered.
func renderedOverlaps(t *testing.T, html []byte, width int) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var bad []string
	err := browser.Open(ctx, html, width, func(b context.Context) error {
		var err error
		bad, err = chromedp.Run(b, chromedp.Evaluate[[]string](labelsJS))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return bad
}

// TestCompareLabelsRendered measures the labels as Chromium draws them
// (the fonts of the page, not the estimates of layoutLabels) on the
// crowded county's maps, on screen and at A4's printable width: no two
// overlap. A label copied over another is found, so the check can fail.
func TestCompareLabelsRendered(t *testing.T) {
	needChromium(t)
	html, err := CompareHTML(crowdedComparison(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{1280, printWidthPx} {
		if bad := renderedOverlaps(t, html, w); len(bad) > 0 {
			t.Errorf("at %d px, labels overlap: %q", w, bad)
		}
	}
	i := bytes.Index(html, []byte(`<text class="tag"`))
	if i < 0 {
		t.Fatal("no number on the maps")
	}
	j := bytes.Index(html[i:], []byte("</text>")) + i + len("</text>")
	twice := append(append(append([]byte{}, html[:j]...), html[i:j]...), html[j:]...)
	if bad := renderedOverlaps(t, twice, 1280); len(bad) == 0 {
		t.Error("a number drawn twice at one place is not found overlapping")
	}
}
