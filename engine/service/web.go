package service

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// The web map: an offline page at / drawing the zones, schools and the
// zoned area with Leaflet 1.9.4 (vendored under static/vendor/leaflet, no
// CDN), fed by these public endpoints:
//
//	GET  /api/v1/web                 county, levels, tile URL, whether planner mode is on
//	GET  /api/v1/zones?level=primary GeoJSON of the level's zones, simplified to SimplifyDeg
//	GET  /api/v1/area                GeoJSON of the zoned area's outline
//	GET  /api/v1/schools             schools with their figures per level
//	GET  /api/v1/web/roads           GeoJSON of the roads and barriers (webroads.go), when the dataset has them
//	GET  /api/v1/web/equity          the feeder lines and the migrant entrants' concentration per level (webequity.go)
//	POST /api/v1/planner/whatif      bearer token: the figures if one unit moved school
//
// None of them gives household data: zones, campuses and per-school totals
// only.

//go:embed static
var staticFiles embed.FS

// SimplifyDeg is the Douglas–Peucker tolerance of the outlines served, in
// degrees (1e-4° ≈ 11 m north–south).
const SimplifyDeg = 1e-4

// WebOptions configure the web map.
type WebOptions struct {
	// Tiles is a slippy-map tile URL template with {z}, {x} and {y} (e.g.
	// https://tiles.example/{z}/{x}/{y}.png) drawn under the zones; "" for
	// none (the default: the page then needs no network beyond the server).
	Tiles string
	// Token is the bearer token of planner mode; "" turns planner mode off.
	Token string
}

// Web is the data of the web map, computed once from a run's result
// (NewWeb) or a published plan folder (NewWebFromPlan).
type Web struct {
	opt     WebOptions
	res     *engine.Result // nil when served from a plan folder: no what-if
	year    int
	levels  []dataset.Level // in the run's order
	county  string
	zones   map[string][]byte // level → GeoJSON
	area    []byte
	schools []byte
	roads   []byte // GeoJSON of the road layer; nil without one
	equity  []byte // JSON of the feeder lines and concentration (WebEquity)
	whatif  map[dataset.Level]*whatIfBase
}

// NewWeb prepares the web map of a run's result.
func NewWeb(res *engine.Result, opt WebOptions) (*Web, error) {
	if res == nil || res.Dataset == nil {
		return nil, errors.New("service: web map: no run result")
	}
	if err := checkTiles(opt.Tiles); err != nil {
		return nil, err
	}
	ds := res.Dataset
	w := &Web{opt: opt, res: res, year: res.Year, county: ds.Meta.Name, zones: map[string][]byte{}, whatif: map[dataset.Level]*whatIfBase{}}
	m := res.Metrics()
	for _, lr := range res.Levels {
		w.levels = append(w.levels, lr.Level)
		fc := geojson.NewFeatureCollection()
		for k, zk := range lr.Zoned {
			j := zk.School
			if lr.Zoned[k].Polygon == nil {
				continue
			}
			if f := zoneFeature(ds, j, lr.Zoned[k].Polygon, lr.ZoneID(k)); f != nil {
				fc.Append(f)
			}
		}
		b, err := fc.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("service: zones of %s: %w", lr.Level, err)
		}
		w.zones[string(lr.Level)] = b
		if wi := lr.WhatIf(); wi != nil {
			w.whatif[lr.Level] = newWhatIfBase(res, lr, wi, m)
		}
	}
	fc := geojson.NewFeatureCollection()
	if a := simplifyMulti(res.Area); len(a) > 0 {
		fc.Append(geojson.NewFeature(a))
	}
	var err error
	if w.area, err = fc.MarshalJSON(); err != nil {
		return nil, fmt.Errorf("service: zoned area: %w", err)
	}
	if w.schools, err = json.Marshal(schoolsOf(ds, m)); err != nil {
		return nil, fmt.Errorf("service: schools: %w", err)
	}
	if w.equity, err = json.Marshal(webEquity(ds, m, w.levels)); err != nil {
		return nil, fmt.Errorf("service: equity: %w", err)
	}
	if err := w.setRoads(ds, res.Area); err != nil {
		return nil, err
	}
	return w, nil
}

// checkTiles checks a tile URL template ("" is none).
func checkTiles(tiles string) error {
	if tiles != "" && !(strings.Contains(tiles, "{z}") && strings.Contains(tiles, "{x}") && strings.Contains(tiles, "{y}")) {
		return fmt.Errorf("service: tile URL %q lacks {z}, {x} or {y} (accepted: a URL template such as https://host/{z}/{x}/{y}.png)", tiles)
	}
	return nil
}

