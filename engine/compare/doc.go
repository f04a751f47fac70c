// Package compare sets zone plans side by side for the zoning review meeting
// (片区调整论证会): the same entrants of one school year placed through each
// plan, so that the differences come from the zones alone; the figures of
// each plan (entrants and utilisation per school, classes, nearby ratio,
// distances, contiguity, the resource indicators that change with
// enrolment); and, between each proposal and the plan in force, the units,
// households and children that change school, counted per village, compound
// and school, with the areas whose school changes.
//
// What belongs here: the comparison and its words (the names of zones,
// schools and places, the sentences on each proposal), as values. Its
// renderings (the web page and its PDF, the workbook, the GeoPackage and
// GeoJSON: the meeting pack) are engine/render's, which imports this
// package and is imported by none of the models.
//
// Geometry is WGS84 longitude, latitude; distances are great-circle metres
// (geo.Distance); areas are square kilometres on the sphere.
package compare
