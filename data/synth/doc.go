// Package synth generates the project's default dataset: a synthetic 呼图壁县
// (Hutubi County, Xinjiang) as its education bureau would have surveyed it in
// the 2021 school year, the starting survey (摸清底数) of the county plan
// 呼县政办〔2022〕5号.
//
// Everything comes from a small hand-written table of public facts (facts.go:
// the county outline, the townships and their village committees with
// approximate places, the schools the plan names, the birth trend) and a
// seeded random generator (math/rand/v2 PCG), so that the same seed always
// gives the same dataset, byte for byte. Households, children, buildings,
// road names and compound names are invented; nothing describes a real person.
//
// The road layer (roads.go) is laid out from the finished homes with its own
// random stream, so that it never changes the people: the 呼图壁河 and its few
// bridges, the G30 and the Lanzhou–Xinjiang railway across the north of the
// oasis, the G312, the canals, county roads, the towns' street grids (named
// and placed as the addresses give them) and village roads. Sub-package
// roadnet builds such networks (junctions, bridges, underpasses).
//
// What belongs here: the facts, the generator, and the construction of the
// 2021 zones in force. Reading and writing dataset folders belongs to
// engine/dataset; the committed folder and its embedding belong to package
// data (data/hutubi, regenerated with go run ./data/gen).
//
// Coordinates are WGS84 longitude, latitude in decimal degrees (orb's axis
// order) throughout.
package synth
