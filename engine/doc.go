// Package engine is the domain of enrollment zoning: which children enter
// school in a year, the intake capacity of each school section, the placement
// of entrants through a zone plan (with the priorities of docs/policy.md), the
// metrics of a year, and the run that ties a dataset, a redraw and the
// outputs together.
//
// Subpackages: dataset reads and writes dataset folders, config holds the
// configuration, address parses Chinese addresses, report renders the HTML
// report.
package engine
