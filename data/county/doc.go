// Package county generates synthetic counties unlike the default one, for
// the tests and benchmarks that must show an algorithm works on any county,
// not only on the embedded Hutubi.
//
// A county comes from a Spec: a family, a seed, a size and an address style.
// The families stress the redraw in different ways:
//
//	plains    a plains county seat with dense compounds (小区), street houses
//	          with 附 numbers and 号院 courtyards, and villages of several
//	          townships around it (about 15,000 households by default)
//	tight     the plains county with one magnet school whose nearest homes
//	          hold 2.5 times its intake, and 2% spare places county-wide
//	short     the plains county with the junior intake 5% short of its
//	          entrants
//	urban     a city district of 街道 and 社区: high-rise compounds, 城中村
//	          (urban villages with lanes), street houses, about 150 campuses
//	mountain  a sparse mountain county: villages strung along valleys, some
//	          of their groups longer than a zone should keep whole
//
// The styles write addresses as people in one province do (河南, 广东, 四川,
// 上海, 北京, 东北, 新疆): with or without the province, city and county
// prefixes and the township, with 组, 队 or 社 for village groups, 栋, 幢, 座
// or 号楼 for buildings, 室 or 房 for rooms, 弄 lanes, 附 numbers and 号院
// courtyards where they are written.
//
// Every county has a road layer (Dataset.Roads) in its family's style: a
// plains county a river with few bridges and an expressway with few
// crossings, the urban district a dense grid, a railway crossed by a few
// underpasses and an elevated expressway, the mountain county a road up
// each valley and a river along the main one; the towns' streets lie where
// the addresses put them. The roads come from their own random stream, so
// that the households are the same with or without them.
//
// Generate returns the dataset with its Truth: for each household the place
// (compound, village group, house, lane, urban-village house) the generator
// put it in, so that tests can check how the engine reads the addresses.
// Everything is drawn from a seeded generator (math/rand/v2 PCG): the same
// Spec gives the same county, byte for byte.
//
// Coordinates are WGS84 longitude, latitude in decimal degrees (orb's axis
// order). Nothing in a generated county describes a real person; place names
// are drawn from common name parts, and any match with a real place is
// chance.
//
// What belongs here: the families, the styles and the generator. Reading
// and writing dataset folders belongs to engine/dataset; the default county
// to data/synth.
package county
