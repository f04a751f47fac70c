package engine

import (
	"cmp"
	"slices"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
)

// MigrantGroup names a group of migrant entrants (随迁子女新生) whose
// concentration across schools is measured.
type MigrantGroup string

// The groups, in the order of metrics.json.
const (
	GroupPermit  MigrantGroup = "permit"  // migrants with a residence permit (持居住证)
	GroupOther   MigrantGroup = "other"   // migrants without one
	GroupMigrant MigrantGroup = "migrant" // both together
)

// MigrantGroups are the groups, in order.
var MigrantGroups = []MigrantGroup{GroupPermit, GroupOther, GroupMigrant}

// Chinese names the group for people.
func (g MigrantGroup) Chinese() string {
	switch g {
	case GroupPermit:
		return "持居住证随迁子女"
	case GroupOther:
		return "无居住证随迁子女"
	}
	return "随迁子女（合计）"
}

// ConcentrationFactor is how many times the level's share of a group a
// school's share must exceed for the school to be listed as concentrated.
const ConcentrationFactor = 2.0

// Concentration is how one level's migrant entrants spread across its
// schools (metrics.json levels.L.concentration): over the entrants seated
// this year at a school of the level (private schools included, the
// unplaced left out), per group the dissimilarity and isolation indices
// (docs/policy.md) and the schools where the group's share is more than
// ConcentrationFactor times the level's.
type Concentration struct {
	Entrants int                  `json:"entrants"` // seated entrants, T
	Schools  int                  `json:"schools"`  // schools with seated entrants
	Groups   []GroupConcentration `json:"groups"`   // in the order of MigrantGroups
}

// GroupConcentration is one group's figures. The indices are null when
// they are undefined: no entrant of the group, or (dissimilarity) every
// entrant in it.
type GroupConcentration struct {
	Group    MigrantGroup `json:"group"`
	Entrants int          `json:"entrants"` // M: the group's seated entrants
	Share    *float64     `json:"share"`    // M / T
	// Dissimilarity is Duncan's D of the group against the other
	// entrants: ½ Σ_j |m_j/M − (t_j−m_j)/(T−M)|, 0 (every school at the
	// level's share) to 1 (the group in schools of its own): the share of
	// the group that would have to change school for none to be over- or
	// under-represented.
	Dissimilarity *float64 `json:"dissimilarity"`
	// Isolation is Bell's xPx: Σ_j (m_j/M)·(m_j/t_j), the share of the
	// group among the entrants of the school of an average member; the
	// group's Share when it is spread evenly, 1 when it is alone.
	Isolation *float64 `json:"isolation"`
	// Concentrated lists the schools whose share of the group is above
	// ConcentrationFactor × Share, highest share first.
	Concentrated []ConcentratedSchool `json:"concentrated_schools"`
}

// ConcentratedSchool is a school whose share of a group is above
// ConcentrationFactor times the level's.
type ConcentratedSchool struct {
	SchoolID string  `json:"school_id"`
	Name     string  `json:"name"`
	Entrants int     `json:"entrants"`       // t_j: its seated entrants
	Group    int     `json:"group_entrants"` // m_j: of them, the group's
	Share    float64 `json:"share"`          // m_j / t_j
}

// Group returns the figures of group g, nil when absent.
func (c *Concentration) Group(g MigrantGroup) *GroupConcentration {
	for i := range c.Groups {
		if c.Groups[i].Group == g {
			return &c.Groups[i]
		}
	}
	return nil
}

// Dissimilarity returns Duncan and Duncan's (1955) index of dissimilarity
// of a group across units (schools): m[j] of the group among t[j] in unit
// j, ½ Σ_j |m_j/M − (t_j−m_j)/(T−M)|; nil when M is 0 or T (undefined).
// It is 0 when every unit has the group's overall share, 1 when the
// group's units hold nobody else, and does not depend on the units' order.
// m and t have the same length and 0 ≤ m[j] ≤ t[j]; a unit with t[j] = 0
// counts nothing.
func Dissimilarity(m, t []int) *float64 {
	var M, T int
	for j := range m {
		M += m[j]
		T += t[j]
	}
	if M == 0 || M == T {
		return nil
	}
	var d float64
	for j := range m {
		a := float64(m[j]) / float64(M)
		b := float64(t[j]-m[j]) / float64(T-M)
		if a > b {
			d += a - b
		} else {
			d += b - a
		}
	}
	d /= 2
	return &d
}

