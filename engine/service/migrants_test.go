package service

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/migrants"
)

// migrantTown is one public school with 8 primary places and a row of 10
// households, each with a child entering grade 1 in 2022: 4 local, 4
// migrants with a residence permit, 2 without. Worked out: the 4 locals and
// the 4 permit holders are seated, the 2 others are not.
func migrantTown() *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021}}
	ds.Schools = []dataset.School{{ID: "pub", Name: "公办小学", Loc: orb.Point{86.880, 44.19}, PrimarySeats: 8, JuniorSeats: 10, AreaType: dataset.Urban, Public: true}}
	for i := 0; i < 10; i++ {
		hid := fmt.Sprintf("h%02d", i)
		h := dataset.Household{ID: hid, Loc: orb.Point{86.881 + 0.001*float64(i), 44.19}, Address: fmt.Sprintf("呼图壁镇园林路%d号", i+1), Hukou: dataset.Local}
		if i >= 4 {
			h.Hukou, h.Permit = dataset.Migrant, i < 8
		}
		ds.Households = append(ds.Households, h)
		ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%02d", i), HouseholdID: hid, BirthYear: 2016})
	}
	ds.Boundary = orb.MultiPolygon{{{{86.87, 44.18}, {86.90, 44.18}, {86.90, 44.20}, {86.87, 44.20}, {86.87, 44.18}}}}
	ds.Index()
	return ds
}

func TestPlacementMigrants(t *testing.T) {
	res, err := engine.Run(context.Background(), migrantTown(), engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	const token = "s3cret-planner"
	do := func(s *Server, target, auth string) (int, http.Header, []byte) {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		return rec.Code, rec.Header(), rec.Body.Bytes()
	}
	const path = "/api/v1/placement/migrants"
	if !knownRoute(path) {
		t.Errorf("%s is counted as other in the metrics", path)
	}

	s := New(nil, Options{})
	if code, _, _ := do(s, path, "Bearer "+token); code != http.StatusServiceUnavailable {
		t.Errorf("before SetMigrants: %d, want 503", code)
	}
	off, err := NewMigrants(res, "")
	if err != nil {
		t.Fatal(err)
	}
	s.SetMigrants(off)
	if code, _, _ := do(s, path, "Bearer "+token); code != http.StatusNotFound {
		t.Errorf("planner mode off: %d, want 404", code)
	}
	m, err := NewMigrants(res, token)
	if err != nil {
		t.Fatal(err)
	}
	s.SetMigrants(m)
	cases := []struct {
		name, target, auth string
		code               int
	}{
		{"no token", path, "", http.StatusUnauthorized},
		{"wrong token", path, "Bearer nope", http.StatusUnauthorized},
		{"not bearer", path, "Basic " + token, http.StatusUnauthorized},
		{"token", path, "Bearer " + token, http.StatusOK},
		{"token and year", path + "?year=2022", "Bearer " + token, http.StatusOK},
		{"other year", path + "?year=2023", "Bearer " + token, http.StatusBadRequest},
		{"bad year", path + "?year=abc", "Bearer " + token, http.StatusBadRequest},
		{"year twice", path + "?year=2022&year=2022", "Bearer " + token, http.StatusBadRequest},
		{"bad year, no token", path + "?year=abc", "", http.StatusUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, h, body := do(s, tc.target, tc.auth)
			if code != tc.code {
				t.Fatalf("%d %s, want %d", code, body, tc.code)
			}
			if !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("content type %q", h.Get("Content-Type"))
			}
			if code == http.StatusUnauthorized && h.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if code != http.StatusOK {
				var e struct{ Error string }
				if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
					t.Errorf("error body %s", body)
				}
				if strings.Contains(string(body), "c0") {
					t.Errorf("error names a child: %s", body)
				}
				return
			}
			var rep migrants.Report
			if err := json.Unmarshal(body, &rep); err != nil {
				t.Fatal(err)
			}
			// By hand: 4 permit holders all seated (share 1), 2 others unplaced.
			if rep.Year != 2022 || rep.Eligible.Children != 4 || rep.Eligible.Public != 4 || rep.Eligible.Share == nil || *rep.Eligible.Share != 1 ||
				rep.NoPermit.Children != 2 || rep.NoPermit.Unplaced != 2 || len(rep.Children) != 6 {
				t.Errorf("report %+v", rep)
			}
		})
	}
}

// FuzzPlacementMigrantsYear: any year parameter is answered 200 (the
// served year) or 400 with a JSON error, never a 5xx.
func FuzzPlacementMigrantsYear(f *testing.F) {
	res, err := engine.Run(context.Background(), migrantTown(), engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		f.Fatal(err)
	}
	m, err := NewMigrants(res, "tok")
	if err != nil {
		f.Fatal(err)
	}
	s := New(nil, Options{})
	s.SetMigrants(m)
	for _, seed := range []string{"2022", " 2022 ", "2023", "", "-1", "99999999999999999999", "2022x", "二〇二二", "0x7e6"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, year string) {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/placement/migrants?year="+url.QueryEscape(year), nil)
		req.Header.Set("Authorization", "Bearer tok")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		want := http.StatusBadRequest
		if y, err := strconv.Atoi(strings.TrimSpace(year)); err == nil && y == 2022 {
			want = http.StatusOK
		}
		if rec.Code != want {
			t.Fatalf("year %q: %d %s, want %d", year, rec.Code, rec.Body.Bytes(), want)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("year %q: body not JSON: %s", year, rec.Body.Bytes())
		}
	})
}
