// Package lookup answers the question parents ask during the enrollment
// season: which primary and junior school does this address, or this point,
// belong to under the published zone plan?
//
// A Plan is built from a run (engine.Result) or from a run's output folder
// (zones.geojson, zones.csv and optionally metrics.json) together with the
// dataset whose addresses form the gazetteer. Plan.Locate answers for a
// point (WGS84 lon, lat); Plan.Match first finds the place an address as
// people type it names (full-width digits, 幢 for 栋, township left out,
// compound or village group only, small typos) and then answers for that
// place.
//
// Answers are public: they hold the addresses of places (compounds, village
// groups, house numbers), schools and zones only — never a household or child
// id, a name, or a count for a single household.
//
// What belongs here: the lookup itself, pure Go and safe for concurrent use.
// HTTP belongs to engine/service, parsing addresses to engine/address, the
// zones' wording to engine/notice.
package lookup
