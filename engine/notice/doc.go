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
// Every home of a zone is described by exactly one item: the community when
// the whole 社区 is in the zone, else its compound, its village group (or the
// whole village, 全村), or its house number within a street range. A home
// whose address the address package cannot place is listed by its full
// address. A compound or village group split across zones is listed in each
// of them, marked partial (部分), so that no home is silently dropped.
//
// What belongs here: the wording and tables of zone descriptions. Parsing
// addresses belongs to engine/address, drawing zones to zones, and locating a
// home in a zone's polygon to geo/geos.
package notice
