package compare

import (
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// concentrationFigures are the summary's rows of the migrant entrants'
// concentration across a level's schools (metrics.json
// levels.L.concentration): per group the dissimilarity and isolation
// indices, and the schools whose share of all migrant entrants is above
// engine.ConcentrationFactor times the level's.
func (c *Comparison) concentrationFigures(l dataset.Level) []Figure {
	ls, g := string(l), l.Chinese()
	group := func(o *Outcome, mg engine.MigrantGroup) *engine.GroupConcentration {
		if cc := o.Metrics.Levels[ls].Concentration; cc != nil {
			return cc.Group(mg)
		}
		return nil
	}
	var out []Figure
	row := func(key, label, format string, f func(o *Outcome) *float64) {
		fig := Figure{Group: g, Key: ls + "." + key, Label: label, Format: format, Better: -1, Values: make([]*float64, len(c.Plans))}
		for i, o := range c.Plans {
			fig.Values[i] = f(o)
		}
		out = append(out, fig)
	}
	for _, mg := range engine.MigrantGroups {
		row("dissimilarity_"+string(mg), mg.Chinese()+"新生分布差异指数（D）", FormatRatio, func(o *Outcome) *float64 {
			if gc := group(o, mg); gc != nil {
				return gc.Dissimilarity
			}
			return nil
		})
		row("isolation_"+string(mg), mg.Chinese()+"新生隔离指数（xPx）", FormatRatio, func(o *Outcome) *float64 {
			if gc := group(o, mg); gc != nil {
				return gc.Isolation
			}
			return nil
		})
	}
	row("concentrated_schools", "随迁子女新生比例超过全县两倍的学校（所）", FormatInt, func(o *Outcome) *float64 {
		gc := group(o, engine.GroupMigrant)
		if gc == nil {
			return nil
		}
		n := float64(len(gc.Concentrated))
		return &n
	})
	return out
}

// ConcentrationRow is one group's concentration across one level's schools
// under one plan: the plan-against-plan table of the meeting pack.
type ConcentrationRow struct {
	Level dataset.Level
	Plan  int // index into Comparison.Plans
	engine.GroupConcentration
}

// Concentration returns, per level, group and plan (in that order), the
// migrant entrants' concentration across the schools.
func (c *Comparison) Concentration() []ConcentrationRow {
	var out []ConcentrationRow
	for _, l := range dataset.Levels {
		for _, mg := range engine.MigrantGroups {
			for i, o := range c.Plans {
				cc := o.Metrics.Levels[string(l)].Concentration
				if cc == nil {
					continue
				}
				if gc := cc.Group(mg); gc != nil {
					out = append(out, ConcentrationRow{Level: l, Plan: i, GroupConcentration: *gc})
				}
			}
		}
	}
	return out
}
