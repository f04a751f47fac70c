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
