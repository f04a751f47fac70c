package engine

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/roads"
	"github.com/hutubi-edu/zoning/zones"
)

// Distance names the distances a run can measure (config zoning.distance).
const (
	DistanceRoute    = "route"    // walking along the dataset's road layer
	DistanceStraight = "straight" // great-circle
)

// DistanceOf returns the distance a run on ds measures: "route" or
// "straight". The setting "auto" is route when ds has a road layer; route
// without one is an error.
func DistanceOf(ds *dataset.Dataset, cfg config.Config) (string, error) {
	switch cfg.Zoning.Distance {
	case "", "auto":
		if ds.Roads != nil {
			return DistanceRoute, nil
		}
		return DistanceStraight, nil
	case DistanceRoute:
		if ds.Roads == nil {
			return "", fmt.Errorf("engine: zoning.distance route: the dataset has no road layer (dataset.yaml key roads; see docs/roads.md)")
		}
		return DistanceRoute, nil
	case DistanceStraight:
		return DistanceStraight, nil
	}
	return "", fmt.Errorf("engine: zoning.distance %q (accepted: auto, route, straight)", cfg.Zoning.Distance)
}

// metricOf returns the routes as the redraw's metric, or nil (straight)
// for none.
func metricOf(r *roads.Routes) zones.Metric {
	if r == nil {
		return nil
	}
	return r
}

// schoolSites returns the locations of ds's schools.
func schoolSites(ds *dataset.Dataset) []orb.Point {
	out := make([]orb.Point, len(ds.Schools))
	for i, s := range ds.Schools {
		out[i] = s.Loc
	}
	return out
}

// homeOf returns the home of ds.Children[child].
func homeOf(ds *dataset.Dataset, child int) orb.Point {
	return ds.Households[ds.HouseholdIndex(ds.Children[child].HouseholdID)].Loc
}

// routeSeats sets each seat's RouteM (-1 without routes).
func (r *Result) routeSeats(seats []Seat) {
	for i := range seats {
		st := &seats[i]
		st.RouteM = -1
		if r.Routes == nil || st.School < 0 {
			continue
		}
		if d, ok := r.Routes.Route(homeOf(r.Dataset, st.Child), r.Dataset.Schools[st.School].Loc); ok {
			st.RouteM = d
		}
	}
}

// distance returns Result.Distance, straight for a result built by hand.
func (r *Result) distance() string {
	if r.Distance == "" {
		return DistanceStraight
	}
	return r.Distance
}

// walkM is a seated entrant's distance to school as the service radius
// counts it: along the roads for a run with routes (beyond reach, the
// cut-off plus the straight line), else the straight line.
func (r *Result) walkM(st Seat) float64 {
	if r.Routes == nil || st.School < 0 {
		return st.DistanceM
	}
	if st.RouteM >= 0 {
		return st.RouteM
	}
	return r.Routes.CutoffM() + st.DistanceM
}
