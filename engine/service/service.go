// Package service is the HTTP API of the lookup service: parents and the
// bureau's web pages ask which schools an address or a point belongs to.
//
//	GET /api/v1/lookup?address=呼图壁镇园林路18号锦华苑
//	GET /api/v1/lookup?lon=86.87&lat=44.19&crs=wgs84|gcj02|bd09
//	GET /healthz   the process is up
//	GET /readyz    the zone plan is loaded
//	GET /metrics   Prometheus text format: requests by route and code, latency histogram
//	GET /          the offline web map (web.go, static/): zones, schools, search;
//	               its JSON under /api/v1 (zones, schools, area, web) and the
//	               planner's what-if (POST /api/v1/planner/whatif, bearer token)
//	/api/v1/planner/runs  the planner's redraw, simulation and compare runs
//	               (the meeting pack of a redraw against the zones in force)
//	               and their downloadable outputs, in memory or in a runs
//	               folder that survives restarts (runs.go, compare.go,
//	               runsdir.go; bearer token)
//
// docs/openapi.yaml describes every route. Every response is JSON except
// /metrics, / and /static/*; errors are {"error": "..."} with a
// 4xx code naming the bad parameter and the accepted values. Requests are
// bounded in size and time, logged with a request id (never with their
// query, which holds a family's address), and the lookup is rate limited per
// client address.
//
// With Options.Counties (zoning serve --db) the server answers for every
// county published in a planstore instead, each switched to a new version
// as it is published, and /readyz lists the counties and their versions
// (counties.go).
//
// Assemble builds the server zoning serve starts (assemble.go): the plan
// of a published folder read once by engine/planfile for the lookups and
// the map, or a start-up job run in the background, and the planner's runs.
//
// What belongs here: HTTP and the server's assembly. The lookup itself is
// engine/lookup, the reading of a plan folder engine/planfile.
package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/paulmach/orb"
	"golang.org/x/time/rate"

	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/geo"
)

// Defaults of Options.
const (
	DefaultRate         = 50               // lookups per second per client address
	DefaultBurst        = 100              // lookups a client may make at once
	DefaultTimeout      = 2 * time.Second  // per request
	DefaultMaxBodyBytes = 1 << 10          // request body; the API takes none
	MaxHeaderBytes      = 16 << 10         // request line and headers
	ShutdownGrace       = 10 * time.Second // to finish requests in flight on shutdown
)

// Options configure a Server. Zero values take the defaults above.
type Options struct {
	Log          *slog.Logger // access and error log; nil: discard
	Rate         float64      // lookups per second per client address; < 0: no limit
	Burst        int
	Timeout      time.Duration
	MaxBodyBytes int64
	// Runs lets the planner trigger redraws, simulations and comparisons
	// (runs.go); nil: those routes answer 404.
	Runs *RunsOptions
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (clientIP); none: the client is the connection's peer.
	TrustedProxies []netip.Prefix
	// DownloadStall and DownloadMax bound a download (download.go): each
	// write of 32 KiB within DownloadStall, the whole within DownloadMax.
	DownloadStall time.Duration
	DownloadMax   time.Duration
	// Counties, when not nil, are the counties of a store served instead
	// of one plan (zoning serve --db; counties.go).
	Counties *Counties
}

// Server serves a zone plan. It may start without one (SetPlan later), in
// which case /readyz and the lookup answer 503 until the plan is set.
type Server struct {
	opt     Options
	log     *slog.Logger
	plan    atomic.Pointer[lookup.Plan]
	limits  *limiter
	metrics *metrics
	web     atomic.Pointer[Web] // the web map; nil until SetWeb
	handler http.Handler

	// migrants is the planner's migrant check (migrants.go); nil until
	// SetMigrants.
	migrants atomic.Pointer[Migrants]

	// runs is the planner's runs (runs.go); nil without Options.Runs.
	runs *runs

	// authFails counts each client's wrong bearer tokens (client.go).
	authFails *limiter
}

