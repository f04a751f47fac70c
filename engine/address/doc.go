// Package address normalises and parses the postal addresses of homes and
// schools as people write them in a Chinese county: 呼图壁镇园林路18号锦华苑3栋2单元501室,
// 二十里店镇某村5组23号, 河南省郸城县城关镇园田路261号附1号, 上海市长宁区长宁路1018弄5号302室,
// 广州市天河区石牌街道石牌村东三街12号502房, 犀浦镇红光村3社, 红星村王家屯12号.
//
// The place names of a county — the divisions written before its townships,
// its townships (镇, 乡, 街道, 苏木) with their other names, its communities
// and villages — are data, never tables of this package: a Gazetteer lists
// them (a dataset's dataset.yaml, places:), or InferGazetteer reads them from
// the addresses themselves. NewParser builds the Parser of a county from its
// gazetteer; what the gazetteer does not list is read by suffix rules
// (…省/自治区/市/州/地区/盟/县/旗/区 before the township, …镇/乡/街道/苏木,
// …社区/居委会, …村/嘎查/屯, …路/街/大道/巷/胡同). The package-level Parse and
// Normalize use the suffix rules alone. The only table is the 34
// provincial-level names, the same for every county.
//
// Normalize gives the text form used for matching and keys: full-width
// characters folded to ASCII, noise punctuation and spaces removed, Chinese
// numerals in house, lane, building, unit, room and group numbers turned into
// Arabic digits (never inside names such as 二十里店镇 or 五工台镇), building
// markers (幢, 座, 号楼, #) unified to 栋, 房 as 室, committee tails dropped
// (红山村委会 → 红山村), the divisions above the township dropped and a
// township's alias replaced by its official name.
//
// Parse splits an address into township, community, village with its
// natural village (自然村, 屯) and group (组, 队, 社, 小组), road (with its
// direction or section: 南海大道北) with its lane (弄) and house number (号,
// keeping 附: 261附1), compound (小区, 苑, 园, 花园, ...), building (栋), unit
// (单元) and room (室). Address.Key names the unit a zone boundary must never
// split — the compound, the lane, the village group, the house in a village
// (城中村), the village, else the road and house number — and
// Address.PlaceName the place in words.
//
// What belongs here: the text of addresses only. Geocoding an address to a
// point, and zone membership, belong to geo and zones; which gazetteer a
// dataset's addresses are read with belongs to engine/dataset
// (Dataset.Parser).
package address
