package service_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"time"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/service"
)

// A planner triggers a redraw of 2027 on the served dataset, polls its
// status and lists the files to download.
func ExampleRunsOptions() {
	ds, err := dataset.LoadDir(filepath.Join("..", "dataset", "testdata", "valid"))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := service.New(nil, service.Options{Runs: &service.RunsOptions{Dataset: ds, Config: config.Default(), Token: "s3cret"}})
	do := func(method, path, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer s3cret")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		return rec
	}
	rec := do(http.MethodPost, "/api/v1/planner/runs", `{"kind": "redraw", "year": 2027, "objective": "distance"}`)
	var queued struct{ ID, Status string }
	_ = json.Unmarshal(rec.Body.Bytes(), &queued)
	fmt.Println(rec.Code, queued.Status)

	var st service.RunStatus
	for range 600 { // a bounded number of polls
		_ = json.Unmarshal(do(http.MethodGet, "/api/v1/planner/runs/"+queued.ID, "").Body.Bytes(), &st)
		if st.Status == service.RunDone || st.Status == service.RunFailed {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Println(st.Status)
	for _, f := range st.Files {
		fmt.Println(strings.TrimPrefix(f.URL, "/api/v1/planner/runs/"+queued.ID))
	}
	// Output:
	// 202 queued
	// done
	// /files/assignments.csv
	// /files/metrics.json
	// /files/moves.csv
	// /files/report.html
	// /files/zones.csv
	// /files/zones.geojson
}
