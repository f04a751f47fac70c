// Package notice writes a zone plan out in words, as a county education
// bureau's enrollment notice (招生公告) does: for each school, its zone
// (施教区/片区) as the neighbourhood committees (社区), residential compounds
// (小区), streets with house-number ranges (街道及门牌号段) and villages with
// their groups (村及村民小组) whose homes it takes.
//
// Describe builds the description of one level's plan from a dataset and the
// school of each household; Zone.Text gives the paragraph of the notice;
// WriteCSV and ReadCSV write and read zones.csv, the same description as a
// table (UTF-8 with BOM, RFC 4180).
//
// Every house number of every road is in exactly one zone's ranges per
// level, from 1 to the road's largest number, the numbers where nobody
// lives included, so that a reader with any number of a road finds one
// school; a zone's share of a road is worded in the fewest characters,
// with 单号 (odd) and 双号 (even) ranges where they are shorter (Street).
// Every home of a zone is found by its most specific item: its address
// (listed after 以及 when Parse cannot place it, or when its number went to
// another zone), its compound, its village group (or the whole village,
// 全村), its house number's range, or its community when the whole 社区 is
// in the zone. A compound or village group split across zones is listed in
// each of them, marked partial (部分), so that no home is silently dropped.
// A road or compound whose name several townships use carries its
// township (呼图壁镇团结路). ParseText reads a zone's paragraph back.
//
// What belongs here: the wording and tables of zone descriptions. Parsing
// addresses belongs to engine/address, drawing zones to zones, and locating a
// home in a zone's polygon to geo/geos.
package notice
