// Package planfile reads a published zone plan: a run's output folder
// (zones.geojson, zones.csv and metrics.json, as zoning run and redraw write
// them), a zones.geojson file given on its own (in WGS84, or in the
// coordinate system of a Chinese web map it was drawn on), or a GeoPackage
// layer of zones (such as a plan's layer of compare.gpkg edited in QGIS).
//
// It is the one reader of these files: zoning compare, lookup, notice and
// the server all read a plan through Read (or ReadFS, Parse), and get typed
// values: the zones (dataset.Zone), the zones' descriptions in words
// (notice.Plan) and the run's figures (engine.Metrics). Every zones.geojson
// is parsed by dataset.ReadZones, as a dataset's own zones in force are.
//
// What belongs here: finding and parsing a plan's files, and telling what
// is wrong with them. A problem of what a file holds is a dataset.Problems,
// each problem as FILE:LINE: message (a problem of the whole file at line
// 1); a file that cannot be read is the file system's *fs.PathError. The
// errors carry no package name: they are the input's, and each caller
// prefixes its own. A dataset folder is engine/dataset's to read; what the
// plan means (lookups, comparisons, the notice) belongs to the packages that
// use it.
package planfile
