package report

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/simulate"
	"github.com/hutubi-edu/zoning/zones"
)

// simYearSimplifyM is the Douglas–Peucker tolerance, in metres, of the
// yearly zone outlines: they follow the H3 cells of the settled area, whose
// edges (about 66 m at resolution 10) need not be drawn one by one.
const simYearSimplifyM = 45.0

type simYearMaps struct {
	Year   int
	Tab    string // data-tab of the year's button
	Levels []levelMaps
	Events int
}

type simMapsView struct {
	Years   []simYearMaps
	Skipped []int // years without zones (the base year)
	Util    []utilClass
}

// simMapsData draws each simulated year's zones, on the frame of the run's
// maps so that the years compare. The simulation keeps each year's plan
// (the units' schools) but not its polygons: they are drawn here from the
// units. A year without a result (the base year) is listed as skipped.
func simMapsData(v *view, _ *template.Template) (any, error) {
	s := v.simulation()
	if s == nil || v.geom == nil {
		return nil, nil
	}
	g := v.geom
	out := simMapsView{Util: utilClasses}
	cache := zoneCache{}
	for _, yr := range s.sim.Years {
		if yr.Result == nil || yr.Result.Dataset == nil {
			out.Skipped = append(out.Skipped, yr.Year)
			continue
		}
		res := &engine.Result{Dataset: yr.Result.Dataset, Config: v.res.Config, Year: yr.Year, Area: v.res.Area}
		for _, lr := range yr.Result.Levels {
			if lr == nil {
				return nil, fmt.Errorf("report: simulation %d: nil level result", yr.Year)
			}
			c := *lr
			if !slices.ContainsFunc(lr.Zoned, func(z engine.ZonedSchool) bool { return z.Polygon != nil }) {
				zs, err := cache.yearZones(lr, yr.Result.Units)
				if err != nil {
					return nil, fmt.Errorf("report: simulation %d %s: %w", yr.Year, lr.Level, err)
				}
				// The year's own result is left as it is.
				c.Zoned = slices.Clone(lr.Zoned)
				for k := range c.Zoned {
					if k < len(zs) {
						c.Zoned[k].Polygon = zs[k]
					}
				}
			}
			res.Levels = append(res.Levels, &c)
		}
		yv, err := newView(res, yearMetrics(res, yr))
		if err != nil {
			return nil, fmt.Errorf("report: simulation %d: %w", yr.Year, err)
		}
		ym := simYearMaps{Year: yr.Year, Tab: "y" + strconv.Itoa(yr.Year), Events: len(yr.Events)}
		yv.geom = g // the run's frame, so that the years compare
		for _, lv := range yv.levels {
			zs := yv.zonePathsTol(lv, g.p, simYearSimplifyM)
			ym.Levels = append(ym.Levels, yv.levelMaps(lv, zs, "simmap-"+strconv.Itoa(yr.Year)+"-"+string(lv.lr.Level),
				strconv.Itoa(yr.Year)+" 学年"+lv.name+"片区"))
		}
		out.Years = append(out.Years, ym)
	}
	if len(out.Years) == 0 && len(out.Skipped) == 0 {
		return nil, nil
	}
	return out, nil
}

// zoneCache holds the zones drawn so far by the set of their units: a
// zone's outline depends only on its units, and most zones are the same
// from one year to the next.
type zoneCache map[string]orb.MultiPolygon

func unitsKey(units []int) string {
	b := make([]byte, 0, 4*len(units))
	for _, u := range units {
		b = strconv.AppendInt(b, int64(u), 36)
		b = append(b, ',')
	}
	return string(b)
}

// yearZones draws a level's zones from its plan: one multipolygon per
// zoned school (shared within a multi-school zone) from the units of the
// year, nil without units.
// Zones drawn before are taken from the cache; the others are drawn in one
// call.
func (zc zoneCache) yearZones(lr *engine.LevelResult, units *zones.Units) ([]orb.MultiPolygon, error) {
	if units == nil || lr.PlanUnits() != len(units.Units) {
		return nil, nil
	}
	n := len(lr.Zones)
	members := make([][]int, n)
	for u := range lr.PlanUnits() {
		if z := lr.UnitZone(u); z >= 0 && z < n {
			members[z] = append(members[z], u)
		}
	}
	per := make([]orb.MultiPolygon, n)
	missing := false
	for z, us := range members {
		if len(us) == 0 {
			continue
		}
		if mp, ok := zc[unitsKey(us)]; ok {
			per[z] = mp
			continue
		}
		missing = true
	}
	if missing {
		for z, us := range members {
			if per[z] != nil || len(us) == 0 {
				continue
			}
			var cells []geo.Cell
			for _, u := range us {
				cells = append(cells, units.Units[u].Cells...)
			}
			slices.Sort(cells)
			mp, err := geo.CellsToMultiPolygon(cells)
			if err != nil {
				return nil, err
			}
			per[z] = mp
			zc[unitsKey(us)] = mp
		}
	}
	out := make([]orb.MultiPolygon, len(lr.Zoned))
	for k := range lr.Zoned {
		if z := lr.Zoned[k].Zone; z >= 0 && z < len(per) {
			out[k] = per[z]
		}
	}
	return out, nil
}

// yearMetrics gathers what the maps read of a simulated year's schools:
// entrants, zoned entrants and their mean distance from the seats, places
// from the capacities, pupils and seats from the year's sections, the
// campus size and its cap from the school_size checks. (engine's Metrics
// reads per-grade pupils that a simulated year does not keep.)
func yearMetrics(res *engine.Result, yr *simulate.Year) engine.Metrics {
	ds := res.Dataset
	m := engine.Metrics{Year: yr.Year, Levels: map[string]engine.LevelMetrics{}}
	type key struct{ id, level string }
	secs := map[key]simulate.Section{}
	for _, s := range yr.Sections {
		secs[key{s.SchoolID, string(s.Level)}] = s
	}
	caps := map[string]int{}
	for _, c := range yr.Report.Checks {
		if c.Key == compliance.KeySchoolSize && c.Scope == compliance.ScopeSchool && c.Limit != nil {
			caps[c.SchoolID] = int(math.Round(*c.Limit))
		}
	}
	for _, lr := range res.Levels {
		l := string(lr.Level)
		per := map[int]*engine.SchoolMetrics{}
		sum := map[int]float64{}
		n := map[int]int{}
		for _, j := range lr.Sections {
			s := &ds.Schools[j]
			sm := &engine.SchoolMetrics{SchoolID: s.ID, Level: l, Name: s.SectionName(lr.Level), CampusCap: caps[s.ID]}
			if j < len(lr.Schools) {
				sm.IntakeCapacity = lr.Schools[j].Capacity
			}
			if sec, ok := secs[key{s.ID, l}]; ok {
				sm.StudentsTotal, sm.Seats, sm.CampusTotal, sm.Classes, sm.MaxClassSize = sec.Students, sec.Seats, sec.CampusStudents, sec.Classes, sec.MaxClass
			}
			per[j] = sm
		}
		for _, st := range lr.Seats {
			sm := per[st.School]
			if sm == nil {
				continue
			}
			sm.Entrants++
			if st.Zoned {
				sm.Zoned++
			}
			if !math.IsNaN(st.DistanceM) && !math.IsInf(st.DistanceM, 0) {
				sum[st.School] += st.DistanceM
				n[st.School]++
			}
		}
		for _, j := range lr.Sections {
			sm := per[j]
			if n[j] > 0 {
				mean := sum[j] / float64(n[j])
				sm.MeanDistanceM = &mean
			}
			m.Schools = append(m.Schools, *sm)
		}
	}
	return m
}
