package service

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/engine/planstore"
)

// Counties are the counties a server answers for in zoning serve --db: every
// county published in a planstore, each switched whole to a new version as
// soon as it is loaded (a lookup sees the old plan or the new one, never
// half of one). It implements planstore.Follower. Safe for concurrent use.
//
// A point's county is the one whose zones' extent holds it and whose zones
// do (the first by code when several do); an address's county is the one
// its leading province, city and county names name, else the one whose
// gazetteer matches it best (exact, then normalised, range, fuzzy by
// score). Answers name the county (county_code, and county in the answer)
// and the version.
type Counties struct {
	mu        sync.Mutex // serialises writers
	set       atomic.Pointer[countySet]
	loaded    atomic.Bool // the first load is done
	configure func(*lookup.Plan)
	log       *slog.Logger
	// failures are the counties that could not be loaded, by code ("":
	// the store), with the error; shown by /readyz.
	failMu   sync.Mutex
	failures map[string]string
}

// countySet is an immutable snapshot of the counties served, by code.
type countySet struct {
	list []*planstore.County // sorted by code
}

// NewCounties returns an empty set; configure (nil: none) is applied to
// each plan before it is served (lookup.Plan.Configure: the walk's speed
// and cut-off).
func NewCounties(configure func(*lookup.Plan), log *slog.Logger) *Counties {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Counties{configure: configure, log: log, failures: map[string]string{}}
	c.set.Store(&countySet{})
	return c
}

// Served returns the version served of each county.
func (c *Counties) Served() map[string]int {
	out := map[string]int{}
	for _, k := range c.set.Load().list {
		out[k.County] = k.Version
	}
	return out
}

// Apply serves k in place of its county's version served.
func (c *Counties) Apply(k *planstore.County) {
	if c.configure != nil {
		c.configure(k.Plan)
	}
	c.mu.Lock()
	old := c.set.Load().list
	list := make([]*planstore.County, 0, len(old)+1)
	for _, o := range old {
		if o.County != k.County {
			list = append(list, o)
		}
	}
	list = append(list, k)
	slices.SortFunc(list, func(a, b *planstore.County) int { return cmp.Compare(a.County, b.County) })
	c.set.Store(&countySet{list: list})
	c.mu.Unlock()
	c.failMu.Lock()
	delete(c.failures, k.County)
	c.failMu.Unlock()
	c.log.Info("county loaded", "county", k.County, "name", k.Name, "version", k.Version)
}

// Failed records a county that could not be loaded; its version served
// before, if any, stays served. A nil err forgets the failure.
func (c *Counties) Failed(county string, err error) {
	if err == nil {
		c.failMu.Lock()
		delete(c.failures, county)
		c.failMu.Unlock()
		return
	}
	c.failMu.Lock()
	c.failures[county] = err.Error()
	c.failMu.Unlock()
	c.log.Error("county not loaded", "county", county, "error", err.Error())
}

// Loaded marks the first load done: /readyz answers 200 from then on when
// a county is served.
func (c *Counties) Loaded() { c.loaded.Store(true) }

// Follow loads every county of st, marks the set loaded, then follows new
// versions until ctx is done (planstore.Store.Follow, polling every poll).
func (c *Counties) Follow(ctx context.Context, st *planstore.Store, poll time.Duration) {
	if err := st.Sync(ctx, c); err != nil && ctx.Err() == nil {
		c.Failed("", err)
	}
	c.Loaded()
	st.Follow(ctx, c, poll)
}

// ErrAmbiguous is wrapped by Match's error when the best matches of an
// address are in several counties: its candidates then name the counties.
var ErrAmbiguous = errors.New("the address names places in several counties")

