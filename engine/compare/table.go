package compare

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Formats of a Figure's values.
const (
	FormatInt   = "int"   // a count
	FormatPct   = "pct"   // a share 0–1, shown as a percentage
	FormatM     = "m"     // metres
	FormatKm2   = "km2"   // square kilometres
	FormatRatio = "ratio" // a plain number with three decimals (a coefficient of variation)
)

// Figure is one row of the side-by-side summary: a figure of each plan.
type Figure struct {
	Group  string // the part of the table: 小学, 初中, 全县, 调整
	Key    string // stable id: "primary.zoned_ratio", "county.failed_checks", ...
	Label  string // Chinese
	Format string // FormatInt, FormatPct, FormatM, FormatKm2 or FormatRatio
	// Better is +1 when more is better, −1 when less is, 0 when neither.
	Better int
	// Values has one value per plan, nil where the figure does not apply
	// (a ratio over nobody, a change of the plan in force).
	Values []*float64
	// Target is the POLICY.md limit the figure is held to, nil for none.
	Target *float64
}

// Summary returns the side-by-side figures of the plans: per level the
// entrants, places, nearby ratios, distances and contiguity; for the county
// the POLICY.md checks that fail and the coefficients of variation of the
// resource indicators; and, for each proposal, the entrants and households
// that change school and the area that changes.
func (c *Comparison) Summary() []Figure {
	var out []Figure
	n := len(c.Plans)
	row := func(group, key, label, format string, better int, target *float64, f func(o *Outcome) *float64) {
		fig := Figure{Group: group, Key: key, Label: label, Format: format, Better: better, Target: target, Values: make([]*float64, n)}
		for i, o := range c.Plans {
			fig.Values[i] = f(o)
		}
		out = append(out, fig)
	}
	num := func(v int) *float64 { x := float64(v); return &x }
	for _, l := range dataset.Levels {
		ls := string(l)
		g := l.Chinese()
		lm := func(o *Outcome) engine.LevelMetrics { return o.Metrics.Levels[ls] }
		pol := c.Plans[0].Result.Config.Policy
		nearby, radius := pol.NearbyRatio.Of(ls), pol.ServiceRadiusM.Of(ls)
		row(g, ls+".entrants", "入学新生（人）", FormatInt, 0, nil, func(o *Outcome) *float64 { return num(lm(o).Entrants) })
		row(g, ls+".intake_capacity", "招生计划（个学位）", FormatInt, 0, nil, func(o *Outcome) *float64 { return num(lm(o).IntakeCapacity) })
		row(g, ls+".unplaced", "未安置（人）", FormatInt, -1, nil, func(o *Outcome) *float64 { return num(lm(o).Unplaced) })
		row(g, ls+".zoned_ratio", "片区内入学比例", FormatPct, 1, nil, func(o *Outcome) *float64 { return lm(o).ZonedRatio })
		row(g, ls+".migrant_zoned_ratio", "随迁子女新生片区内入学比例", FormatPct, 1, nil, func(o *Outcome) *float64 {
			ds := o.Result.Dataset
			n, zoned := 0, 0
			if lr := o.Result.Level(l); lr != nil {
				for _, st := range lr.Seats {
					if h := ds.Household(ds.Children[st.Child].HouseholdID); h != nil && h.Hukou == dataset.Migrant {
						n++
						if st.Zoned {
							zoned++
						}
					}
				}
			}
			return engine.Ratio(zoned, n)
		})
		out = append(out, c.concentrationFigures(l)...)
		row(g, ls+".policy_nearby_ratio", "就近入学比例（达标口径）", FormatPct, 1, &nearby, func(o *Outcome) *float64 { return lm(o).PolicyNearbyRatio })
		row(g, ls+".mean_distance_m", "平均上学距离（米）", FormatM, -1, nil, func(o *Outcome) *float64 { return lm(o).MeanDistanceM })
		row(g, ls+".p90_distance_m", "90% 学生上学距离不超过（米）", FormatM, -1, nil, func(o *Outcome) *float64 { return lm(o).P90DistanceM })
		row(g, ls+".beyond_radius_share", "超出服务半径（"+DistanceLabel(radius)+"）的比例", FormatPct, -1, nil, func(o *Outcome) *float64 { return lm(o).BeyondRadiusShare })
		row(g, ls+".gap_to_lower_bound", "平均距离超出理论下限", FormatPct, -1, nil, func(o *Outcome) *float64 { return lm(o).GapToLowerBound })
		row(g, ls+".zones", "片区数", FormatInt, 0, nil, func(o *Outcome) *float64 { return num(lm(o).Zones) })
		row(g, ls+".contiguous_zones", "连成一片的片区数", FormatInt, 1, nil, func(o *Outcome) *float64 { return num(lm(o).ContiguousZones) })
		row(g, ls+".uncovered_households", "不在任何片区的住户（户）", FormatInt, -1, nil, func(o *Outcome) *float64 { return num(o.Uncovered[l]) })
		row(g, ls+".full_schools", "新生超出招生计划的学校（所）", FormatInt, -1, nil, func(o *Outcome) *float64 {
			return num(sumSchools(o, ls, func(s engine.SchoolMetrics) int { return b2i(s.Entrants > s.IntakeCapacity) }))
		})
		row(g, ls+".classes", "班级数（个）", FormatInt, 0, nil, func(o *Outcome) *float64 {
			return num(sumSchools(o, ls, func(s engine.SchoolMetrics) int { return s.Classes }))
		})
		row(g, ls+".oversized", "大班额学校（所）", FormatInt, -1, nil, func(o *Outcome) *float64 {
			return num(sumSchools(o, ls, func(s engine.SchoolMetrics) int { return b2i(s.MaxClassSize > s.ClassCap) }))
		})
		for _, key := range compliance.IndicatorKeys() {
			name, _, _, _ := compliance.IndicatorName(key)
			lim := c.Plans[0].Result.Config.Policy.CVMax.Of(ls)
			row(g, ls+".cv_"+key, "差异系数："+name, FormatRatio, -1, &lim, func(o *Outcome) *float64 {
				for _, ck := range o.Standard.Report.Checks {
					if ck.Scope == compliance.ScopeCounty && ck.Level == ls && ck.Key == compliance.CVPrefix+key {
						return ck.Value
					}
				}
				return nil
			})
		}
	}
	migrants := c.Plans[0].Result.Config.Policy.MigrantPublicShare
	row("全县", "county.migrants_public", "持居住证随迁子女在公办学校（含政府购买学位）就读比例", FormatPct, 1, &migrants, func(o *Outcome) *float64 {
		return engine.Ratio(o.Standard.County.MigrantsPublic, o.Standard.County.MigrantsEligible)
	})
	row("全县", "county.failed_checks", "未达标的核查项（项）", FormatInt, -1, nil, func(o *Outcome) *float64 {
		return num(len(o.Standard.Report.Failures()))
	})
	for _, l := range dataset.Levels {
		g := "调整（与现行片区比）"
		row(g, string(l)+".moved_entrants", l.Chinese()+"新生改变学校（人）", FormatInt, 0, nil, func(o *Outcome) *float64 {
			if o.Change == nil {
				return nil
			}
			k := 0
			for _, m := range o.Change.Moves {
				if m.Level == l {
					k++
				}
			}
			return num(k)
		})
		row(g, string(l)+".moved_households", l.Chinese()+"片区改变的住户（户）", FormatInt, 0, nil, func(o *Outcome) *float64 {
			if o.Change == nil {
				return nil
			}
			return num(o.Change.Households[l])
		})
		row(g, string(l)+".changed_area_km2", l.Chinese()+"片区改变的有住户区域面积（平方公里）", FormatKm2, 0, nil, func(o *Outcome) *float64 {
			if o.Change == nil {
				return nil
			}
			s := 0.0
			for _, a := range o.Change.Areas {
				if a.Level == l {
					s += a.AreaKm2
				}
			}
			return &s
		})
		longer := func(f func(LongerTrips) int) func(o *Outcome) *float64 {
			return func(o *Outcome) *float64 {
				if o.Change == nil {
					return nil
				}
				for _, lt := range o.Change.Longer {
					if lt.Level == l {
						return num(f(lt))
					}
				}
				return num(0)
			}
		}
		row(g, string(l)+".longer_trips", l.Chinese()+"改变学校后上学距离变远的新生（人）", FormatInt, -1, nil,
			longer(func(lt LongerTrips) int { return lt.Longer }))
		row(g, string(l)+".far_trips", l.Chinese()+"上学距离变远"+RadiusText(FarTripM)+"以上的新生（人）", FormatInt, -1, nil,
			longer(func(lt LongerTrips) int { return lt.Far }))
	}
	g := "调整（与现行片区比）"
	row(g, "county.worse_checks", "新增未达标的核查项（项）", FormatInt, -1, nil, func(o *Outcome) *float64 {
		if o.Change == nil {
			return nil
		}
		return num(len(o.Change.Worse))
	})
	row(g, "county.better_checks", "消除未达标的核查项（项）", FormatInt, 1, nil, func(o *Outcome) *float64 {
		if o.Change == nil {
			return nil
		}
		return num(len(o.Change.Better))
	})
	row(g, "county.growth_schools", "片区住户或平均上学距离增加一倍以上的学校（所）", FormatInt, -1, nil, func(o *Outcome) *float64 {
		if o.Change == nil {
			return nil
		}
		return num(len(o.Change.Growth))
	})
	return out
}

