// Package report renders a run as report.html: one self-contained page in
// Chinese for the county education bureau's zoning review (片区调整论证会),
// with the headline figures of each level, maps of the zones and schools,
// per-school tables, the POLICY.md checks the data allows, and charts of
// utilisation and home-to-school distance.
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
// The page is a list of sections (概况, 地图, 学校明细, 标准核查, 图表), each
// built by one function from the same view of the run; a later section is
// added by appending a builder to that list.
package report
