package service

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// BenchmarkHandler drives the handler in process: routing, middlewares,
// lookup and JSON, without the network.
func BenchmarkHandler(b *testing.B) {
	r, plan := defaultPlan(b)
	s := New(plan, Options{Rate: -1})
	hs := r.Dataset.Households
	for _, kind := range []string{"coordinates", "address"} {
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				h := &hs[(i*7919)%len(hs)]
				target := fmt.Sprintf("/api/v1/lookup?lon=%v&lat=%v", h.Loc[0], h.Loc[1])
				if kind == "address" {
					target = "/api/v1/lookup?address=" + url.QueryEscape(h.Address)
				}
				rec := httptest.NewRecorder()
				s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
				}
			}
		})
	}
}

// BenchmarkHTTP drives the real server over loopback, one connection.
func BenchmarkHTTP(b *testing.B) {
	r, plan := defaultPlan(b)
	base := start(b, New(plan, Options{Rate: -1}))
	h := &r.Dataset.Households[0]
	u := fmt.Sprintf("%s/api/v1/lookup?lon=%v&lat=%v", base, h.Loc[0], h.Loc[1])
	for b.Loop() {
		if g := get(b, u); g.code != 200 {
			b.Fatal(g.code)
		}
	}
}
