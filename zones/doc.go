// Package zones holds zone plans and the redraw: the units that zones are
// made of, the assignment of units to schools, the zone polygons built from
// them, and the metrics of a plan (contiguity, distances, the lower bound).
//
// A unit is a set of H3 cells: the cells of one group of homes that a zone
// boundary must not split (a residential compound, 小区, or a village group,
// 村民小组) where the group is compact, within Units.MaxDiameterM (600 m by
// default; a wider group is split by location and reported), together with
// the empty cells nearest to it, so that the units of a dataset cover its
// whole zoned area. The unit graph joins two units exactly where their
// polygons share a border, so a zone connected on the graph is one polygon.
// A plan assigns every unit to one school per level; a zone is the union of
// the cells of a school's units, clipped to the zoned area.
//
// Distances are great-circle by default; Problem.Metric measures them
// otherwise (a route along roads), in the objective, the lower bound, the
// starts, the repairs and the what-if alike. UnitOptions.Apart cuts the
// unit graph at barriers without a crossing (a river away from its bridges,
// an expressway, a railway), so that no zone spans one but at a crossing.
//
// The redraw (Redraw) never returns a plan worse than the nearest-school
// plan (NearestPlan) under its objective, keeps every zone connected, and
// explains (Stats.Conflicts) any entrants it leaves beyond a school's intake
// that the schools together could seat.
//
// The package knows nothing of cohorts or years: the engine gives it homes
// with their entrants and schools with their intake capacities.
package zones