// Locate answers for a point (WGS84 lon, lat): the county whose extent
// holds it and whose zones do. Its error wraps lookup.ErrOutside when no
// county's zones hold it.
func (c *Counties) Locate(pt orb.Point) (*planstore.County, lookup.Answer, error) {
	list := c.set.Load().list
	var firstErr error
	for _, k := range list {
		if !k.Bound.Contains(pt) {
			continue
		}
		a, err := k.Plan.Locate(pt)
		if err == nil {
			return k, a, nil
		}
		if !errors.Is(err, lookup.ErrOutside) {
			return nil, lookup.Answer{}, err
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		for _, k := range list[:min(1, len(list))] { // the point's checks, in words
			if _, err := k.Plan.Locate(pt); !errors.Is(err, lookup.ErrOutside) {
				return nil, lookup.Answer{}, err
			}
		}
	}
	return nil, lookup.Answer{}, fmt.Errorf("lookup: point (%.6f, %.6f) is %w of every county served (%d)", pt[0], pt[1], lookup.ErrOutside, len(list))
}

// named returns the counties whose names the address starts with, and the
// address without them; none when it names no county (or when the longest
// names fit several counties equally: the gazetteers decide).
func named(list []*planstore.County, addr string) ([]*planstore.County, []string) {
	var (
		best  []*planstore.County
		rests []string
		most  int
	)
	for _, k := range list {
		rest, own := addr, false
		for {
			cut := ""
			for _, p := range k.Prefixes {
				if len(p) > len(cut) && strings.HasPrefix(rest, p) {
					cut = p
				}
			}
			if k.Name != "" && len(k.Name) > len(cut) && strings.HasPrefix(rest, k.Name) {
				cut = k.Name
			}
			if cut == "" {
				break
			}
			if cut == k.Name || len(k.Prefixes) > 0 && cut == k.Prefixes[len(k.Prefixes)-1] {
				own = true
			}
			rest = rest[len(cut):]
		}
		n := len(addr) - len(rest)
		switch {
		case !own || n < most:
		case n > most:
			best, rests, most = []*planstore.County{k}, []string{rest}, n
		default:
			best, rests = append(best, k), append(rests, rest)
		}
	}
	return best, rests
}

// rank orders matches: exact, normalised, range, fuzzy by score, none.
func rank(m lookup.Match) float64 {
	switch m.How {
	case lookup.HowExact:
		return 4
	case lookup.HowNormalised:
		return 3
	case lookup.HowRange:
		return 2
	case lookup.HowFuzzy:
		return 1 + m.Score/2
	}
	return 0
}

// Match answers for an address: in the county its leading names name, else
// in the one county whose gazetteer holds it as written (normalised), else
// in the county whose gazetteer matches it best. Its error wraps
// lookup.ErrNoMatch when no county has a place for it (the Match then lists
// candidates, each with its county's name in front), ErrAmbiguous when
// several counties match it equally well.
func (c *Counties) Match(addr string) (*planstore.County, lookup.Match, error) {
	addr = strings.TrimSpace(addr)
	list := c.set.Load().list
	cands, rests := named(list, addr)
	if len(cands) == 0 {
		// The counties whose gazetteers hold the address as written
		// (normalised) are asked first; the others only when none does
		// or the one that does answers with less than that.
		for _, k := range list {
			if k.Knows(addr) {
				cands, rests = append(cands, k), append(rests, addr)
			}
		}
		if len(cands) == 1 {
			if m, err := cands[0].Plan.Match(addr); err == nil && rank(m) >= rank(lookup.Match{How: lookup.HowNormalised}) {
				return cands[0], m, nil
			}
		}
		if len(cands) != 1 && len(cands) > 0 {
			return c.best(addr, cands, rests, len(list))
		}
		cands = list
		rests = make([]string, len(list))
		for i := range rests {
			rests[i] = addr
		}
	}
	return c.best(addr, cands, rests, len(list))
}

// best asks each candidate county's plan for rests[i] and answers with the
// best match; served is the number of counties served, for the messages.
func (c *Counties) best(addr string, cands []*planstore.County, rests []string, served int) (*planstore.County, lookup.Match, error) {
	type hit struct {
		k *planstore.County
		m lookup.Match
		r float64
	}
	var (
		hits  []hit
		other []lookup.Candidate
	)
	for i, k := range cands {
		m, err := k.Plan.Match(rests[i])
		m.Query = addr
		switch {
		case err == nil:
			hits = append(hits, hit{k, m, rank(m)})
		case errors.Is(err, lookup.ErrNoMatch):
			for _, cd := range m.Candidates {
				other = append(other, lookup.Candidate{Address: k.Name + cd.Address, Score: cd.Score})
			}
		default: // the query itself is bad: the same in every county
			return nil, m, err
		}
	}
	if len(hits) == 0 {
		slices.SortStableFunc(other, func(a, b lookup.Candidate) int { return cmp.Compare(b.Score, a.Score) })
		m := lookup.Match{Query: addr, How: lookup.HowNone, Candidates: other[:min(5, len(other))]}
		return nil, m, fmt.Errorf("lookup: %q: %w in any county served (%d)", addr, lookup.ErrNoMatch, served)
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.r, a.r) })
	if len(hits) > 1 && hits[1].r == hits[0].r {
		m := lookup.Match{Query: addr, How: lookup.HowNone}
		var names []string
		for _, h := range hits {
			if h.r == hits[0].r {
				names = append(names, h.k.Name+" ("+h.k.County+")")
				m.Candidates = append(m.Candidates, lookup.Candidate{Address: h.k.Name + h.m.Address, Score: h.m.Score})
			}
		}
		return nil, m, fmt.Errorf("lookup: %q: %w: %s (accepted: the address with its county's name in front)", addr, ErrAmbiguous, strings.Join(names, ", "))
	}
	return hits[0].k, hits[0].m, nil
}