// Isolation returns the isolation index xPx (Lieberson 1981, after Bell
// 1954) of a group across units: Σ_j (m_j/M)(m_j/t_j), the group's share in
// the unit of its average member; nil when M is 0.
func Isolation(m, t []int) *float64 {
	M := 0
	for _, x := range m {
		M += x
	}
	if M == 0 {
		return nil
	}
	var p float64
	for j := range m {
		if t[j] > 0 && m[j] > 0 {
			p += float64(m[j]) / float64(M) * float64(m[j]) / float64(t[j])
		}
	}
	return &p
}

// groupOf returns the migrant group (GroupPermit or GroupOther) of a
// household, false for a local one.
func groupOf(h *dataset.Household) (MigrantGroup, bool) {
	switch PriorityOf(h) {
	case PriorityPermit:
		return GroupPermit, true
	case PriorityOther:
		return GroupOther, true
	}
	return "", false
}

// concentration measures the level's seated entrants.
func (r *Result) concentration(lr *LevelResult) *Concentration { return r.concentrationOf(lr, nil) }

// concentrationOf measures the level's entrants at school schoolOf(seat)
// (nil: the seat's school; whatif_equity.go), -1 for none.
func (r *Result) concentrationOf(lr *LevelResult, schoolOf func(Seat) int) *Concentration {
	ds := r.Dataset
	at := map[int]int{} // school index → position in t
	var schools []int
	var t []int
	m := make([][]int, len(MigrantGroups))
	for _, st := range lr.Seats {
		if schoolOf != nil {
			st.School = schoolOf(st)
		}
		if st.School < 0 {
			continue
		}
		j, ok := at[st.School]
		if !ok {
			j = len(t)
			at[st.School] = j
			schools = append(schools, st.School)
			t = append(t, 0)
			for g := range m {
				m[g] = append(m[g], 0)
			}
		}
		t[j]++
		if h := ds.Household(ds.Children[st.Child].HouseholdID); h != nil {
			if g, ok := groupOf(h); ok {
				m[slices.Index(MigrantGroups, g)][j]++
				m[slices.Index(MigrantGroups, GroupMigrant)][j]++
			}
		}
	}
	c := &Concentration{Schools: len(t), Groups: make([]GroupConcentration, len(MigrantGroups))}
	for _, n := range t {
		c.Entrants += n
	}
	for g, group := range MigrantGroups {
		gc := GroupConcentration{Group: group, Dissimilarity: Dissimilarity(m[g], t), Isolation: Isolation(m[g], t),
			Concentrated: []ConcentratedSchool{}}
		for _, x := range m[g] {
			gc.Entrants += x
		}
		gc.Share = Ratio(gc.Entrants, c.Entrants)
		if gc.Share != nil && gc.Entrants > 0 {
			for j, x := range m[g] {
				if share := float64(x) / float64(t[j]); share > ConcentrationFactor**gc.Share {
					s := &ds.Schools[schools[j]]
					gc.Concentrated = append(gc.Concentrated, ConcentratedSchool{SchoolID: s.ID,
						Name: s.SectionName(lr.Level), Entrants: t[j], Group: x, Share: share})
				}
			}
			slices.SortStableFunc(gc.Concentrated, func(a, b ConcentratedSchool) int {
				return cmp.Or(cmp.Compare(b.Share, a.Share), cmp.Compare(a.SchoolID, b.SchoolID))
			})
		}
		c.Groups[g] = gc
	}
	return c
}

// migrantEntrants returns the groups the equity objective prices for
// zones.Problem.Migrants: [0][h] the entrants of home h (among entrants,
// indexes into ds.Children) whose household holds a residence permit,
// [1][h] the other migrants; nh homes.
func migrantEntrants(ds *dataset.Dataset, entrants []int, nh int) [][]int {
	out := [][]int{make([]int, nh), make([]int, nh)}
	for _, ci := range entrants {
		h := ds.HouseholdIndex(ds.Children[ci].HouseholdID)
		if h < 0 || h >= nh {
			continue
		}
		if g, ok := groupOf(&ds.Households[h]); ok {
			out[slices.Index(MigrantGroups, g)][h]++
		}
	}
	return out
}

// RedrawWeights returns the weights a redraw under objective o takes from
// the configuration: for zones.Equity, its weights with
// zoning.equity_weight as the price of concentration; nil (the objective's
// own weights) otherwise.
func RedrawWeights(cfg config.Config, o zones.Objective) *zones.Weights {
	if o != zones.Equity {
		return nil
	}
	w := zones.WeightsOf(zones.Equity)
	w.Concentration = cfg.Zoning.EquityWeight
	return &w
}
