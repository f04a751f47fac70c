package service

import (
	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// The web map's equity layer (issue 15): the feeder lines (小学对口初中,
// metrics.json feeders) and the migrant entrants' concentration per level
// (metrics.json levels.L.concentration), served by GET /api/v1/web/equity
// and recomputed by the planner's what-if (whatif.go). Aggregates per
// school only: no household data.

// WebFeeder is one primary school's feeder line: from its campus to the
// campus of the junior school it feeds, with the share of its zone's
// entrants living in that junior school's zone.
type WebFeeder struct {
	SchoolID       string     `json:"school_id"`
	Name           string     `json:"name"`
	Location       orb.Point  `json:"location"`         // the primary campus, WGS84 [lon, lat]
	JuniorID       string     `json:"junior_school_id"` // "" for none
	JuniorName     string     `json:"junior_name"`
	JuniorLocation *orb.Point `json:"junior_location"` // WGS84 [lon, lat]; null for none
	Source         string     `json:"source"`          // feeds, plan, campus or nearest (engine.Feeder.Source)
	Entrants       int        `json:"entrants"`        // of the primary zone
	Share          *float64   `json:"share"`           // of them living in the junior school's zone; null without a home
	Straddles      bool       `json:"straddles"`       // the zone's entrants live in two junior zones or more (metrics.json feeder_splits)
}

// WebEquity is the answer of GET /api/v1/web/equity.
type WebEquity struct {
	Feeders []WebFeeder        `json:"feeders"` // [] without both levels
	Levels  []WebConcentration `json:"levels"`  // in the run's order
}

// WebConcentration is one level's migrant entrants' concentration.
type WebConcentration struct {
	Level         string                `json:"level"`
	Name          string                `json:"name"`
	Concentration *engine.Concentration `json:"concentration"` // null when the figures lack it
}

// webFeeders returns the feeder lines of metrics.json's feeders and
// feeder_splits; rows naming a school absent from ds are left out.
func webFeeders(ds *dataset.Dataset, rows []engine.FeederMetrics, splits []engine.FeederSplit) []WebFeeder {
	at := make(map[string]int, len(ds.Schools))
	for j, s := range ds.Schools {
		at[s.ID] = j
	}
	split := map[string]bool{}
	for _, s := range splits {
		split[s.SchoolID] = true
	}
	out := []WebFeeder{}
	for _, f := range rows {
		j, ok := at[f.SchoolID]
		if !ok {
			continue
		}
		wf := WebFeeder{SchoolID: f.SchoolID, Name: f.Name, Location: ds.Schools[j].Loc, JuniorID: f.JuniorID,
			JuniorName: f.JuniorName, Source: f.Source, Entrants: f.Entrants, Share: f.Share, Straddles: split[f.SchoolID]}
		if k, ok := at[f.JuniorID]; ok && f.JuniorID != "" {
			loc := ds.Schools[k].Loc
			wf.JuniorLocation = &loc
		}
		out = append(out, wf)
	}
	return out
}

// webEquity returns the equity layer of figures m over levels.
func webEquity(ds *dataset.Dataset, m engine.Metrics, levels []dataset.Level) WebEquity {
	e := WebEquity{Feeders: webFeeders(ds, m.Feeders, m.FeederSplits), Levels: []WebConcentration{}}
	for _, l := range levels {
		e.Levels = append(e.Levels, WebConcentration{Level: string(l), Name: l.Chinese(), Concentration: m.Levels[string(l)].Concentration})
	}
	return e
}
