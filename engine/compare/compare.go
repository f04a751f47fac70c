package compare

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// Options configure a comparison.
type Options struct {
	// Year is the school year whose entrants are placed; 0: the latest
	// year the plans' metrics.json give, else the base year + 1.
	Year   int
	Config config.Config
	// Scenario makes the county of the year: its events up to the year
	// applied, the cohorts advanced through the years before and births
	// projected, as zoning simulate does (simulate.Options.Target); nil:
	// the dataset's campuses as they stand, the years before simulated
	// all the same.
	Scenario *scenario.Scenario
	Log      *slog.Logger // progress; nil: discard
}

// Comparison is two or more plans set side by side.
type Comparison struct {
	// Dataset is the dataset with the first plan's zones as the zones in
	// force (Dataset.Zones), against which the moves are counted.
	Dataset *dataset.Dataset
	Year    int
	// Events are the scenario's events in force in the year (applied
	// that year or before); nil without a scenario.
	Events []*scenario.Event
	// Plans holds one outcome per plan, in the order given; Plans[0] is
	// the plan in force.
	Plans []*Outcome
}

// Outcome is one plan's placement of the year's entrants.
type Outcome struct {
	Plan    *Plan
	Result  *engine.Result // the entrants placed through the plan's zones
	Metrics engine.Metrics
	// Standard is the POLICY.md evaluation of the year under the plan:
	// sections, resource indicators per student, checks.
	Standard     *simulate.Year
	Descriptions []notice.Plan // each school's zone in words, per level
	// Uncovered counts, per level, the households that no zone of the
	// plan holds (a hand-drawn plan may leave gaps).
	Uncovered map[dataset.Level]int
	// Ignored lists the plan's zones of schools that take no entrants of
	// the level in the year (no intake, or not public): their homes have
	// no zone.
	Ignored []string
	// Change is against the plan in force; nil for Plans[0].
	Change *Change
}

// Change is what a proposal changes against the plan in force.
type Change struct {
	// Moves are the entrants of the year whose zone school changes, with
	// the old and new school and distances (engine.Move), per level in the
	// order of the run: the entrants of HouseholdMoves.
	Moves []engine.Move
	// HouseholdMoves are the households whose zone changes, per level in
	// household order (engine.ZoneChanges), whether or not a child of
	// theirs enters this year: counted here, listed by the workbook, the
	// GeoPackage and the moves CSV (engine.Result.MovesCSV).
	HouseholdMoves []engine.HouseholdMove
	// Households counts, per level, the registered households whose zone
	// school changes, whether or not a child of theirs enters this year.
	Households map[dataset.Level]int
	// Units are the units (a compound, a village group, a street block)
	// whose zone school changes, largest first.
	Units []UnitChange
	// Places are the households and entrants that change school, counted
	// per village, compound and street, largest first.
	Places []PlaceChange
	// Schools are, per level and school section, the entrants before and
	// after and the moves out and in, in the dataset's order.
	Schools []SchoolChange
	// Areas are the settled land whose zone school changes, one per old →
	// new pair of zones that households move between, per level those
	// with most households first, then the largest. Land without homes is
	// not counted: an area is the fine cells (H3, of the units'
	// resolution) holding the homes that move between the pair, within
	// both zones.
	Areas []AreaChange
	// Longer sums up, per level, the moved entrants whose new school is
	// farther from home than the old, by place.
	Longer []LongerTrips
	// Growth lists the receiving schools whose zone's households or
	// entrants' mean distance more than double.
	Growth []Growth
	// Worse are the POLICY.md checks that fail under the proposal and not
	// under the plan in force (the proposal's checks); Better those that
	// fail in force and no longer under the proposal (the plan in
	// force's).
	Worse, Better []compliance.Check
}

// Zone names a zone by its schools (indexes into Dataset.Schools): one
// school, or the schools of a multi-school zone; nil for none.
type Zone []int

