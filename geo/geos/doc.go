// Package geos is the project's only cgo: a narrow, Go-typed wrapper over the
// GEOS geometry engine (through github.com/twpayne/go-geos), plus the planar
// polygon algorithms that sit next to it (Voronoi cells, a point-in-polygon
// index) in pure Go.
//
// Geometries are exchanged as orb values. Coordinates are WGS84 longitude,
// latitude in decimal degrees (orb's axis order), and GEOS treats them as
// planar: areas are in square degrees, buffer widths and simplification
// tolerances in degrees. That is the convention of GeoJSON and of docs/dataset-format.md
// (point-in-polygon is planar in lon/lat); convert to metres in the caller when
// a metric quantity is needed.
//
// Every function returns (value, error): a geometry is never nil without an
// error, and a GEOS failure or panic becomes an error whose text starts with
// "geos:". An empty result (the intersection of two disjoint squares, say) is
// a non-nil MultiPolygon of length zero. Inputs are repaired with GEOS
// MakeValid where an operation needs valid input, so a self-intersecting
// (bow-tie) polygon is handled rather than silently giving a wrong answer.
//
// Every function is safe for concurrent use: each call borrows a GEOS context
// from a pool, and a context is never used by two goroutines at once.
package geos
