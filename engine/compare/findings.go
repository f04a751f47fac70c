package compare

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
)

// SectionName names a school's section of a level as the bureau's pages
// do (dataset.School.SectionName): the campus's name, with 小学部 or 初中部
// after it when the campus has sections of both levels or is a nine-year
// school (九年一贯制) and the name does not say so already.
func SectionName(s *dataset.School, l dataset.Level) string { return s.SectionName(l) }

// SchoolName names school j's section of a level (SectionName); none for
// an index out of range (−1: no school).
func (c *Comparison) SchoolName(j int, l dataset.Level, none string) string {
	if j < 0 || j >= len(c.Dataset.Schools) {
		return none
	}
	return SectionName(&c.Dataset.Schools[j], l)
}

// FarTripM is the lengthening of a trip, metres, beyond which a moved
// entrant's new school counts as much farther (LongerTrips.Far).
const FarTripM = 1000.0

// LongerTrips sums up, for one level, the entrants whose zone school
// changes and who live farther from the new school than from the old.
type LongerTrips struct {
	Level dataset.Level
	Moved int // entrants whose zone school changes
	// Longer counts those of Moved with an old and a new school whose new
	// school is farther from home; Far those farther by more than
	// FarTripM.
	Longer, Far int
	// Places are the longer trips per village, compound or street and
	// pair of schools, the largest lengthening first.
	Places []LongerPlace
}

// LongerPlace is the entrants of one place whose trip grows on moving
// from one school to another.
type LongerPlace struct {
	Level    dataset.Level
	Kind     string // KindCompound, KindVillage, KindStreet or KindOther
	Name     string // as PlaceChange.Name
	Groups   []int  // for a village: the groups of these entrants, ascending
	Old, New int    // schools, indexes into Dataset.Schools
	Entrants int    // whose trip grows
	Far      int    // of them, by more than FarTripM
	// OldMeanM and NewMeanM are the mean distances of these entrants to
	// the old and the new school, metres; MaxIncreaseM the largest
	// lengthening among them.
	OldMeanM, NewMeanM float64
	MaxIncreaseM       float64
}

// GroupsText writes the place's village groups as PlaceChange.GroupsText.
func (p LongerPlace) GroupsText() string { return PlaceChange{Groups: p.Groups}.GroupsText() }

// longerTrips sums up the moves of each level whose trip grows.
func longerTrips(parser *address.Parser, ds *dataset.Dataset, moves []engine.Move) []LongerTrips {
	var out []LongerTrips
	for _, l := range dataset.Levels {
		lt := LongerTrips{Level: l}
		type key struct {
			kind, name string
			old, new   int
		}
		at := map[key]int{}
		groups := map[key]map[int]bool{}
		for _, m := range moves {
			if m.Level != l {
				continue
			}
			lt.Moved++
			if m.Old < 0 || m.New < 0 || m.NewDistM <= m.OldDistM {
				continue
			}
			lt.Longer++
			inc := m.NewDistM - m.OldDistM
			far := inc > FarTripM
			if far {
				lt.Far++
			}
			kind, name, group := placeOf(parser, ds.Households[m.Household].Address)
			k := key{kind, name, m.Old, m.New}
			i, ok := at[k]
			if !ok {
				i = len(lt.Places)
				at[k] = i
				groups[k] = map[int]bool{}
				lt.Places = append(lt.Places, LongerPlace{Level: l, Kind: kind, Name: name, Old: m.Old, New: m.New})
			}
			p := &lt.Places[i]
			p.Entrants++
			if far {
				p.Far++
			}
			p.OldMeanM += m.OldDistM
			p.NewMeanM += m.NewDistM
			p.MaxIncreaseM = max(p.MaxIncreaseM, inc)
			if group > 0 {
				groups[k][group] = true
			}
		}
		for k, i := range at {
			p := &lt.Places[i]
			p.OldMeanM /= float64(p.Entrants)
			p.NewMeanM /= float64(p.Entrants)
			for g := range groups[k] {
				p.Groups = append(p.Groups, g)
			}
			slices.Sort(p.Groups)
		}
		slices.SortStableFunc(lt.Places, func(a, b LongerPlace) int {
			return cmp.Or(cmp.Compare(b.MaxIncreaseM, a.MaxIncreaseM), cmp.Compare(b.Entrants, a.Entrants),
				notice.NaturalCompare(a.Name, b.Name))
		})
		out = append(out, lt)
	}
	return out
}