// SchoolRow is one school section across the plans.
type SchoolRow struct {
	Level  dataset.Level
	School int // index into Dataset.Schools
	ID     string
	Name   string          // the section's (SectionName)
	Plans  []SchoolFigures // one per plan
}

// SchoolFigures are one school section's figures under one plan.
type SchoolFigures struct {
	Entrants, IntakeCapacity int
	Utilisation              *float64 // entrants ÷ intake places; nil with no places
	Zoned                    int      // entrants admitted as their zone's school
	MeanDistanceM            *float64 // of the entrants
	Students, Classes        int      // the section in the year, entrants included
	MaxClassSize, ClassCap   int
	CampusStudents           int // both sections of the campus
	CampusCap                int
	// Indicators are the seven resource indicators per student (or per
	// 100 students), in compliance.IndicatorKeys order; nil when not known.
	Indicators []*float64
	// Failed are the POLICY.md checks of the section (and its campus) that
	// fail, by key.
	Failed []string
	// MovedOut and MovedIn are the moves against the plan in force.
	MovedOut, MovedIn int
}

// Schools returns every school section of the year across the plans, per
// level in the dataset's order.
func (c *Comparison) Schools() []SchoolRow {
	ds := c.Dataset
	keys := compliance.IndicatorKeys()
	var out []SchoolRow
	for _, l := range dataset.Levels {
		base := c.Plans[0].Result.Level(l)
		if base == nil {
			continue
		}
		for _, j := range base.Sections {
			s := &ds.Schools[j]
			row := SchoolRow{Level: l, School: j, ID: s.ID, Name: SectionName(s, l)}
			for _, o := range c.Plans {
				var f SchoolFigures
				for _, sm := range o.Metrics.Schools {
					if sm.Level == string(l) && sm.SchoolID == s.ID {
						f = SchoolFigures{Entrants: sm.Entrants, IntakeCapacity: sm.IntakeCapacity, Zoned: sm.Zoned,
							MeanDistanceM: sm.MeanDistanceM, Students: sm.StudentsTotal, Classes: sm.Classes,
							MaxClassSize: sm.MaxClassSize, ClassCap: sm.ClassCap, CampusStudents: sm.CampusTotal, CampusCap: sm.CampusCap}
						if sm.IntakeCapacity > 0 {
							u := float64(sm.Entrants) / float64(sm.IntakeCapacity)
							f.Utilisation = &u
						}
					}
				}
				f.Indicators = make([]*float64, len(keys))
				for _, sec := range o.Standard.County.Sections {
					if sec.SchoolID == s.ID && sec.Level == string(l) {
						for k, key := range keys {
							if v, ok := compliance.IndicatorValue(sec, key); ok {
								f.Indicators[k] = &v
							}
						}
					}
				}
				for _, ck := range o.Standard.Report.Checks {
					if ck.Scope == compliance.ScopeSchool && ck.SchoolID == s.ID && (ck.Level == string(l) || ck.Level == "") &&
						ck.Failed() && !slices.Contains(f.Failed, ck.Key) {
						f.Failed = append(f.Failed, ck.Key)
					}
				}
				if o.Change != nil {
					for _, sc := range o.Change.Schools {
						if sc.Level == l && sc.School == j {
							f.MovedOut, f.MovedIn = sc.Out, sc.In
						}
					}
				}
				row.Plans = append(row.Plans, f)
			}
			out = append(out, row)
		}
	}
	return out
}

