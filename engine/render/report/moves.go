package report

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/zones"
)

// movesListMax is the number of moved households listed per level; moves.csv
// has them all.
const movesListMax = 200

// Names of a missing zone school in the moves.
const (
	noOldZone = "（无现行片区）"
	noNewZone = "（无片区）"
)

// objectiveText names the redraw's objective in Chinese with what it means.
func objectiveText(o zones.Objective) (name, note string) {
	switch o {
	case zones.ShortestDistance:
		return "最短距离", "全体新生平均上学距离最短；现行片区只作参考，哪里能缩短距离就在哪里调整。"
	case zones.FewestMoves:
		return "最少调整", "尽量保持现行片区，只在学位不足或片区不连片时调整，调整的新生人数最少。"
	case zones.Balanced:
		return "兼顾", "兼顾上学距离与调整人数：每调整一名新生，折合增加 1 公里上学距离。"
	}
	if o == "" {
		return "未注明", ""
	}
	return string(o), ""
}

type movesView struct {
	Objective, ObjectiveNote string
	NoUnits                  bool // the run has no unit data: nothing to compare
	NoZones                  bool // the dataset has no zones in force
	Levels                   []levelMoves
	ListMax                  int
}

type levelMoves struct {
	Level, Name string
	Entrants    int
	Moved       int
	Share       string
	Households  int
	Flows       []flowRow
	Total       flowRow
	Homes       []homeRow // the first ListMax households by address
	Map         *svgMap   // the changed areas; nil when there are none
	Areas       int       // changed units with homes
}

// flowRow is one old school → new school flow of moved entrants.
type flowRow struct {
	From, To         string
	N                int
	OldMean, NewMean string // mean home-to-school distance before and after, "—" when unknown
	Delta            string // NewMean − OldMean over the entrants that have both
}

// homeRow is one moved household: no child or household id, only where it
// is and the schools.
type homeRow struct {
	Address          string
	From, To         string
	OldDist, NewDist string
	N                int // entrants of the household moved
}

// flow sums the moves of one old school → new school pair.
type flow struct {
	old, new         int     // indexes into ds.Schools, -1 for none
	n                int     // entrants
	oldN, newN       int     // of them with an old school; with a new school
	oldSum, newSum   float64 // metres, over those with the school
	bothN            int     // entrants with both schools
	bothOld, bothNew float64 // their old and new distances, metres
}

// flows groups moves by old and new school: most entrants first, then by
// old and new school index (none last).
func flows(moves []engine.Move) []flow {
	at := map[[2]int]int{}
	var out []flow
	for _, m := range moves {
		k := [2]int{m.Old, m.New}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, flow{old: m.Old, new: m.New})
		}
		f := &out[i]
		f.add(m)
	}
	last := func(j int) int { // -1 sorts last
		if j < 0 {
			return math.MaxInt
		}
		return j
	}
	slices.SortStableFunc(out, func(a, b flow) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(last(a.old), last(b.old)), cmp.Compare(last(a.new), last(b.new)))
	})
	return out
}

func (f *flow) add(m engine.Move) {
	f.n++
	if m.Old >= 0 {
		f.oldN++
		f.oldSum += m.OldDistM
	}
	if m.New >= 0 {
		f.newN++
		f.newSum += m.NewDistM
	}
	if m.Old >= 0 && m.New >= 0 {
		f.bothN++
		f.bothOld += m.OldDistM
		f.bothNew += m.NewDistM
	}
}

// row writes a flow as a table row.
func (f *flow) row(from, to string) flowRow {
	r := flowRow{From: from, To: to, N: f.n, OldMean: none, NewMean: none, Delta: none}
	if f.oldN > 0 {
		r.OldMean = metresOf(f.oldSum / float64(f.oldN))
	}
	if f.newN > 0 {
		r.NewMean = metresOf(f.newSum / float64(f.newN))
	}
	if f.bothN > 0 {
		d := (f.bothNew - f.bothOld) / float64(f.bothN)
		r.Delta = signedMetres(d)
	}
	return r
}

