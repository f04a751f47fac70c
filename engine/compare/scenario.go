package compare

import (
	"slices"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
)

// WithPlannedSections returns ds for checking plans against: a school has
// the sections it has in the dataset and those the scenario opens or builds
// in any year (1 seat where the dataset has none), so that a plan may zone
// a campus the plan opens. The year's own sections count when the plans
// are placed: a zone of a section that takes no entrants that year is
// ignored, and the pack says so.
func WithPlannedSections(ds *dataset.Dataset, sc *scenario.Scenario) *dataset.Dataset {
	if sc == nil {
		return ds
	}
	d := *ds
	d.Schools = slices.Clone(ds.Schools)
	for _, e := range sc.Events {
		if e.Kind != scenario.Open && e.Kind != scenario.Build {
			continue
		}
		j := d.SchoolIndex(e.School)
		if j < 0 {
			continue
		}
		s := &d.Schools[j]
		if v := e.Seats.Of(dataset.Primary); v != nil && *v > 0 && s.PrimarySeats == 0 {
			s.PrimarySeats = 1
		}
		if v := e.Seats.Of(dataset.Junior); v != nil && *v > 0 && s.JuniorSeats == 0 {
			s.JuniorSeats = 1
		}
	}
	return &d
}