// New returns a server of plan (nil: not ready yet).
func New(plan *lookup.Plan, opt Options) *Server {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Rate == 0 {
		opt.Rate = DefaultRate
	}
	if opt.Burst <= 0 {
		opt.Burst = DefaultBurst
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opt.DownloadStall <= 0 {
		opt.DownloadStall = DefaultDownloadStall
	}
	if opt.DownloadMax <= 0 {
		opt.DownloadMax = DefaultDownloadMax
	}
	s := &Server{opt: opt, log: opt.Log, metrics: newMetrics(), authFails: newFailureLimiter()}
	if opt.Rate > 0 {
		s.limits = newLimiter(rate.Limit(opt.Rate), opt.Burst)
	}
	if plan != nil {
		s.plan.Store(plan)
	}
	if opt.Runs != nil && opt.Runs.Dataset != nil {
		s.runs = newRuns(*opt.Runs, opt.Log)
	}
	s.handler = s.routes()
	return s
}

// SetPlan replaces the plan served; safe while serving.
func (s *Server) SetPlan(p *lookup.Plan) { s.plan.Store(p) }

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	// Middlewares first, outermost first (chi refuses one after a route).
	// No middleware.RealIP, which believes any client's X-Forwarded-For:
	// the client address is the connection's, or the one a trusted proxy
	// saw (clientIP).
	r.Use(boundRequestID)
	r.Use(middleware.RequestID)
	r.Use(nosniff)
	r.Use(s.observe)
	r.Use(s.recoverer)
	r.Use(s.limitBody)
	r.Use(s.deadline)
	r.Use(middleware.GetHead) // HEAD is answered by the GET route, without body
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such path (accepted: /api/v1/lookup, /api/v1/zones, /api/v1/schools, /api/v1/area, /api/v1/web, /api/v1/planner/whatif, /api/v1/placement/migrants, /api/v1/planner/runs, /healthz, /readyz, /metrics, / (the web map))")
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		allow := "GET, HEAD"
		if r.URL.Path == "/api/v1/planner/whatif" || strings.TrimSuffix(r.URL.Path, "/") == "/api/v1/planner/runs" {
			allow = "POST"
		}
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed (accepted: "+allow+")")
	})
	r.Get("/healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	r.Get("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if s.opt.Counties != nil {
			s.countiesReady(w)
			return
		}
		if s.plan.Load() == nil {
			w.Header().Set("Retry-After", "5")
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "loading", "error": "the zone plan is loading"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	r.Get("/metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		s.metrics.write(w)
	})
	r.Route("/api/v1", func(r chi.Router) {
		r.With(s.rateLimit).Get("/lookup", s.lookup)
		s.migrantRoutes(r)
		s.runRoutes(r)
	})
	s.webRoutes(r)
	return r
}

