// Package address normalises and parses the postal addresses of homes and
// schools as they are written locally in the county (呼图壁县), for example
// 呼图壁镇园林路18号锦华苑3栋2单元501室 or 二十里店镇某某村5组23号.
//
// Normalize gives the text form used for matching and keys: full-width
// characters folded to ASCII, noise punctuation and spaces removed, Chinese
// numerals in house, building, unit, room and group numbers turned into
// Arabic digits (never inside names such as 二十里店镇 or 五工台镇), building
// markers (幢, 号楼, 座, #) unified to 栋, the province/prefecture/county
// prefix dropped and the township's short name replaced by its official one.
//
// Parse splits an address into township (乡镇), community (社区), village (村)
// and group (组), road (路/街/大道/巷/道) and house number (号), compound (小区,
// 苑, 园, 花园, ...), building (栋), unit (单元) and room (室). Address.Key
// names the unit a zone boundary must never split: the compound, else the
// village group, else the road and house number.
//
// What belongs here: the text of addresses only. Geocoding an address to a
// point, and zone membership, belong to geo and zones.
package address
