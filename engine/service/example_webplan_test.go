package service_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/service"
)

// The web map of a published plan folder: its zones (zones.geojson, here
// built in code) and school figures (metrics.json); the what-if needs a run.
func ExampleNewWebFromPlan() {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "示例县"},
		Schools: []dataset.School{{ID: "s1", Name: "一小", Loc: orb.Point{86.5, 44.5}}}}
	zones := []dataset.Zone{{Level: dataset.Primary, SchoolID: "s1",
		Geometry: orb.MultiPolygon{{{{86, 44}, {87, 44}, {87, 45}, {86, 45}, {86, 44}}}}}}
	metrics := []byte(`{"year":2027,"schools":[{"school_id":"s1","level":"primary","entrants":30,"intake_capacity":40}]}`)
	web, err := service.NewWebFromPlan(ds, zones, metrics, service.WebOptions{Token: "s3cret"})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := service.New(nil, service.Options{Rate: -1})
	s.SetWeb(web)
	for _, r := range []*http.Request{
		httptest.NewRequest("GET", "/api/v1/schools", nil),
		httptest.NewRequest("POST", "/api/v1/planner/whatif", strings.NewReader(`{}`)),
	} {
		if r.Method == "POST" {
			r.Header.Set("Authorization", "Bearer s3cret")
		}
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, r)
		fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
	}
	// Output:
	// 200 [{"id":"s1","name":"一小","location":[86.5,44.5],"colour":0,"levels":[{"level":"primary","entrants":30,"intake_capacity":40,"zoned":0,"students":0,"classes":0,"utilisation":0.75,"mean_distance_m":null}]}]
	// 503 {"error":"what-if needs a run of the dataset (zoning serve without --plan)"}
}