// Headline is what a proposal changes at one level, in the few figures a
// meeting hears first.
type Headline struct {
	Plan       *Outcome
	Level      dataset.Level
	Moved      int // entrants whose zone school changes
	Entrants   int
	Households int // households whose zone changes
	// The policy nearby ratio and the mean distance in metres under the
	// plan in force (Before) and the proposal (After); nil over nobody.
	NearbyBefore, NearbyAfter *float64
	MeanBefore, MeanAfter     *float64
}

// Headlines returns, per proposal and per level the county has schools of,
// its headline against the plan in force.
func (c *Comparison) Headlines() []Headline {
	base := c.Plans[0]
	var out []Headline
	for _, o := range c.Plans[1:] {
		for _, l := range dataset.Levels {
			if lr := o.Result.Level(l); lr == nil || len(lr.Sections) == 0 {
				continue // the county has no school of the level
			}
			h := Headline{Plan: o, Level: l, Households: o.Change.Households[l]}
			for _, m := range o.Change.Moves {
				if m.Level == l {
					h.Moved++
				}
			}
			b, p := base.Metrics.Levels[string(l)], o.Metrics.Levels[string(l)]
			h.Entrants = p.Entrants
			h.NearbyBefore, h.NearbyAfter = b.PolicyNearbyRatio, p.PolicyNearbyRatio
			h.MeanBefore, h.MeanAfter = b.MeanDistanceM, p.MeanDistanceM
			out = append(out, h)
		}
	}
	return out
}