// UnitChange is a unit of the engine whose zone school changes.
type UnitChange struct {
	Level      dataset.Level
	Name       string // the unit's most common compound, village group or street (engine.Result.UnitName)
	Old, New   Zone   // by a majority of the unit's homes
	Households int    // of the unit's households, those whose zone changes
	Entrants   int    // of them, the year's entrants of the level
}

// Place kinds.
const (
	KindCompound = "小区"
	KindVillage  = "村"
	KindStreet   = "街道"
	KindOther    = "其他"
)

// PlaceChange counts the households and entrants of one place that move
// from one zone to another.
type PlaceChange struct {
	Level dataset.Level
	Kind  string // KindCompound, KindVillage, KindStreet or KindOther
	// Name is the place with its township, e.g. 呼图壁镇锦华苑, 二十里店镇红山村,
	// 呼图壁镇东风路.
	Name       string
	Groups     []int // for a village: the groups (村民小组) that move, ascending
	Old, New   Zone
	Households int
	Entrants   int
}

// SchoolChange is one school section's entrants under the plan in force
// and the proposal, and the moves between them.
type SchoolChange struct {
	Level          dataset.Level
	School         int // index into Dataset.Schools
	Before, After  int // entrants seated there
	Out, In        int // entrants whose zone school was it and no longer is / becomes it
	HouseholdsOut  int
	HouseholdsIn   int
	IntakeCapacity int
	// ZoneBefore and ZoneAfter are the registered households of the
	// school's zone (of the level) in force and under the proposal.
	ZoneBefore, ZoneAfter int
}

// AreaChange is the settled land whose zone school goes from Old to New:
// the fine cells holding the homes that move so, within the old and the
// new zone.
type AreaChange struct {
	Level      dataset.Level
	Old, New   Zone
	Geometry   orb.MultiPolygon
	AreaKm2    float64 // on the sphere
	Households int     // the households whose zone goes from Old to New
}

