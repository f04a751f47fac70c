// Package compliance checks one year of a county against the
// quality-balanced compulsory education standard (义务教育优质均衡发展县,
// 教督〔2017〕6号) as docs/policy.md lays it out: per school section the school
// size (校额), class size (班额), the seven resource indicators (资源配置)
// with the 6-of-7 and 85% floor rules and the music and art rooms; per
// county and level the weighted between-school coefficient of variation
// (校际差异系数) of each indicator and the nearby-enrolment ratio
// (就近划片入学比例) and, when the caller counts them, whether every child
// of the level's ages has a place (所有适龄儿童均有学位); county-wide the share of migrant children in public
// schools (随迁子女) and the enrolment of disabled children (残疾儿童少年入学率).
//
// The package is pure: Evaluate takes plain figures (a County of Sections)
// and a config.Policy, where every threshold lives, and returns a Report
// of Checks, each with its value, its limit, its verdict and the sentence
// a planner reads, in Chinese. WriteCSV writes reports as compliance.csv.
// It does no I/O of its own and does not depend on a run's result: the
// caller (the year-by-year simulation) gathers the figures.
//
// The two county shares have one count, CountShares, over every child of
// grades 1–9 of the year (docs/policy.md measures all pupils, not the
// entrants): the simulation, report.html and `zoning migrants` all read
// it, so that they show one figure for one year.
//
// What belongs here: the checks of docs/policy.md and their wording, and the
// count of the county shares from the children's schools. Gathering
// students, classes and resources per year belongs to the simulation;
// thresholds belong to engine/config.
package compliance
