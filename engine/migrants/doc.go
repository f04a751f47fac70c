// Package migrants is the inspectors' check of one year's placement of
// migrant children (随迁子女) and of children with disabilities: for every
// such entrant (grade 1 and grade 7) whether and where the engine seated
// them, whether that is their zone's school and how far it is; the county
// shares against POLICY.md (migrant children ≥85% in public schools or
// government-purchased places, disabled children ≥95% enrolled); and for
// every entrant not seated at the zone's school the reason and the nearest
// schools with free places.
//
// What belongs here: the check and its CSV and Chinese summary. Running the
// placement is engine.Run; serving the report is engine/service; the
// command is cmd/zoning.
//
// Outputs name children by id: they are for planners and inspectors only,
// never for public pages.
package migrants