// Growth is a school section that receives households from other zones and
// whose zone's households or entrants' mean distance more than double
// against the plan in force.
type Growth struct {
	Level  dataset.Level
	School int // index into Dataset.Schools
	// HouseholdsBefore and HouseholdsAfter are the registered households
	// of the school's zone (of the level) in force and under the proposal.
	HouseholdsBefore, HouseholdsAfter int
	// MeanBefore and MeanAfter are the mean distances of its entrants,
	// metres; nil without entrants.
	MeanBefore, MeanAfter *float64
	// Households and Distance say which of the two more than doubles.
	Households, Distance bool
}

// zoneHouseholds counts, per school, the households whose home a zone of
// the school holds at a level.
func zoneHouseholds(res *engine.Result, lr *engine.LevelResult) map[int]int {
	n := map[int]int{}
	for h := range res.Dataset.Households {
		for _, j := range zoneOf(lr, lr.HomeZoneOf(res.Units, h)) {
			n[j]++
		}
	}
	return n
}

// meanDistances gives each school section's entrants' mean distance of a
// plan's metrics, by level and school id.
func meanDistances(m engine.Metrics) map[string]*float64 {
	out := map[string]*float64{}
	for _, s := range m.Schools {
		out[s.Level+"\x00"+s.SchoolID] = s.MeanDistanceM
	}
	return out
}

// growths lists the receiving schools (those that households move to) of
// the proposal o whose zone's households or entrants' mean distance more
// than double, in the order of schools.
func growths(ds *dataset.Dataset, base, o *Outcome, schools []SchoolChange) []Growth {
	var out []Growth
	before, after := meanDistances(base.Metrics), meanDistances(o.Metrics)
	for _, sc := range schools {
		if sc.HouseholdsIn == 0 {
			continue // not a receiving school
		}
		id := string(sc.Level) + "\x00" + ds.Schools[sc.School].ID
		g := Growth{Level: sc.Level, School: sc.School, HouseholdsBefore: sc.ZoneBefore, HouseholdsAfter: sc.ZoneAfter,
			MeanBefore: before[id], MeanAfter: after[id]}
		g.Households = g.HouseholdsBefore > 0 && g.HouseholdsAfter > 2*g.HouseholdsBefore
		g.Distance = g.MeanBefore != nil && g.MeanAfter != nil && *g.MeanBefore > 0 && *g.MeanAfter > 2**g.MeanBefore
		if g.Households || g.Distance {
			out = append(out, g)
		}
	}
	return out
}

// Chinese says what more than doubles, with the school's section of the
// dataset ds: 小学五工台镇百泉村教学点接收其他片区的住户后，片区住户由 62 户增至 837 户，
// 新生平均上学距离由 213 米增至 2931 米，增加一倍以上。
func (g Growth) Chinese(ds *dataset.Dataset) string {
	var parts []string
	if g.Households {
		parts = append(parts, fmt.Sprintf("片区住户由 %d 户增至 %d 户", g.HouseholdsBefore, g.HouseholdsAfter))
	}
	if g.Distance {
		parts = append(parts, fmt.Sprintf("新生平均上学距离由 %.0f 米增至 %.0f 米", *g.MeanBefore, *g.MeanAfter))
	}
	return g.Level.Chinese() + SectionName(&ds.Schools[g.School], g.Level) + "接收其他片区的住户后，" + strings.Join(parts, "，") + "，增加一倍以上。"
}

// checkKey identifies a check across plans.
func checkKey(ck compliance.Check) string {
	return ck.Scope + "\x00" + ck.SchoolID + "\x00" + ck.Level + "\x00" + ck.Key
}

// checkChanges lists the checks that fail under the proposal and not under
// the plan in force (worse, the proposal's), and those that fail in force
// and not under the proposal (better, the plan in force's), each in the
// report's order.
func checkChanges(base, o *Outcome) (worse, better []compliance.Check) {
	failed := func(o *Outcome) map[string]bool {
		m := map[string]bool{}
		for _, ck := range o.Standard.Report.Failures() {
			m[checkKey(ck)] = true
		}
		return m
	}
	fb, fo := failed(base), failed(o)
	for _, ck := range o.Standard.Report.Failures() {
		if !fb[checkKey(ck)] {
			worse = append(worse, ck)
		}
	}
	for _, ck := range base.Standard.Report.Failures() {
		if !fo[checkKey(ck)] {
			better = append(better, ck)
		}
	}
	return worse, better
}

