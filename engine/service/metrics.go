package service

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// routes are the route labels of the metrics; any other path is "other",
// so that a client cannot grow the metrics without bound.
var routes = []string{"/", "/api/v1/area", "/api/v1/lookup", "/api/v1/placement/migrants", "/api/v1/planner/runs", "/api/v1/planner/runs/{id}", "/api/v1/planner/runs/{id}/files/{name}", "/api/v1/planner/runs/{id}/outputs.zip", "/api/v1/planner/whatif", "/api/v1/schools", "/api/v1/web", "/api/v1/web/equity", "/api/v1/web/roads", "/api/v1/zones", "/healthz", "/metrics", "/readyz", "/static/*", "other"}

func knownRoute(p string) bool { return p != "other" && slices.Contains(routes, p) }

// buckets are the upper bounds in seconds of the latency histogram.
var buckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// metrics counts requests by route and status code, and their latency by
// route, for the Prometheus text exposition format (version 0.0.4).
type metrics struct {
	mu     sync.RWMutex
	counts map[string]*atomic.Uint64 // route + "\x00" + code
	hist   map[string]*histogram
}

type histogram struct {
	counts []atomic.Uint64 // per bucket (not cumulative), then +Inf
	sumNS  atomic.Uint64
}

func newMetrics() *metrics {
	m := &metrics{counts: map[string]*atomic.Uint64{}, hist: map[string]*histogram{}}
	for _, r := range routes {
		m.hist[r] = &histogram{counts: make([]atomic.Uint64, len(buckets)+1)}
	}
	return m
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	key := route + "\x00" + strconv.Itoa(code)
	m.mu.RLock()
	c := m.counts[key]
	m.mu.RUnlock()
	if c == nil {
		m.mu.Lock()
		if c = m.counts[key]; c == nil {
			c = new(atomic.Uint64)
			m.counts[key] = c
		}
		m.mu.Unlock()
	}
	c.Add(1)
	h := m.hist[route]
	sec := d.Seconds()
	i := sort.SearchFloat64s(buckets, sec) // first bound ≥ sec
	h.counts[i].Add(1)
	h.sumNS.Add(uint64(max(d, 0)))
}

// write writes the metrics in the Prometheus text format.
func (m *metrics) write(w io.Writer) {
	m.mu.RLock()
	keys := make([]string, 0, len(m.counts))
	for k := range m.counts {
		keys = append(keys, k)
	}
	m.mu.RUnlock()
	sort.Strings(keys)
	fmt.Fprintln(w, "# HELP zoning_http_requests_total HTTP requests by route and status code.")
	fmt.Fprintln(w, "# TYPE zoning_http_requests_total counter")
	for _, k := range keys {
		route, code, _ := cut(k)
		m.mu.RLock()
		n := m.counts[k].Load()
		m.mu.RUnlock()
		fmt.Fprintf(w, "zoning_http_requests_total{route=%q,code=%q} %d\n", route, code, n)
	}
	fmt.Fprintln(w, "# HELP zoning_http_request_duration_seconds Latency of HTTP requests by route.")
	fmt.Fprintln(w, "# TYPE zoning_http_request_duration_seconds histogram")
	for _, r := range routes {
		h := m.hist[r]
		var cum uint64
		for i, b := range buckets {
			cum += h.counts[i].Load()
			fmt.Fprintf(w, "zoning_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", r, strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		cum += h.counts[len(buckets)].Load()
		fmt.Fprintf(w, "zoning_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, cum)
		fmt.Fprintf(w, "zoning_http_request_duration_seconds_sum{route=%q} %s\n", r, strconv.FormatFloat(float64(h.sumNS.Load())/1e9, 'g', -1, 64))
		fmt.Fprintf(w, "zoning_http_request_duration_seconds_count{route=%q} %d\n", r, cum)
	}
}

func cut(k string) (route, code string, ok bool) {
	for i := 0; i < len(k); i++ {
		if k[i] == 0 {
			return k[:i], k[i+1:], true
		}
	}
	return k, "", false
}
