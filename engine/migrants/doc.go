// Package migrants is the inspectors' check of one year's placement of
// migrant children (随迁子女) and of children with disabilities: the county
// shares against docs/policy.md over every pupil of grades 1–9 (migrant
// children with a residence permit ≥85% in public schools or
// government-purchased places, disabled children ≥95% enrolled), counted
// once by compliance.CountShares so that `zoning migrants`, compliance.csv,
// report.html and the meeting pack show one figure; and for every such
// entrant (grade 1 and grade 7) whether and where the engine seated them,
// whether that is their zone's school and how far it is, and for every
// entrant not seated at the zone's school the reason and the nearest
// schools with free places. The entrants' own shares are labelled as such
// (其中一年级、七年级新生).
//
// What belongs here: the check and its CSV and Chinese summary. Running the
// placement is engine.Run; serving the report is engine/service; the
// command is cmd/zoning.
//
// Outputs name children by id: they are for planners and inspectors only,
// never for public pages.
package migrants
