package notice

import (
	"slices"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Composed is a plan's notice document, with what a reader of it should be
// told.
type Composed struct {
	Document Document
	// Outside counts, per level, the households in no zone of the level,
	// left out of its text; set when the words came from the dataset.
	Outside map[dataset.Level]int
	// Foreign is true when the words name a school the dataset lacks: they
	// are of another county, and the title leaves out the county.
	Foreign bool
}

// Compose makes the enrollment notice's document of a plan: its zones zs
// (which schools share a zone; nil when the plan has none), its words
// (zones.csv; nil: worded from ds's households located in zs, as
// DescribePlan does), and the plan's school year (0: ds's base year + 1).
// The title names ds's county when ds has every school of the words. Only
// the levels given are kept (all when nil; see SelectLevels); a document
// with no level's zones has no Plans.
func Compose(ds *dataset.Dataset, zs []dataset.Zone, words []Plan, year int, levels []string) (Composed, error) {
	var c Composed
	if words == nil {
		var err error
		if words, c.Outside, err = DescribePlan(ds, zs); err != nil {
			return c, err
		}
	}
	county := ds.Meta.Name
	if !hasSchools(ds, words) {
		county, c.Foreign = "", true
	}
	if year == 0 {
		year = ds.Meta.BaseYear + 1
	}
	c.Document = Document{Title: Title(county, year), Groups: GroupsOf(zs), Plans: SelectLevels(words, levels)}
	return c, nil
}

// hasSchools reports whether ds has every school of plans.
func hasSchools(ds *dataset.Dataset, plans []Plan) bool {
	for _, p := range plans {
		for _, z := range p.Zones {
			if ds.SchoolIndex(z.SchoolID) < 0 {
				return false
			}
		}
	}
	return true
}

// SelectLevels keeps the plans with zones of the levels given (all when
// nil): primary, then junior, then any other level in its order.
func SelectLevels(plans []Plan, levels []string) []Plan {
	rank := func(p Plan) int {
		for i, l := range dataset.Levels {
			if p.Level == string(l) {
				return i
			}
		}
		return len(dataset.Levels)
	}
	var out []Plan
	for _, p := range plans {
		if len(p.Zones) > 0 && (len(levels) == 0 || slices.Contains(levels, p.Level)) {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(x, y Plan) int { return rank(x) - rank(y) })
	return out
}
