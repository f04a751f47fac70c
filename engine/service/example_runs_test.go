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
	"github.com/hutubi-edu/zoning/engine/render/pack"
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

// A planner asks for the meeting pack of a redraw against the zones in
// force, with a pin (locks: 呼图壁镇某路9号 to the primary section of S3) and
// a name, on a server that prints no PDF.
func ExampleRunRequest_compare() {
	ds, err := dataset.LoadDir(filepath.Join("..", "dataset", "testdata", "valid"))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := service.New(nil, service.Options{Runs: &service.RunsOptions{Dataset: ds, Config: config.Default(), Token: "s3cret",
		ComparePDF: pack.PDFOff}})
	do := func(method, path, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer s3cret")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		return rec
	}
	body, _ := json.Marshal(service.RunRequest{Kind: service.RunCompare, Year: 2027, Objective: "distance", Name: "东区调整",
		Locks: "level,school_id,lock,address\nprimary,S3,pin,呼图壁镇某路9号\n"})
	rec := do(http.MethodPost, "/api/v1/planner/runs", string(body))
	var queued struct{ ID, Status, Error string }
	_ = json.Unmarshal(rec.Body.Bytes(), &queued)
	fmt.Println(rec.Code, queued.Status+queued.Error)

	var st service.RunStatus
	for range 600 { // a bounded number of polls
		_ = json.Unmarshal(do(http.MethodGet, "/api/v1/planner/runs/"+queued.ID, "").Body.Bytes(), &st)
		if st.Status == service.RunDone || st.Status == service.RunFailed {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Println(st.Status + st.Error)
	for _, f := range st.Files {
		fmt.Println(f.Name)
	}
	if len(st.Notes) > 0 {
		fmt.Println(st.Notes[0])
	}
	// Output:
	// 202 queued
	// done
	// compare-concentration.csv
	// compare-feeders.csv
	// compare.gpkg
	// compare.html
	// compare.xlsx
	// plan1-现行片区-notice.txt
	// plan1-现行片区.geojson
	// plan2-东区调整-changes.geojson
	// plan2-东区调整-moves.csv
	// plan2-东区调整-notice.txt
	// plan2-东区调整.geojson
	// note: compare.pdf not written (the server prints no PDF); print compare.html from a browser instead
}