func movesData(v *view, _ *template.Template) (any, error) {
	out := movesView{ListMax: movesListMax}
	out.Objective, out.ObjectiveNote = objectiveText(v.res.Objective)
	switch {
	case !v.units:
		out.NoUnits = true
		return out, nil
	case !v.inForce:
		out.NoZones = true
		return out, nil
	}
	for _, lv := range v.levels {
		var moves []engine.Move
		for _, m := range v.moves {
			if m.Level == lv.lr.Level {
				moves = append(moves, m)
			}
		}
		lm := levelMoves{Level: string(lv.lr.Level), Name: lv.name, Entrants: lv.lm.Entrants, Moved: len(moves)}
		lm.Share = none
		if lm.Entrants > 0 {
			lm.Share = pctOf(float64(len(moves)) / float64(lm.Entrants))
		}
		var total flow
		for _, f := range flows(moves) {
			lm.Flows = append(lm.Flows, f.row(v.shortSection(f.old, lv.lr.Level, noOldZone), v.shortSection(f.new, lv.lr.Level, noNewZone)))
		}
		for _, m := range moves {
			total.add(m)
		}
		lm.Total = total.row("", "")
		homes := v.movedHomes(moves)
		lm.Households = len(homes)
		if len(homes) > movesListMax {
			homes = homes[:movesListMax]
		}
		lm.Homes = homes
		var err error
		if lm.Map, lm.Areas, err = v.changesMap(lv, moves); err != nil {
			return nil, err
		}
		out.Levels = append(out.Levels, lm)
	}
	return out, nil
}

// movedHomes lists the households of a level's moves, one row each, in
// address order (numbers compared as numbers), ties by household.
func (v *view) movedHomes(moves []engine.Move) []homeRow {
	type home struct {
		h   int
		row homeRow
	}
	at := map[int]int{}
	var hs []home
	for _, m := range moves {
		if i, ok := at[m.Household]; ok {
			hs[i].row.N++
			continue
		}
		at[m.Household] = len(hs)
		addr := v.ds.Households[m.Household].Address
		if addr == "" {
			addr = notice.NoAddress
		}
		r := homeRow{Address: addr, From: v.shortSection(m.Old, m.Level, noOldZone), To: v.shortSection(m.New, m.Level, noNewZone),
			OldDist: none, NewDist: none, N: 1}
		if m.Old >= 0 {
			r.OldDist = metresOf(m.OldDistM)
		}
		if m.New >= 0 {
			r.NewDist = metresOf(m.NewDistM)
		}
		hs = append(hs, home{m.Household, r})
	}
	slices.SortStableFunc(hs, func(a, b home) int {
		return cmp.Or(naturalCompare(a.row.Address, b.row.Address), cmp.Compare(a.h, b.h))
	})
	out := make([]homeRow, len(hs))
	for i := range hs {
		out[i] = hs[i].row
	}
	return out
}

// changesMap draws the areas of a level whose zone school differs from the
// zones in force: the settled cells of each unit with homes whose zone
// changes, one hatched region per old → new pair, over the new zones and
// the outlines of the zones in force (drawChanges). It returns the number
// of changed units; no map when there are none.
func (v *view) changesMap(lv *levelView, moves []engine.Move) (*svgMap, int, error) {
	lr := lv.lr
	if _, inForce := lr.ZoneInForce(0); v.geom == nil || !inForce {
		return nil, 0, nil
	}
	us := v.res.Units
	type pair struct{ old, new int }
	cells := map[pair][]geo.Cell{}
	unitPair := map[int]pair{}
	var pairs []pair
	n := 0
	for u := range us.Units {
		old, _ := lr.ZoneInForce(u)
		k := pair{old, lr.UnitZone(u)}
		if k.old == k.new || len(us.Units[u].Homes) == 0 {
			continue
		}
		if _, ok := cells[k]; !ok {
			pairs = append(pairs, k)
		}
		cells[k] = append(cells[k], us.Units[u].Cells...)
		unitPair[u] = k
		n++
	}
	if n == 0 {
		return nil, 0, nil
	}
	slices.SortFunc(pairs, func(a, b pair) int { return cmp.Or(cmp.Compare(a.old, b.old), cmp.Compare(a.new, b.new)) })
	moved := map[pair]int{}
	for _, m := range moves {
		if k, ok := unitPair[us.HomeUnit[m.Household]]; ok {
			moved[k]++
		}
	}
	areas := make([]changeArea, 0, len(pairs))
	for _, k := range pairs {
		mp, err := geo.CellsToMultiPolygon(cells[k])
		if err != nil {
			return nil, 0, fmt.Errorf("report: %s: changed units: %w", lr.Level, err)
		}
		areas = append(areas, changeArea{geom: mp, title: "原片区 " + v.zoneName(lr, k.old, noOldZone) + " → 新片区 " +
			v.zoneName(lr, k.new, noNewZone) + "：本学年新生 " + strconv.Itoa(moved[k]) + " 人改变片区学校"})
	}
	// Cell outlines are short: drawn unsimplified.
	m := v.drawChanges(lv, areas, 0, "map-"+string(lr.Level)+"-moves", lv.name+" · 片区学校改变的居住区")
	return m, n, nil
}

// changeArea is an area whose zone school changes, as a changes map draws
// it.
type changeArea struct {
	geom  orb.MultiPolygon // WGS84
	title string           // hover text
	fill  string           // colour; "" for the map's hatch
	tag   string           // label drawn inside the area; "" for none
}