// countyAnswer is a point's answer with its county.
type countyAnswer struct {
	CountyCode string `json:"county_code"`
	Version    int    `json:"version"`
	lookup.Answer
}

// countyMatch is an address's answer with its county.
type countyMatch struct {
	CountyCode string `json:"county_code"`
	Version    int    `json:"version"`
	lookup.Match
}

// countyByAddress answers an address lookup across the counties.
func (s *Server) countyByAddress(w http.ResponseWriter, r *http.Request, addr string) {
	k, m, err := s.opt.Counties.Match(addr)
	if r.Context().Err() != nil {
		writeError(w, http.StatusServiceUnavailable, "request timed out")
		return
	}
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, countyMatch{CountyCode: k.County, Version: k.Version, Match: m})
	case errors.Is(err, lookup.ErrNoMatch), errors.Is(err, ErrAmbiguous):
		writeJSON(w, http.StatusNotFound, errorBody{Error: "parameter address: " + strings.TrimPrefix(err.Error(), "lookup: "), Match: &m})
	default:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("parameter address: %s (accepted: a postal address of 1 to %d characters)",
			strings.TrimPrefix(err.Error(), "lookup: "), lookup.MaxQueryLen))
	}
}

// countyByPoint answers a point lookup across the counties.
func (s *Server) countyByPoint(w http.ResponseWriter, lonS, latS, crsS string) {
	pt, err := parsePoint(lonS, latS, crsS)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	k, a, err := s.opt.Counties.Locate(pt)
	if err != nil {
		writeLocateError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, countyAnswer{CountyCode: k.County, Version: k.Version, Answer: a})
}

// CountyStatus is a county of /readyz.
type CountyStatus struct {
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Version     int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
}

// ready tells whether lookups are answered: the first load done and a
// county served.
func (c *Counties) ready() bool { return c.loaded.Load() && len(c.set.Load().list) > 0 }

// countiesReady answers /readyz: the counties and versions served, and
// those that failed to load.
func (s *Server) countiesReady(w http.ResponseWriter) {
	c := s.opt.Counties
	body := map[string]any{"status": "ready"}
	list := []CountyStatus{}
	for _, k := range c.set.Load().list {
		list = append(list, CountyStatus{Code: k.County, Name: k.Name, Version: k.Version, PublishedAt: k.PublishedAt})
	}
	body["counties"] = list
	c.failMu.Lock()
	if len(c.failures) > 0 {
		f := map[string]string{}
		for k, v := range c.failures {
			f[k] = v
		}
		body["failures"] = f
	}
	c.failMu.Unlock()
	code := http.StatusOK
	switch {
	case !c.loaded.Load():
		body["status"], body["error"] = "loading", "the counties' plans are loading"
		code = http.StatusServiceUnavailable
	case len(list) == 0:
		body["status"], body["error"] = "empty", "no county is published in the database (zoning publish --db URL)"
		code = http.StatusServiceUnavailable
	}
	if code != http.StatusOK {
		w.Header().Set("Retry-After", "5")
	}
	writeJSON(w, code, body)
}
