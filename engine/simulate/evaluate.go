package simulate

import (
	"github.com/hutubi-edu/zoning/engine"
)

// Evaluate counts the sections of a run's target year and evaluates the
// POLICY.md standard on them, as a simulated year is: the pupils by grade,
// classes, campus sizes, the resource indicators per student and the county
// figures (nearby ratio, migrant and disabled children). Entrants the run
// seated at a private school count as government-purchased places, unless
// their family chose it (engine.SeatPrivateChoice). The
// years between the base year and the target are not evaluated.
func Evaluate(res *engine.Result) *Year {
	ds := res.Dataset
	purchased := make([]bool, len(ds.Children))
	for _, lr := range res.Levels {
		for _, s := range lr.Seats {
			if s.School >= 0 && !ds.Schools[s.School].Public && s.Reason != engine.SeatPrivateChoice {
				purchased[s.Child] = true
			}
		}
	}
	yr := &engine.YearResult{Year: res.Year, Dataset: ds, Levels: res.Levels, Enrolment: res.Enrolment}
	return evaluate(ds, res.Year, ds.Schools, nil, res.Enrolment, yr, nil, purchased, res.Config)
}