// changeLayer is changed areas projected for drawing on any frame of the
// page's maps.
type changeLayer struct {
	paths []zonePath
	tags  []changeTag
	bound orb.Bound // projected, of every area; valid when hasBound
	has   bool
}

type changeTag struct {
	polys [][][]ipt
	text  string
}

// changeLayer projects areas whose zone school changes, with outlines
// simplified to tolM metres (0: as given). v.geom must not be nil.
func (v *view) changeLayer(areas []changeArea, tolM float64) changeLayer {
	g := v.geom
	var cl changeLayer
	for _, a := range areas {
		if len(a.geom) > 0 {
			if pb := g.p.bound(a.geom.Bound()); cl.has {
				cl.bound = cl.bound.Union(pb)
			} else {
				cl.bound, cl.has = pb, true
			}
		}
		polys := projectPolys(a.geom, g.p)
		if tolM > 0 {
			polys = simplifyPolys(polys, tolM)
		}
		d := pathData(polys)
		if d == "" {
			continue
		}
		cl.paths = append(cl.paths, zonePath{D: d, Fill: a.fill, Title: a.title})
		if a.tag != "" {
			cl.tags = append(cl.tags, changeTag{polys, a.tag})
		}
	}
	return cl
}

// drawChanges draws areas whose zone school changes over the level's zones
// and the dashed outlines of the zones in force (the dataset's zones), with
// outlines simplified to tolM metres (0: as given). The frame is the county
// seat's, grown to hold every area (the county's when there is no county
// seat). v.geom must not be nil.
func (v *view) drawChanges(lv *levelView, areas []changeArea, tolM float64, id, title string) *svgMap {
	g := v.geom
	cl := v.changeLayer(areas, tolM)
	var f frame
	switch {
	case g.hasSeat && cl.has:
		f = fit(g.seat.Union(cl.bound.Pad(seatMarginMinM/2)), seatW, seatH, g.p)
	case g.hasSeat:
		f = fit(g.seat, seatW, seatH, g.p)
	default:
		f = fit(g.all, soloW, soloH, g.p)
	}
	return v.drawChangesOn(lv, cl, f, id, title, false, true)
}

// drawChangesOn draws a change layer on a frame; inset and seatMap as for
// drawMap.
func (v *view) drawChangesOn(lv *levelView, cl changeLayer, f frame, id, title string, inset, seatMap bool) *svgMap {
	g := v.geom
	m := v.drawMap(lv, f, id, title, g.area, v.zonePaths(lv, g.p), inset, g.seat, seatMap)
	m.Class = "changes"
	m.Changes = cl.paths
	m.Hatch = &hatchStyle{ID: id + "-hatch", Size: num(7/f.k, 2), Stroke: num(2.2/f.k, 2)}
	m.Old = v.oldZonesPath(lv.lr.Level)
	for _, t := range cl.tags {
		// A label goes where there is room for it: 6 pixels across.
		if x, y, w := labelPoint(t.polys); w*f.k >= 6 {
			m.Tags = append(m.Tags, mapTag{X: num(f.k*x+f.dx, 1), Y: num(f.k*y+f.dy, 1), Text: t.text})
		}
	}
	return m
}

// shortSchool names a school by index without the county's name in front
// (第二小学), as the map labels do; none when j is -1.
func (v *view) shortSchool(j int, none string) string {
	if j < 0 || j >= len(v.ds.Schools) {
		return none
	}
	return shortName(v.ds.Schools[j].Name, v.ds.Meta.Name)
}

// shortSection is shortSchool for the school's section of level l
// (第三中学小学部).
func (v *view) shortSection(j int, l dataset.Level, none string) string {
	if j < 0 || j >= len(v.ds.Schools) {
		return none
	}
	return shortName(v.sectionName(j, l), v.ds.Meta.Name)
}

// oldZonesPath is the outline of a level's zones in force.
func (v *view) oldZonesPath(l dataset.Level) string {
	var polys [][][]ipt
	for _, z := range v.ds.Zones {
		if z.Level == l {
			polys = append(polys, projectPolys(z.Geometry, v.geom.p)...)
		}
	}
	return pathData(simplifyPolys(polys, simplifyM))
}

// metresOf formats metres rounded: "1234 m".
func metresOf(m float64) string { return metres(&m) }

// signedMetres formats a change of distance: "+120 m", "-35 m", "0 m".
func signedMetres(d float64) string {
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return none
	}
	r := math.Round(d)
	if r == 0 {
		return "0 m"
	}
	s := strconv.FormatFloat(r, 'f', 0, 64) + " m"
	if r > 0 {
		s = "+" + s
	}
	return s
}
