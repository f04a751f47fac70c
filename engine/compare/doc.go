// Package compare sets zone plans side by side for the zoning review meeting
// (片区调整论证会): the same entrants of one school year placed through each
// plan, so that the differences come from the zones alone; the figures of
// each plan (entrants and utilisation per school, classes, nearby ratio,
// distances, contiguity, the resource indicators that change with
// enrolment); and, between each proposal and the plan in force, the units,
// households and children that change school, counted per village, compound
// and school, with the areas whose school changes.
//
// It also renders the parts of the meeting pack that are tables or maps for
// other tools: the workbook (compare.xlsx), the GeoPackage layers
// (compare.gpkg, written by geo/gpkg) and the GeoJSON of each plan. The web
// page and its PDF are engine/report's.
//
// Geometry is WGS84 longitude, latitude; distances are great-circle metres
// (geo.Distance); areas are square kilometres on the sphere.
package compare