// Kinds of Warning.
const (
	WarnUncovered = "uncovered" // households in no zone of a level
	WarnOverlap   = "overlap"   // households in two zones of a level
	WarnIgnored   = "ignored"   // zones of schools that take no entrants that year
	WarnGrowth    = "growth"    // a receiving school whose households or mean distance more than double
)

// Warning is what a planner must know about a plan before trusting its
// figures.
type Warning struct {
	Plan       *Outcome
	Kind       string        // WarnUncovered, WarnOverlap, WarnIgnored or WarnGrowth
	Level      dataset.Level // "" for WarnIgnored
	Households int           // WarnUncovered, WarnOverlap
	// Overlaps are, for WarnOverlap, the zones that overlap and the
	// households in both (dataset.ZoneOverlaps, as the loader and the
	// plan readers warn of them).
	Overlaps []dataset.Overlap
	Zones    []string // WarnIgnored: the zones left out (Outcome.Ignored)
	Growth   *Growth  // WarnGrowth
}

// String is the warning in English, after the plan's name.
func (w Warning) String() string {
	switch w.Kind {
	case WarnUncovered:
		return fmt.Sprintf("%s: %d households are in no %s zone", w.Plan.Plan.Name, w.Households, w.Level)
	case WarnOverlap:
		s := fmt.Sprintf("%s: %d households are in two %s zones (the zones overlap; the first in the file counts)",
			w.Plan.Plan.Name, w.Households, w.Level)
		for _, o := range w.Overlaps {
			s += "; " + o.Problem("", w.Plan.Result.Dataset.Households).Msg
		}
		return s
	case WarnGrowth:
		g := w.Growth
		s := w.Plan.Result.Dataset.Schools[g.School]
		return fmt.Sprintf("%s: %s %s (%s) more than doubles: households of its zone %d → %d, mean distance of its entrants %s → %s",
			w.Plan.Plan.Name, g.Level, s.Name, s.ID, g.HouseholdsBefore, g.HouseholdsAfter, metresEnglish(g.MeanBefore), metresEnglish(g.MeanAfter))
	}
	return fmt.Sprintf("%s: zones of schools that take no entrants this year were left out: %v", w.Plan.Plan.Name, w.Zones)
}

// metresEnglish writes metres for Warning.String: "213 m", "n/a".
func metresEnglish(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f m", *v)
}

// Chinese is the warning in Chinese, without the plan's name (each page
// names the plan its own way).
func (w Warning) Chinese() string {
	switch w.Kind {
	case WarnUncovered:
		return fmt.Sprintf("%s有 %d 户住户不在任何片区内，这些住户的新生没有片区学校，由教育局统筹安排。", w.Level.Chinese(), w.Households)
	case WarnOverlap:
		return fmt.Sprintf("%s有 %d 户住户同时位于两个片区内（片区重叠），按文件中靠前的片区计，公告前须消除重叠。", w.Level.Chinese(), w.Households)
	case WarnGrowth:
		return w.Growth.Chinese(w.Plan.Result.Dataset)
	}
	return "以下片区的学校本学年不招收该学段新生（无招生计划或为民办），片区未被采用：" + strings.Join(w.Zones, "、") + "。"
}

// Warnings returns, per plan and level, the households that no zone holds
// and those that two zones hold, then the zones left out because their
// school takes no entrants that year, then (for a proposal) the receiving
// schools whose zone's households or entrants' mean distance more than
// double (Change.Growth).
func (c *Comparison) Warnings() []Warning {
	var out []Warning
	for _, o := range c.Plans {
		for _, l := range dataset.Levels {
			if n := o.Uncovered[l]; n > 0 {
				out = append(out, Warning{Plan: o, Kind: WarnUncovered, Level: l, Households: n})
			}
			if lr := o.Result.Level(l); lr != nil && lr.Overlapping > 0 {
				out = append(out, Warning{Plan: o, Kind: WarnOverlap, Level: l, Households: lr.Overlapping, Overlaps: lr.Overlaps})
			}
		}
		if len(o.Ignored) > 0 {
			out = append(out, Warning{Plan: o, Kind: WarnIgnored, Zones: o.Ignored})
		}
		if o.Change != nil {
			for i := range o.Change.Growth {
				g := &o.Change.Growth[i]
				out = append(out, Warning{Plan: o, Kind: WarnGrowth, Level: g.Level, Growth: g})
			}
		}
	}
	return out
}

// sumSchools adds f over the plan's school sections of a level.
func sumSchools(o *Outcome, level string, f func(engine.SchoolMetrics) int) int {
	n := 0
	for _, s := range o.Metrics.Schools {
		if s.Level == level {
			n += f(s)
		}
	}
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
