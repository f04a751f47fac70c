package simulate

import (
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Evaluate counts the sections of a run's target year and evaluates the
// docs/policy.md standard on them, as a simulated year is: the pupils by grade,
// classes, campus sizes, the resource indicators per student and the county
// figures (nearby ratio, migrant and disabled children; Shares). Entrants
// the run seated at a private school count as government-purchased places,
// unless their family chose it (Purchased). The years between the base
// year and the target are not evaluated.
func Evaluate(res *engine.Result) *Year {
	ds := res.Dataset
	yr := &engine.YearResult{Year: res.Year, Dataset: ds, Units: res.Units, Levels: res.Levels, Enrolment: res.Enrolment}
	return evaluate(ds, res.Year, ds.Schools, nil, res.Enrolment, yr, nil, Purchased(res), res.Config)
}

// Purchased marks the children (indexes into res.Dataset.Children) that
// the run seated on a place the government buys at a private (民办)
// school: every seat at a private school that the placement gave, except
// a family's own choice (engine.SeatPrivateChoice). Only the run's
// entrants are marked; the simulation marks those of every simulated year.
func Purchased(res *engine.Result) []bool {
	ds := res.Dataset
	purchased := make([]bool, len(ds.Children))
	markPurchased(purchased, ds.Schools, res.Levels)
	return purchased
}

// markPurchased marks in purchased the children that levels seated on a
// government-purchased place at schools: a seat at a private school that
// is not their family's own choice (engine.SeatPrivateChoice).
func markPurchased(purchased []bool, schools []dataset.School, levels []*engine.LevelResult) {
	for _, lr := range levels {
		for _, s := range lr.Seats {
			if s.School >= 0 && s.School < len(schools) && !schools[s.School].Public && s.Reason != engine.SeatPrivateChoice {
				purchased[s.Child] = true
			}
		}
	}
}

// Shares counts the county shares of docs/policy.md (migrant children in public
// schools, disabled children enrolled) in a run's target year, over every
// child of grades 1–9: compliance.CountShares of the run's enrolment, with
// the places Purchased marks. It is the figure Evaluate checks, and the
// one report.html and `zoning migrants` show.
func Shares(res *engine.Result) compliance.Shares {
	ds := res.Dataset
	var school []int
	if res.Enrolment != nil {
		school = res.Enrolment.School
	}
	return compliance.CountShares(ds, res.Year, ds.Schools, school, Purchased(res))
}