// checkNames name the checks in Chinese, short enough for a list.
var checkNames = map[string]string{
	compliance.KeySchoolSize:     "校额",
	compliance.KeyClassSize:      "班额",
	compliance.KeyResources6of7:  "资源配置 7 项指标达标项数",
	compliance.KeyResourcesFloor: "资源配置最低指标",
	compliance.KeyMusicRooms:     "音乐教室",
	compliance.KeyArtRooms:       "美术教室",
	compliance.KeyNearbyRatio:    "就近入学比例",
	compliance.KeyMigrantsPublic: "随迁子女在公办学校就读比例",
	compliance.KeyDisabledEnrol:  "残疾儿童少年入学率",
}

// CheckName names a check's kind in Chinese by its key: a resource
// indicator by its name, a coefficient of variation as 差异系数：name; a
// key it does not know as is.
func CheckName(key string) string {
	if s, ok := checkNames[key]; ok {
		return s
	}
	if name, _, _, ok := compliance.IndicatorName(key); ok {
		return name
	}
	if ind, ok := strings.CutPrefix(key, compliance.CVPrefix); ok {
		if name, _, _, ok := compliance.IndicatorName(ind); ok {
			return "差异系数：" + name
		}
	}
	return key
}

// CheckGroup is the checks of one kind that a proposal makes fail (or
// pass), with where: the schools' sections, or 小学, 初中, 全县.
type CheckGroup struct {
	Name   string   // CheckName
	Where  []string // in the report's order
	Checks []compliance.Check
}

// Text writes the group: 生均体育运动场馆面积（第二小学、第五中学）.
func (g CheckGroup) Text() string {
	if len(g.Where) == 0 {
		return g.Name
	}
	return g.Name + "（" + strings.Join(g.Where, "、") + "）"
}

// GroupChecks gathers checks by kind, in the order of each kind's first
// check, naming each check's school section (or level, or 全县).
func (c *Comparison) GroupChecks(checks []compliance.Check) []CheckGroup {
	var out []CheckGroup
	at := map[string]int{}
	for _, ck := range checks {
		name := CheckName(ck.Key)
		i, ok := at[name]
		if !ok {
			i = len(out)
			at[name] = i
			out = append(out, CheckGroup{Name: name})
		}
		g := &out[i]
		where := "全县"
		switch {
		case ck.SchoolID != "":
			where = ck.Name
			if j := c.Dataset.SchoolIndex(ck.SchoolID); j >= 0 {
				where = c.Dataset.Schools[j].Name
				if l := dataset.Level(ck.Level); slices.Contains(dataset.Levels, l) {
					where = SectionName(&c.Dataset.Schools[j], l)
				}
			}
			// Without the county's name in front, as the pages name schools.
			if county := CountyName(c.Dataset.Meta.Name); county != "" && len(where) > len(county) {
				where = strings.TrimPrefix(where, county)
			}
		case slices.Contains(dataset.Levels, dataset.Level(ck.Level)):
			where = dataset.Level(ck.Level).Chinese()
		}
		if !slices.Contains(g.Where, where) {
			g.Where = append(g.Where, where)
		}
		g.Checks = append(g.Checks, ck)
	}
	return out
}

// CheckText says in Chinese how a proposal changes the POLICY.md checks
// that fail against the plan in force, naming those that get worse (fail
// under it and not in force) and those that get better:
// 未达标的核查项由 52 项增至 63 项。新增未达标 14 项：班额（第二小学）；…。消除 3 项：…。
// "" for the plan in force, or when no check changes.
func (c *Comparison) CheckText(o *Outcome) string {
	if o.Change == nil || len(o.Change.Worse)+len(o.Change.Better) == 0 {
		return ""
	}
	nb, no := len(c.Plans[0].Standard.Report.Failures()), len(o.Standard.Report.Failures())
	var b strings.Builder
	switch {
	case no > nb:
		fmt.Fprintf(&b, "未达标的核查项由 %d 项增至 %d 项。", nb, no)
	case no < nb:
		fmt.Fprintf(&b, "未达标的核查项由 %d 项减至 %d 项。", nb, no)
	default:
		fmt.Fprintf(&b, "未达标的核查项仍为 %d 项。", no)
	}
	list := func(head string, checks []compliance.Check) {
		if len(checks) == 0 {
			return
		}
		var parts []string
		for _, g := range c.GroupChecks(checks) {
			parts = append(parts, g.Text())
		}
		fmt.Fprintf(&b, "%s %d 项：%s。", head, len(checks), strings.Join(parts, "；"))
	}
	list("新增未达标", o.Change.Worse)
	list("消除未达标", o.Change.Better)
	return b.String()
}
