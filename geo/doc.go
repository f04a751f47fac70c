// Package geo holds coordinates and reference systems, distances, H3 cells and
// spatial indexes: everything the engine knows about places on the Earth.
//
// Points are orb.Point values in WGS84, longitude first, in decimal degrees
// (orb's axis order, the same as GeoJSON). H3 works in latitude, longitude
// order; the functions of this package take and return orb points, so callers
// never see that order. Chinese web maps publish GCJ-02 (Amap, Tencent) or
// BD-09 (Baidu) coordinates: ToWGS84 and FromWGS84 convert them.
//
// The project's cgo lives here and in geo/geos only: this package alone
// imports the H3 binding (its Cell is geo's own type, and its functions
// exchange orb values), and geo/geos alone imports GEOS. TestOnlyGeoImportsH3
// checks the first with go list.
package geo