// simplifyMulti simplifies a multipolygon to SimplifyDeg, dropping rings
// left with fewer than 4 points.
func simplifyMulti(mp orb.MultiPolygon) orb.MultiPolygon {
	if len(mp) == 0 {
		return nil
	}
	s := simplify.DouglasPeucker(SimplifyDeg).MultiPolygon(mp.Clone())
	var out orb.MultiPolygon
	for _, p := range s {
		if len(p) == 0 || len(p[0]) < 4 {
			continue
		}
		q := orb.Polygon{p[0]}
		for _, r := range p[1:] {
			if len(r) >= 4 {
				q = append(q, r)
			}
		}
		out = append(out, q)
	}
	return out
}

// WebSchool is one school of GET /api/v1/schools.
type WebSchool struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Location orb.Point  `json:"location"` // WGS84 [lon, lat]
	Colour   int        `json:"colour"`   // index of the school, the zones' colour key
	Levels   []WebLevel `json:"levels"`   // sections, in the run's order
}

// WebLevel is a school section's figures in the run's target year.
type WebLevel struct {
	Level          string   `json:"level"`
	Entrants       int      `json:"entrants"`
	IntakeCapacity int      `json:"intake_capacity"`
	Zoned          int      `json:"zoned"`
	Students       int      `json:"students"`
	Classes        int      `json:"classes"`
	Utilisation    *float64 `json:"utilisation"`     // entrants / intake capacity; null without capacity
	MeanDistanceM  *float64 `json:"mean_distance_m"` // of the section's entrants, metres
}

func schoolsOf(ds *dataset.Dataset, m engine.Metrics) []WebSchool {
	idx := map[string]int{}
	out := make([]WebSchool, 0, len(ds.Schools))
	for j, s := range ds.Schools {
		idx[s.ID] = len(out)
		out = append(out, WebSchool{ID: s.ID, Name: s.Name, Location: s.Loc, Colour: j, Levels: []WebLevel{}})
	}
	for _, sm := range m.Schools {
		i, ok := idx[sm.SchoolID]
		if !ok {
			continue
		}
		wl := WebLevel{Level: sm.Level, Entrants: sm.Entrants, IntakeCapacity: sm.IntakeCapacity, Zoned: sm.Zoned,
			Students: sm.StudentsTotal, Classes: sm.Classes, MeanDistanceM: sm.MeanDistanceM}
		if sm.IntakeCapacity > 0 {
			u := float64(sm.Entrants) / float64(sm.IntakeCapacity)
			wl.Utilisation = &u
		}
		out[i].Levels = append(out[i].Levels, wl)
	}
	return out
}

// SetWeb serves the web map of w (nil: the map's endpoints answer 503);
// safe while serving.
func (s *Server) SetWeb(w *Web) { s.web.Store(w) }

// webRoutes are the routes of the web map.
func (s *Server) webRoutes(r chi.Router) {
	sub, _ := fs.Sub(staticFiles, "static")
	r.Get("/", func(w http.ResponseWriter, req *http.Request) {
		b, err := fs.ReadFile(sub, "index.html")
		if err != nil {
			writeError(w, http.StatusInternalServerError, "internal error")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// frame-ancestors: no other site may frame the page (clickjacking
		// of the planner's mode); X-Frame-Options for older browsers.
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https: http:; frame-ancestors 'none'")
		w.Header().Set("X-Frame-Options", "DENY")
		_, _ = w.Write(b)
	})
	r.With(s.download).Get("/static/*", func(w http.ResponseWriter, req *http.Request) {
		serveStatic(w, req, sub, chi.URLParam(req, "*"))
	})
	r.Get("/api/v1/web", s.withWeb(func(w http.ResponseWriter, r *http.Request, web *Web) {
		levels := []map[string]string{}
		for _, l := range web.levels {
			levels = append(levels, map[string]string{"level": string(l), "name": l.Chinese()})
		}
		writeJSON(w, http.StatusOK, map[string]any{"county": web.county, "year": web.year, "levels": levels,
			"tiles": web.opt.Tiles, "planner": web.opt.Token != "", "roads": web.roads != nil})
	}))
	r.With(s.download).Get("/api/v1/zones", s.withWeb(func(w http.ResponseWriter, r *http.Request, web *Web) {
		l := r.URL.Query().Get("level")
		b, ok := web.zones[l]
		if !ok {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("parameter level: %q (accepted: %s)", l, strings.Join(web.levelNames(), ", ")))
			return
		}
		writeRaw(w, "application/geo+json", b)
	}))
	r.With(s.download).Get("/api/v1/area", s.withWeb(func(w http.ResponseWriter, r *http.Request, web *Web) {
		writeRaw(w, "application/geo+json", web.area)
	}))
	r.With(s.download).Get("/api/v1/schools", s.withWeb(func(w http.ResponseWriter, r *http.Request, web *Web) {
		writeRaw(w, "application/json", web.schools)
	}))
	r.With(s.download).Get("/api/v1/web/equity", s.withWeb(func(w http.ResponseWriter, r *http.Request, web *Web) {
		writeRaw(w, "application/json", web.equity)
	}))
	r.With(s.download).Get("/api/v1/web/roads", s.withWeb(func(w http.ResponseWriter, r *http.Request, web *Web) {
		if web.roads == nil {
			writeError(w, http.StatusNotFound, "the dataset has no road layer (dataset.yaml key roads; see docs/roads.md)")
			return
		}
		writeRaw(w, "application/geo+json", web.roads)
	}))
	token := func() string {
		if w := s.web.Load(); w != nil {
			return w.opt.Token
		}
		return ""
	}
	r.With(s.webReady, s.requireToken(token)).Post("/api/v1/planner/whatif", s.withWeb(s.whatIf))
}

