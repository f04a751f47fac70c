// Package zones holds zone plans and the redraw: the units that zones are
// made of, the assignment of units to schools, the zone polygons built from
// them, and the metrics of a plan (contiguity, distances, the lower bound).
//
// A unit is a set of H3 cells: the cells of one group of homes that must never
// be split by a zone boundary (a residential compound, 小区, or a village
// group, 村民小组), together with the empty cells nearest to it, so that the
// units of a dataset cover its whole zoned area. A plan assigns every unit to
// one school per level; a zone is the union of the cells of a school's units,
// clipped to the zoned area.
//
// The package knows nothing of cohorts or years: the engine gives it homes
// with their entrants and schools with their intake capacities.
package zones
