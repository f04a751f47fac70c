// Package roads holds the road network that children walk, the barriers that
// cut a county (rivers, canals, expressways, trunk roads, railways), where
// roads cross them, and route distances on the network.
//
// What belongs here: reading a road layer (OpenStreetMap .osm/.osm.pbf,
// GeoJSON, GeoPackage), the walking graph built from it, shortest walking
// distances from a point (Field), and the barrier questions the redraw asks
// (Apart, ApartBy). What does not: great-circle distance and H3 (package
// geo), polygon repair (geo/geos), the GeoPackage container (geo/gpkg, which
// this package reads through), and the zoning itself (zones, engine).
//
// # Coordinates and units
//
// Points are orb values in WGS84 decimal degrees, longitude first (x =
// longitude, y = latitude), as in orb and GeoJSON. Distances are metres:
// edge lengths are great-circle distances (geo.Distance) between consecutive
// vertices; the nearest point on an edge is found in a local equirectangular
// projection centred on the network, which at a county's scale differs from
// the sphere by far less than a metre.
//
// # The walking graph
//
// The graph has a node at every vertex of a walkable road. Roads join where
// they share a vertex, coordinates equal to 1e-7° (about 1 cm): the usual
// noding of OpenStreetMap ways and of GIS line layers. Road segments that
// cross without a shared vertex do not connect (a bridge over a road). Every
// class is walkable except motorway and motorway_link. Oneway is kept but
// walking ignores it: pedestrians walk both ways.
//
// A point off the network reaches it by a straight segment to the nearest
// point on the nearest walkable edge (not merely the nearest vertex), and
// that segment counts in the distance, at both ends of a route.
//
// # Barriers and crossings
//
// Barriers are lines a child cannot cross except where a walkable road does:
// kinds river, canal, motorway, trunk and railway. A Crossing is a point
// where a walkable road passes a barrier. Motorways carry no one on foot, so
// their bridges are not crossings; a road of the barrier's own class (a
// trunk road for a trunk barrier, a motorway or motorway_link for a motorway
// barrier) is the barrier itself, not a crossing of it.
//
// Whether a crossing is at grade depends on the source:
//   - OpenStreetMap (noded data): a road that shares a node with the barrier
//     way crosses at grade (a level crossing of a railway, a junction on a
//     trunk road, a ford); a road whose line meets the barrier's line without
//     a shared node crosses over or under it (bridge=*, tunnel=*, layer≠0, or
//     a barrier's own bridge), not at grade.
//   - GeoJSON and GeoPackage line layers (and New): every intersection of a
//     road line with a barrier line is a crossing, at grade unless the road
//     is a bridge or a tunnel, or the barrier is a motorway (always crossed
//     over or under) or a river (a ford counts as not at grade: the at-grade
//     report is about railways, motorways and trunk roads).
//
// # File formats
//
// Read and ReadFS choose the reader by the file name's extension:
//
//   - .osm (OpenStreetMap XML) and .osm.pbf: roads are ways tagged highway=*
//     (primary_link and the like count as their main class, road as
//     unclassified, bridleway as path, corridor as footway; construction,
//     proposed, platform, raceway and other non-road values are skipped);
//     barriers are ways tagged waterway=river|canal, highway=motorway|trunk
//     and railway=rail, except their parts tagged tunnel=* (a culvert, a
//     railway tunnel), which do not cut the surface. bridge=* (not "no") or
//     layer>0 makes a road a bridge, tunnel=* or layer<0 a tunnel. Name is
//     name=* (else name:zh). The barriers always come from the same file.
//   - .geojson or .json: a FeatureCollection of LineString or MultiLineString
//     features. Roads have the properties class (required, one of Classes),
//     oneway (optional, a bool or "yes"/"no"), name (optional) and bridge,
//     tunnel (optional, bool or "yes"/"no"). Barriers have kind (required:
//     river, canal, motorway, trunk or railway) and name (optional). A
//     MultiLineString becomes one Road or Barrier per line.
//   - .gpkg: a GeoPackage with the same fields (bridge, tunnel and oneway as
//     integers 0/1 or text), read through geo/gpkg. The roads are the layer
//     named roads, else the first layer; the barriers are the layer named
//     barriers of barriersPath, else its first layer, or, when barriersPath
//     is "", the layer named barriers of the roads file if it has one.
//
// Errors name the file and where: "FILE: feature N: message" for GeoJSON and
// GeoPackage (N from 1), "FILE: way ID: message" for OpenStreetMap. Every
// problem found is reported (errors.Join), and unknown class or kind values
// list the accepted ones. No input makes the readers panic.
//
// # Concurrency
//
// A Network and a Field are immutable once made: any number of goroutines
// may read them at once.
package roads