// errorBody is every error response.
type errorBody struct {
	Error string `json:"error"`
	// Match lists the candidates of an address that matched no single place.
	Match *lookup.Match `json:"match,omitempty"`
	// Problems lists every problem of a bad input file's text, as
	// NAME:LINE: message (a planner run's locks).
	Problems []string `json:"problems,omitempty"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"error": "internal error"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(append(b, '\n'))
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, errorBody{Error: msg})
}

// lookup answers GET /api/v1/lookup.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) {
	plan := s.plan.Load()
	if plan == nil && (s.opt.Counties == nil || !s.opt.Counties.ready()) {
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "the zone plan is loading; retry shortly")
		return
	}
	if err := r.Context().Err(); err != nil {
		writeError(w, http.StatusServiceUnavailable, "request timed out")
		return
	}
	q := r.URL.Query()
	addr, hasAddr := q["address"]
	_, hasLon := q["lon"]
	_, hasLat := q["lat"]
	const usage = "give address=ADDRESS, or lon=LON&lat=LAT with optional crs=wgs84|gcj02|bd09"
	switch {
	case hasAddr && (hasLon || hasLat):
		writeError(w, http.StatusBadRequest, "parameters address and lon/lat given together: "+usage)
		return
	case hasAddr:
		if len(addr) > 1 {
			writeError(w, http.StatusBadRequest, "parameter address given more than once: "+usage)
			return
		}
		if q.Has("crs") {
			writeError(w, http.StatusBadRequest, "parameter crs applies to lon/lat only: "+usage)
			return
		}
		if s.opt.Counties != nil {
			s.countyByAddress(w, r, addr[0])
			return
		}
		s.byAddress(w, r, plan, addr[0])
	case hasLon || hasLat:
		if s.opt.Counties != nil {
			s.countyByPoint(w, q.Get("lon"), q.Get("lat"), q.Get("crs"))
			return
		}
		s.byPoint(w, plan, q.Get("lon"), q.Get("lat"), q.Get("crs"))
	default:
		writeError(w, http.StatusBadRequest, "missing parameter: "+usage)
	}
}

func (s *Server) byAddress(w http.ResponseWriter, r *http.Request, plan *lookup.Plan, addr string) {
	m, err := plan.Match(addr)
	if r.Context().Err() != nil {
		writeError(w, http.StatusServiceUnavailable, "request timed out")
		return
	}
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, m)
	case errors.Is(err, lookup.ErrNoMatch):
		writeJSON(w, http.StatusNotFound, errorBody{Error: "parameter address: " + strings.TrimPrefix(err.Error(), "lookup: "), Match: &m})
	default:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("parameter address: %s (accepted: a postal address of 1 to %d characters)",
			strings.TrimPrefix(err.Error(), "lookup: "), lookup.MaxQueryLen))
	}
}

func (s *Server) byPoint(w http.ResponseWriter, plan *lookup.Plan, lonS, latS, crsS string) {
	pt, err := parsePoint(lonS, latS, crsS)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	a, err := plan.Locate(pt)
	if err != nil {
		writeLocateError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// parsePoint reads a lookup's lon, lat and crs parameters into a WGS84
// point; the error is the 400 answer's text.
func parsePoint(lonS, latS, crsS string) (orb.Point, error) {
	lon, err := parseCoord("lon", lonS, 180)
	if err != nil {
		return orb.Point{}, err
	}
	lat, err := parseCoord("lat", latS, 90)
	if err != nil {
		return orb.Point{}, err
	}
	crs, err := geo.ParseCRS(crsS)
	if err != nil {
		return orb.Point{}, fmt.Errorf("parameter crs: unknown %q (accepted: wgs84, gcj02, bd09)", crsS)
	}
	return geo.ToWGS84(orb.Point{lon, lat}, crs), nil
}

// writeLocateError answers a point lookup that failed: 404 outside every
// zone, else 400.
func writeLocateError(w http.ResponseWriter, err error) {
	code := http.StatusBadRequest
	if errors.Is(err, lookup.ErrOutside) {
		code = http.StatusNotFound
	}
	writeError(w, code, "parameters lon, lat: "+strings.TrimPrefix(err.Error(), "lookup: "))
}

// parseCoord reads a decimal degree in [-limit, limit].
func parseCoord(name, s string, limit float64) (float64, error) {
	if s == "" {
		return 0, fmt.Errorf("missing parameter %s (accepted: decimal degrees %g..%g; give both lon and lat)", name, -limit, limit)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || len(s) > 32 {
		return 0, fmt.Errorf("parameter %s: %.32q is not a number (accepted: decimal degrees %g..%g)", name, s, -limit, limit)
	}
	if v < -limit || v > limit {
		return 0, fmt.Errorf("parameter %s: %g out of range (accepted: decimal degrees %g..%g)", name, v, -limit, limit)
	}
	return v, nil
}

// deadline gives each request a context deadline of Options.Timeout; the
// lookup checks it before answering. (http.TimeoutHandler would cost a
// goroutine and a buffered copy of every response; the lookups take
// microseconds, and the server's WriteTimeout bounds a stuck connection.)
func (s *Server) deadline(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.opt.Timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// recoverer turns a panic into a logged 500 with a JSON body.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", middleware.GetReqID(r.Context()), "path", r.URL.Path, "panic", fmt.Sprint(v))
				writeError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses bodies over MaxBodyBytes (MaxRunBodyBytes for a
// planner's run, which may carry a locks file) and caps what may be read.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.opt.MaxBodyBytes
		if s.runs != nil && r.Method == http.MethodPost && strings.TrimSuffix(r.URL.Path, "/") == "/api/v1/planner/runs" {
			limit = max(limit, MaxRunBodyBytes)
		}
		if r.ContentLength > limit {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body of %d bytes (accepted: at most %d; only the planner's what-if and runs take one)", r.ContentLength, limit))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// nosniff tells browsers to take every answer's Content-Type as given (the
// handlers set no X-Content-Type-Options of their own).
func nosniff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// rateLimit answers 429 with Retry-After to a client over its rate.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	if s.limits == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if wait, ok := s.limits.allow(s.clientIP(r), time.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
			writeError(w, http.StatusTooManyRequests, fmt.Sprintf("too many requests (accepted: %g a second per client, bursts of %d)", s.opt.Rate, s.opt.Burst))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limiter keeps a token bucket per client address, forgetting idle ones.
type limiter struct {
	mu      sync.Mutex
	r       rate.Limit
	burst   int
	clients map[string]*client
	sweep   time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(r rate.Limit, burst int) *limiter {
	return &limiter{r: r, burst: burst, clients: map[string]*client{}}
}

// idleAfter is how long a client's bucket is kept without requests: by then
// it is full again.
const idleAfter = 5 * time.Minute

// allow takes a token of ip's bucket; when there is none it returns how
// long until there is.
func (l *limiter) allow(ip string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > time.Minute {
		for k, c := range l.clients {
			if now.Sub(c.seen) > idleAfter {
				delete(l.clients, k)
			}
		}
		l.sweep = now
	}
	c := l.clients[ip]
	if c == nil {
		c = &client{lim: rate.NewLimiter(l.r, l.burst)}
		l.clients[ip] = c
	}
	c.seen = now
	if c.lim.AllowN(now, 1) {
		return 0, true
	}
	res := c.lim.ReserveN(now, 1)
	wait := res.DelayFrom(now)
	res.CancelAt(now)
	return wait, false
}

// observe logs each request (never its query) and counts it in the
// metrics by route pattern and status code.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w.Header().Set(middleware.RequestIDHeader, middleware.GetReqID(r.Context()))
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		took := time.Since(start)
		route := "other"
		if rc := chi.RouteContext(r.Context()); rc != nil && knownRoute(rc.RoutePattern()) {
			route = rc.RoutePattern()
		}
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		s.metrics.observe(route, status, took)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", middleware.GetReqID(r.Context())),
			slog.String("remote", s.clientIP(r)),
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", took))
	})
}

// HTTPServer returns an http.Server of the handler with bounded header,
// read, write and idle times and header size. The write timeout is that of
// an answer; a download extends its own (download.go).
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      s.opt.Timeout + 5*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Serve serves on ln until ctx is done, then shuts down gracefully: it
// stops accepting, lets requests in flight finish within ShutdownGrace, and
// returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := s.HTTPServer()
	srv.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("service: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	if s.runs != nil {
		s.runs.stop()
	}
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("service: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("service: %w", err)
	}
	return nil
}
