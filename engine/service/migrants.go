package service

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/migrants"
)

// The planner's check of migrant children's placement:
//
//	GET /api/v1/placement/migrants?year=Y   bearer token: every migrant and
//	                                         disabled entrant of the year, the
//	                                         county shares against policy
//
// The answer names children and households by id: it is for planners and
// inspectors only, behind the bearer token, and never cached.

// Migrants is the migrant check of one run's target year, with the planner
// token that guards it.
type Migrants struct {
	token  string
	report *migrants.Report
}

// NewMigrants checks the placement of a run's migrant and disabled entrants
// (engine/migrants) for serving behind the bearer token; an empty token
// turns the endpoint off (404).
func NewMigrants(res *engine.Result, token string) (*Migrants, error) {
	rep, err := migrants.Check(res)
	if err != nil {
		return nil, fmt.Errorf("service: %w", err)
	}
	return &Migrants{token: token, report: rep}, nil
}

// SetMigrants serves m at /api/v1/placement/migrants (nil: the endpoint
// answers 503); safe while serving.
func (s *Server) SetMigrants(m *Migrants) { s.migrants.Store(m) }

// migrantRoutes registers the migrant check under /api/v1.
func (s *Server) migrantRoutes(r chi.Router) {
	token := func() string {
		if m := s.migrants.Load(); m != nil {
			return m.token
		}
		return ""
	}
	r.With(s.migrantsReady, s.requireToken(token)).Get("/placement/migrants", s.placementMigrants)
}

// migrantsReady answers 503 until SetMigrants.
func (s *Server) migrantsReady(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.migrants.Load() == nil {
			w.Header().Set("Retry-After", "5")
			writeError(w, http.StatusServiceUnavailable, "the migrant check is loading, or off (it needs a run: serve without --plan)")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// placementMigrants answers GET /api/v1/placement/migrants?year=Y: the
// report of the served run's year (year may be omitted; another year is
// refused, since a run takes longer than a request may: use `zoning
// migrants --year Y`).
func (s *Server) placementMigrants(w http.ResponseWriter, r *http.Request) {
	m := s.migrants.Load()
	if m == nil {
		writeError(w, http.StatusServiceUnavailable, "the migrant check is loading")
		return
	}
	q := r.URL.Query()
	if v, ok := q["year"]; ok {
		y, err := strconv.Atoi(strings.TrimSpace(v[0]))
		if len(v) > 1 || err != nil || y != m.report.Year {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("parameter year: %.16q (accepted: %d, the year of the served run; for another year run zoning migrants --year)", v[0], m.report.Year))
			return
		}
	}
	writeJSON(w, http.StatusOK, m.report)
}