// Compare places the entrants of the year through each plan and sets the
// outcomes side by side; plans[0] is the plan in force. Every plan must name
// only schools of the dataset, at levels they teach. The dataset's own zones
// in force are not used (plans[0] stands for them).
func Compare(ctx context.Context, ds *dataset.Dataset, plans []*Plan, opt Options) (*Comparison, error) {
	if len(plans) < 2 {
		return nil, fmt.Errorf("compare: %d plans: give the plan in force and at least one proposal", len(plans))
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var errs []error
	planned := WithPlannedSections(ds, opt.Scenario)
	for _, p := range plans {
		errs = append(errs, p.check(planned))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	year := opt.Year
	if year == 0 {
		for _, p := range plans {
			year = max(year, p.Year)
		}
	}
	if year == 0 {
		year = ds.Meta.BaseYear + 1
	}
	if year <= ds.Meta.BaseYear {
		return nil, fmt.Errorf("compare: year %d: the dataset's base year is %d; plans are for a later school year", year, ds.Meta.BaseYear)
	}
	d := *ds
	d.Zones = plans[0].Zones
	zs := make([][]dataset.Zone, len(plans))
	for i, p := range plans {
		zs[i] = p.Zones
	}
	log.Info("placing the entrants through each plan", "plans", len(plans), "year", year)
	sim, err := simulate.Run(ctx, &d, simulate.Options{From: year, To: year, Config: opt.Config, Scenario: opt.Scenario, Log: log,
		Target: &simulate.Target{Year: year, Plans: zs}})
	if err != nil {
		return nil, fmt.Errorf("compare: %w", err)
	}
	results := sim.Targets
	// The year's county: its campuses after the scenario's events, its
	// children with those projected (the zones in force are plans[0]'s).
	c := &Comparison{Dataset: results[0].Dataset, Year: year, Events: sim.TargetEvents}
	for i, res := range results {
		o := &Outcome{Plan: plans[i], Result: res, Metrics: res.Metrics(), Standard: simulate.Evaluate(res),
			Descriptions: sectionNames(&d, res.Descriptions()), Uncovered: map[dataset.Level]int{}}
		for _, lr := range res.Levels {
			if len(lr.Zoned) == 0 {
				continue // no school takes entrants of the level: no zones to be in
			}
			for _, z := range lr.HomeZone {
				if z < 0 {
					o.Uncovered[lr.Level]++
				}
			}
		}
		o.Ignored = ignored(&d, plans[i], res)
		c.Plans = append(c.Plans, o)
		log.Info("plan placed", "plan", plans[i].Name)
	}
	for _, o := range c.Plans[1:] {
		if o.Change, err = c.change(c.Plans[0], o); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// sectionNames copies zone descriptions with each school named by its
// section of the level (SectionName).
func sectionNames(ds *dataset.Dataset, plans []notice.Plan) []notice.Plan {
	out := make([]notice.Plan, len(plans))
	for i, p := range plans {
		out[i] = notice.Plan{Level: p.Level, Zones: slices.Clone(p.Zones)}
		for k := range out[i].Zones {
			z := &out[i].Zones[k]
			if j := ds.SchoolIndex(z.SchoolID); j >= 0 {
				z.SchoolName = SectionName(&ds.Schools[j], dataset.Level(p.Level))
			}
		}
	}
	return out
}

// ignored lists a plan's zones that the year's placement left out.
func ignored(ds *dataset.Dataset, p *Plan, res *engine.Result) []string {
	var out []string
	for _, z := range p.Zones {
		lr := res.Level(z.Level)
		j := ds.SchoolIndex(z.SchoolID)
		if lr == nil || lr.ZonedIndex(j) < 0 {
			out = append(out, z.Level.Chinese()+" "+SectionName(&ds.Schools[j], z.Level))
		}
	}
	return out
}

// zoneOf returns the schools of zone z of a level result, nil for -1.
func zoneOf(lr *engine.LevelResult, z int) Zone {
	if z < 0 || z >= len(lr.Zones) {
		return nil
	}
	return Zone(lr.Zones[z].Schools)
}

// movedHouseholds lists, per level, the households whose zone changes
// between the plan in force and the proposal o, in household order
// (engine.ZoneChanges, as a run counts its moves).
func (c *Comparison) movedHouseholds(o *Outcome) []engine.HouseholdMove {
	base := c.Plans[0].Result
	var out []engine.HouseholdMove
	for li, lr := range o.Result.Levels {
		blr := base.Levels[li]
		old := func(h int) []int { return zoneOf(blr, blr.HomeZoneOf(base.Units, h)) }
		nw := func(h int) []int { return zoneOf(lr, lr.HomeZoneOf(o.Result.Units, h)) }
		out = append(out, engine.ZoneChanges(c.Dataset, c.Year, lr.Level, lr.Entrants, old, nw)...)
	}
	return out
}

// change counts what the proposal o changes against the plan in force.
func (c *Comparison) change(base, o *Outcome) (*Change, error) {
	ds := c.Dataset
	parser := ds.Parser()
	moved := c.movedHouseholds(o)
	moves := engine.EntrantMoves(moved)
	ch := &Change{Moves: moves, HouseholdMoves: moved, Households: map[dataset.Level]int{}}
	us := o.Result.Units
	for li, lr := range o.Result.Levels {
		blr := base.Result.Levels[li]
		changed := map[int]int{} // household → its entrants of the level
		type pk struct {
			kind, name string
			old, new   string
		}
		places := map[pk]*PlaceChange{}
		groups := map[pk]map[int]bool{}
		hhOut, hhIn := map[int]int{}, map[int]int{}
		for _, hm := range moved {
			if hm.Level != lr.Level {
				continue
			}
			old, nw := Zone(hm.OldZone), Zone(hm.NewZone)
			changed[hm.Household] = len(hm.Entrants)
			ch.Households[lr.Level]++
			for _, j := range old {
				if !slices.Contains(nw, j) {
					hhOut[j]++
				}
			}
			for _, j := range nw {
				if !slices.Contains(old, j) {
					hhIn[j]++
				}
			}
			kind, name, group := placeOf(parser, ds.Households[hm.Household].Address)
			k := pk{kind, name, key(old), key(nw)}
			pc := places[k]
			if pc == nil {
				pc = &PlaceChange{Level: lr.Level, Kind: kind, Name: name, Old: old, New: nw}
				places[k] = pc
				groups[k] = map[int]bool{}
			}
			pc.Households++
			pc.Entrants += len(hm.Entrants)
			if group > 0 {
				groups[k][group] = true
			}
		}
		for k, pc := range places {
			for g := range groups[k] {
				pc.Groups = append(pc.Groups, g)
			}
			slices.Sort(pc.Groups)
			ch.Places = append(ch.Places, *pc)
		}
		// Units.
		for u := range us.Units {
			old, nw := zoneOf(blr, blr.UnitZone(u)), zoneOf(lr, lr.UnitZone(u))
			if slices.Equal(old, nw) {
				continue
			}
			uc := UnitChange{Level: lr.Level, Name: o.Result.UnitName(u), Old: old, New: nw}
			for _, h := range us.Units[u].Homes {
				if n, ok := changed[h]; ok {
					uc.Households++
					uc.Entrants += n
				}
			}
			if uc.Households > 0 {
				ch.Units = append(ch.Units, uc)
			}
		}
		// Schools.
		before, after := seated(blr), seated(lr)
		out, in := map[int]int{}, map[int]int{}
		for _, m := range moves {
			if m.Level != lr.Level {
				continue
			}
			if m.Old >= 0 {
				out[m.Old]++
			}
			if m.New >= 0 {
				in[m.New]++
			}
		}
		zb, za := zoneHouseholds(base.Result, blr), zoneHouseholds(o.Result, lr)
		for _, j := range lr.Sections {
			ch.Schools = append(ch.Schools, SchoolChange{Level: lr.Level, School: j, Before: before[j], After: after[j],
				Out: out[j], In: in[j], HouseholdsOut: hhOut[j], HouseholdsIn: hhIn[j], IntakeCapacity: lr.Schools[j].Capacity,
				ZoneBefore: zb[j], ZoneAfter: za[j]})
		}
		// Areas.
		areas, err := c.changedAreas(lr.Level, blr, lr, moved, cellResolution(base.Result, c.Plans[0].Result.Config))
		if err != nil {
			return nil, err
		}
		ch.Areas = append(ch.Areas, areas...)
	}
	ch.Longer = longerTrips(parser, ds, moves)
	ch.Growth = growths(ds, base, o, ch.Schools)
	ch.Worse, ch.Better = checkChanges(base, o)
	slices.SortStableFunc(ch.Units, func(a, b UnitChange) int {
		return cmp.Or(cmp.Compare(b.Households, a.Households), strings.Compare(a.Name, b.Name))
	})
	slices.SortStableFunc(ch.Places, func(a, b PlaceChange) int {
		return cmp.Or(cmp.Compare(levelRank(a.Level), levelRank(b.Level)), cmp.Compare(b.Households, a.Households),
			notice.NaturalCompare(a.Name, b.Name), strings.Compare(key(a.Old), key(b.Old)), strings.Compare(key(a.New), key(b.New)))
	})
	slices.SortStableFunc(ch.Areas, func(a, b AreaChange) int {
		return cmp.Or(cmp.Compare(levelRank(a.Level), levelRank(b.Level)), cmp.Compare(b.Households, a.Households),
			cmp.Compare(b.AreaKm2, a.AreaKm2))
	})
	return ch, nil
}

// levelRank orders levels as dataset.Levels does.
func levelRank(l dataset.Level) int { return slices.Index(dataset.Levels, l) }

// key is a map key of a zone.
func key(z Zone) string {
	var b strings.Builder
	for _, j := range z {
		fmt.Fprintf(&b, "%d,", j)
	}
	return b.String()
}

// seated counts a level's entrants per school.
func seated(lr *engine.LevelResult) map[int]int {
	n := map[int]int{}
	for _, s := range lr.Seats {
		if s.School >= 0 {
			n[s.School]++
		}
	}
	return n
}

// placeOf names the place of an address for the counts: its compound, its
// village (with the group), or its street, each with the township, as the
// dataset's parser p reads it.
func placeOf(p *address.Parser, addr string) (kind, name string, group int) {
	a := p.Parse(addr)
	switch {
	case a.Compound != "":
		return KindCompound, a.Township + a.Compound, 0
	case a.Village != "":
		g := 0
		fmt.Sscan(a.Group, &g)
		return KindVillage, a.Township + a.Village, g
	case a.Road != "":
		return KindStreet, a.Township + a.Road, 0
	}
	return KindOther, a.String(), 0
}

// cellResolution is the H3 resolution of the cells that measure the
// changed areas: the units' of the result, else the configuration's.
func cellResolution(res *engine.Result, cfg config.Config) int {
	if res.Units != nil {
		return res.Units.Resolution
	}
	return cfg.Zoning.H3Resolution
}

// changedAreas measures, per old → new pair of zones of a level that
// households move between, the settled land that changes: the fine cells
// (H3 cells of resolution res) holding the pair's homes, within the old
// and the new zone (where a plan has them).
func (c *Comparison) changedAreas(level dataset.Level, base, prop *engine.LevelResult, moved []engine.HouseholdMove, res int) ([]AreaChange, error) {
	geoms := func(lr *engine.LevelResult) map[string]orb.MultiPolygon {
		out := map[string]orb.MultiPolygon{}
		for k := range lr.Zoned {
			if g := lr.Zoned[k].Polygon; g != nil {
				out[key(zoneOf(lr, lr.Zoned[k].Zone))] = g
			}
		}
		return out
	}
	olds, news := geoms(base), geoms(prop)
	type pair struct {
		old, new Zone
		cells    map[geo.Cell]bool
		n        int
	}
	at := map[string]*pair{}
	var pairs []*pair
	for _, hm := range moved {
		if hm.Level != level {
			continue
		}
		k := key(hm.OldZone) + "|" + key(hm.NewZone)
		p := at[k]
		if p == nil {
			p = &pair{old: Zone(hm.OldZone), new: Zone(hm.NewZone), cells: map[geo.Cell]bool{}}
			at[k] = p
			pairs = append(pairs, p)
		}
		p.n++
		cell, err := geo.CellOf(c.Dataset.Households[hm.Household].Loc, res)
		if err != nil {
			return nil, fmt.Errorf("compare: %s: changed area: household %s: %w", level, c.Dataset.Households[hm.Household].ID, err)
		}
		p.cells[cell] = true
	}
	var out []AreaChange
	for _, p := range pairs {
		cells := make([]geo.Cell, 0, len(p.cells))
		for cell := range p.cells {
			cells = append(cells, cell)
		}
		slices.Sort(cells)
		g, err := geo.CellsToMultiPolygon(cells)
		if err != nil {
			return nil, fmt.Errorf("compare: %s: changed area: %w", level, err)
		}
		for _, z := range []orb.MultiPolygon{olds[key(p.old)], news[key(p.new)]} {
			if z == nil || len(g) == 0 {
				continue
			}
			if g, err = geos.Intersection(g, z); err != nil {
				return nil, fmt.Errorf("compare: %s: changed area: %w", level, err)
			}
		}
		out = append(out, AreaChange{Level: level, Old: p.old, New: p.new, Geometry: g, AreaKm2: orbgeo.Area(g) / 1e6, Households: p.n})
	}
	return out, nil
}
