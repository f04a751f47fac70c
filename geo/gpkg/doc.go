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
// The package is pure Go (modernc.org/sqlite): no cgo, no GDAL.
package gpkg