// serveStatic serves the file name of the static files: a file only, never
// a folder's listing (404), with its type by extension.
func serveStatic(w http.ResponseWriter, r *http.Request, files fs.FS, name string) {
	f, err := files.Open(name)
	if err != nil || !fs.ValidPath(name) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no static file %.64q (accepted: the files the page at / loads)", name))
		return
	}
	defer f.Close()
	st, err := f.Stat()
	rs, ok := f.(io.ReadSeeker)
	if err != nil || !st.Mode().IsRegular() || !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no static file %.64q (accepted: the files the page at / loads)", name))
		return
	}
	http.ServeContent(w, r, name, time.Time{}, rs)
}

func (web *Web) levelNames() []string {
	var out []string
	for _, l := range web.levels {
		out = append(out, string(l))
	}
	slices.Sort(out)
	return out
}

func writeRaw(w http.ResponseWriter, ctype string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype+"; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}

// withWeb answers 503 until the web map is set.
func (s *Server) withWeb(h func(http.ResponseWriter, *http.Request, *Web)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		web := s.web.Load()
		if web == nil {
			w.Header().Set("Retry-After", "5")
			writeError(w, http.StatusServiceUnavailable, "the web map is loading; retry shortly")
			return
		}
		h(w, r, web)
	}
}

// webReady answers 503 until SetWeb.
func (s *Server) webReady(next http.Handler) http.Handler {
	return s.withWeb(func(w http.ResponseWriter, r *http.Request, _ *Web) { next.ServeHTTP(w, r) })
}

// WhatIfRequest is the body of POST /api/v1/planner/whatif: move the unit
// (by index, or the unit at lon/lat, WGS84) of a level to a school.
type WhatIfRequest struct {
	Level    string   `json:"level"`
	Unit     *int     `json:"unit,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	SchoolID string   `json:"school_id"`
}

func (s *Server) whatIf(w http.ResponseWriter, r *http.Request, web *Web) {
	if web.res == nil {
		writeError(w, http.StatusServiceUnavailable, whatIfNeedsRun)
		return
	}
	var req WhatIfRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "body: "+err.Error()+" (accepted: JSON {level, unit or lon and lat, school_id})")
		return
	}
	base := web.whatif[dataset.Level(req.Level)]
	if base == nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("level: %q (accepted: %s)", req.Level, strings.Join(web.levelNames(), ", ")))
		return
	}
	u := -1
	switch {
	case req.Unit != nil && (req.Lon != nil || req.Lat != nil):
		writeError(w, http.StatusBadRequest, "unit and lon/lat given together (accepted: one of them)")
		return
	case req.Unit != nil:
		u = *req.Unit
		if u < 0 || u >= base.w.Units() {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("unit: %d (accepted: 0..%d)", u, base.w.Units()-1))
			return
		}
	case req.Lon != nil && req.Lat != nil:
		pt := orb.Point{*req.Lon, *req.Lat}
		if err := finitePoint(pt); err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		if u = web.res.Units.UnitAt(pt); u < 0 {
			writeError(w, http.StatusNotFound, "lon, lat: outside the zoned area's units")
			return
		}
	default:
		writeError(w, http.StatusBadRequest, "missing unit or lon and lat (accepted: unit index, or lon and lat in WGS84 degrees)")
		return
	}
	ans, err := base.move(u, req.SchoolID)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

func finitePoint(pt orb.Point) error {
	for i, v := range pt {
		lim := 180.0
		if i == 1 {
			lim = 90
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < -lim || v > lim {
			return fmt.Errorf("lon, lat: (%g, %g) out of range (accepted: lon -180..180, lat -90..90)", pt[0], pt[1])
		}
	}
	return nil
}

// zoneFeature is the map's feature of the zone of ds.Schools[j]: the
// simplified geometry with the school's id, name, colour (its index) and the
// zone_id of a multi-school zone; nil when nothing is left to draw.
func zoneFeature(ds *dataset.Dataset, j int, zone orb.MultiPolygon, zoneID string) *geojson.Feature {
	g := simplifyMulti(zone)
	if len(g) == 0 {
		return nil
	}
	f := geojson.NewFeature(g)
	s := &ds.Schools[j]
	f.Properties["school_id"] = s.ID
	f.Properties["name"] = s.Name
	f.Properties["colour"] = j
	if zoneID != "" {
		f.Properties["zone_id"] = zoneID
	}
	return f
}
