// Package gpkg writes and reads OGC GeoPackage 1.3 files (SQLite databases,
// .gpkg) of vector features in WGS84 (EPSG:4326), the format GIS tools such
// as QGIS and ArcGIS open directly. It is how the zone plans reach GIS users,
// beside GeoJSON.
//
// What belongs here: the GeoPackage container (the gpkg_* metadata tables,
// one feature table per Layer, the R-tree spatial index) and the
// GeoPackageBinary geometry encoding. What does not: coordinate conversion
// (package geo converts GCJ-02 and BD-09 to WGS84 before a layer is built),
// geometry repair (geo/geos), and the zoning domain (engine), which builds
// the layers.
//
// Coordinates are orb values in WGS84 decimal degrees, longitude first (x =
// longitude, y = latitude), the axis order of orb and GeoJSON and the one
// GeoPackage stores. Envelopes and layer extents are in the same degrees:
// [min lon, max lon] × [min lat, max lat]. Only 2D geometries are written (no
// z or m values).
//
// Each layer has an R-tree spatial index, rtree_<layer>_geom, and the six
// triggers of GeoPackage 1.3 Annex F.3 that keep it in step when a GIS tool
// edits the features (rtree_<layer>_geom_insert, _update1 to _update4,
// _delete). The triggers call the SQL functions ST_IsEmpty, ST_MinX,
// ST_MaxX, ST_MinY and ST_MaxY, which SQLite does not have: GDAL and QGIS
// register them when they open a GeoPackage. Write fills the index itself
// and creates the triggers last, so it never fires them; Read only queries.
// Neither needs the functions. A plain SQLite connection (the sqlite3 shell,
// or database/sql with this driver) can read the file and delete features,
// but an INSERT or UPDATE on a feature table fails with "no such function",
// as on any GeoPackage GDAL writes.
//
// The package is pure Go (modernc.org/sqlite): no cgo, no GDAL.
package gpkg
