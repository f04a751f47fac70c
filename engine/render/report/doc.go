// Package report renders a run as report.html: one self-contained page in
// Chinese for the county education bureau's zoning review (片区调整论证会),
// with the headline figures of each level, maps of the zones and schools,
// the moves against the zones in force (who changes school, where, and how
// far they then travel, with a map of the changed areas), the entrants
// seated out of their zone, the draws of multi-school zones (多校划片),
// per-school tables, docs/policy.md's checks the data allows, charts of
// utilisation and home-to-school distance, and each school's zone in the
// words of the enrollment notice (招生公告). A run on the dataset's roads
// (metrics.json distance "route") draws the roads by class and the barriers
// by kind on the zone maps (once, placed on each map by <use>), counts the
// service radius along the roads, and adds the checks along them: the
// rural walking time, long detours, at-grade crossings of railways and
// expressways, and the zones a barrier cuts.
//
// The page may be shown to parents' representatives: it names homes by
// address only, never by a child's or household's id.
//
// The page opens offline in any browser: no fonts, scripts, styles or map
// tiles are fetched, the maps and charts are inline SVG, and a few lines of
// inline JavaScript add level tabs and pan/zoom (the page reads fully
// without them). Everything is escaped by html/template, and the output is a
// function of the run alone (no date is printed), so that the same input
// gives the same bytes.
//
// What belongs here: turning an engine.Result and its engine.Metrics into
// HTML, the map projection and drawing of zones for display, and the policy
// checks as sentences. The figures themselves are computed by the engine;
// this package only reads them (it recounts nothing the metrics give).
//
// CompareHTML renders, on the same machinery, the meeting pack's page that
// sets zone plans side by side (compare.html, from an engine/compare
// Comparison): the plans and a sentence on each proposal, the summary
// figures, each plan's zones, the areas each proposal changes, the schools,
// charts, the places and entrants that change school (addresses cut at the
// building) and each plan's zone texts; it prints on A4 (compare.pdf, by
// engine/render/browser's headless Chromium).
//
// The page is a list of sections (概况, 地图, 调整情况, 片外安置, 多校划片,
// 学校明细, 标准核查, 图表, 片区范围), each built by one function from the
// same view of the run; a builder may leave its section out (多校划片 when
// there is no multi-school zone), and a later section is added by
// appending a builder to that list.
package report
