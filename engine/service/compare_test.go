package service

import (
	"context"
	"errors"

	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/browser"
	"github.com/hutubi-edu/zoning/engine/render/pack"
)

// The compare town is engine/compare/comparetest's: schools A (西城学校)
// and B (东城学校), halfway at 86.8985; the compound X (幸福小区,
// 86.890–86.892) nearer A than B. Capacity is ample, so a redraw for the
// shortest distance gives each home the nearer school.
const (
	xAddr   = comparetest.XAddr
	xHouses = comparetest.XHouses
)

// compareTown builds the town with its zones in force split at line (none
// when line is 0).
func compareTown(line float64) *comparetest.Town { return comparetest.NewAt(line) }

// fetch downloads a run's file, failing unless 200.
func fetch(tb testing.TB, base string, st RunStatus, name string) []byte {
	tb.Helper()
	for _, f := range st.Files {
		if f.Name == name {
			r := authed(tb, http.MethodGet, base+f.URL, runToken, "")
			if r.code != http.StatusOK {
				tb.Fatalf("%s: %d %s", f.URL, r.code, r.body)
			}
			if len(r.body) != f.Size {
				tb.Errorf("%s: %d bytes, status says %d", name, len(r.body), f.Size)
			}
			return r.body
		}
	}
	tb.Fatalf("no %s among the run's files", name)
	return nil
}

// movedSheet reads 调整名单 of a workbook: per row the plan, the child id,
// the old and the new school.
func movedSheet(tb testing.TB, b []byte) [][]string {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("调整名单")
	if err != nil {
		tb.Fatal(err)
	}
	if len(rows) == 0 || len(rows[0]) < 7 || rows[0][2] != "学生编号" || rows[0][5] != "原学校" || rows[0][6] != "新学校" {
		tb.Fatalf("调整名单 header %v", rows)
	}
	var out [][]string
	for _, r := range rows[1:] {
		out = append(out, []string{r[0], r[2], r[5], r[6]})
	}
	return out
}

// checkMoved checks that the moved rows are exactly want's children, each
// from school from to school to, under the plan name.
func checkMoved(t *testing.T, rows [][]string, name string, want []string, from, to string) {
	t.Helper()
	var got []string
	// Both schools of the town have both sections: the pack names the
	// section (小学部, 初中部).
	section := func(cell, school string) bool { return cell == school+"小学部" || cell == school+"初中部" }
	for _, r := range rows {
		got = append(got, r[1])
		if r[0] != name || !section(r[2], from) || !section(r[3], to) {
			t.Errorf("moved %v, want plan %s from %s to %s", r, name, from, to)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("moved %v, want %v", got, want)
	}
}

// TestRunCompare: with the zones in force split at 86.888, X lies in B's
// zone though nearer A; a compare run redrawing for the shortest distance
// gives X back to A, and the pack lists X's entrants (and nobody else)
// moving from 东城学校 to 西城学校.
func TestRunCompare(t *testing.T) {
	tw := compareTown(86.888)
	s := New(nil, Options{Runs: &RunsOptions{Dataset: tw.DS, Config: config.Default(), Token: runToken}})
	base := start(t, s)
	t0 := time.Now()
	id := submitRun(t, base, `{"kind": "compare", "objective": "distance", "name": "就近方案"}`)
	st := waitRun(t, base, id)
	t.Logf("compare run of the town over HTTP: %s", time.Since(t0).Round(time.Millisecond))
	if st.Status != RunDone {
		t.Fatalf("compare run %s: %s", st.Status, st.Error)
	}
	if st.Request.Kind != RunCompare || st.Request.Year != 2022 || st.Request.Name != "就近方案" {
		t.Errorf("request echoed as %+v", st.Request)
	}
	var names []string
	for _, f := range st.Files {
		names = append(names, f.Name)
	}
	// The town has both levels and straight distances: the 对口 table and
	// the concentration, no detours.csv (routes only).
	want := []string{"compare-concentration.csv", "compare-feeders.csv", "compare.gpkg", "compare.html", "compare.xlsx",
		"plan1-现行片区-notice.txt", "plan1-现行片区.geojson",
		"plan2-就近方案-changes.geojson", "plan2-就近方案-moves.csv", "plan2-就近方案-notice.txt", "plan2-就近方案.geojson"}
	_, chromium := browser.FindChromium()
	if chromium {
		want = append(want, "compare.pdf")
		slices.Sort(want)
	}
	if !slices.Equal(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
	if chromium {
		if pdf := fetch(t, base, st, "compare.pdf"); !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("compare.pdf starts %q", pdf[:min(8, len(pdf))])
		}
	} else if !slices.ContainsFunc(st.Notes, func(n string) bool { return strings.Contains(n, "compare.pdf not written") }) {
		t.Errorf("notes %q do not say compare.pdf is missing", st.Notes)
	}
	// The headline: X's 6 primary and 2 junior entrants move.
	for _, w := range []string{"就近方案, primary: 6 of 25 entrants change school, 6 households change zone (against 现行片区)",
		"就近方案, junior: 2 of 8 entrants change school, 6 households change zone (against 现行片区)"} {
		if !slices.Contains(st.Notes, w) {
			t.Errorf("notes %q lack %q", st.Notes, w)
		}
	}

	// compare.xlsx: 调整名单 lists X's entrants, 东城学校 → 西城学校.
	xlsx := fetch(t, base, st, "compare.xlsx")
	checkMoved(t, movedSheet(t, xlsx), "就近方案", tw.XMoved(), "东城学校", "西城学校")

	// The moves CSV says the same by ids: a row per entrant of X, then a
	// row per household of X at each level.
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(fetch(t, base, st, "plan2-就近方案-moves.csv"), []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 1+len(tw.XMoved())+len(dataset.Levels)*len(tw.XHouseholds) {
		t.Fatalf("moves CSV: %d rows, %v", len(rows), err)
	}
	for _, r := range rows[1:] {
		if r[4] != "B" || r[6] != "A" {
			t.Errorf("move %v, want B → A", r)
		}
	}
	// Media types of the pack's files.
	for name, ct := range map[string]string{"compare.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"compare.gpkg": "application/geopackage+sqlite3", "compare.html": "text/html", "plan1-现行片区-notice.txt": "text/plain"} {
		r := authed(t, http.MethodGet, base+"/api/v1/planner/runs/"+id+"/files/"+name, runToken, "")
		if got := r.header.Get("Content-Type"); !strings.HasPrefix(got, ct) {
			t.Errorf("%s: Content-Type %q, want %s", name, got, ct)
		}
	}
	// The pack's files need the token.
	for _, u := range []string{"/files/compare.xlsx", "/outputs.zip", ""} {
		if r := authed(t, http.MethodGet, base+"/api/v1/planner/runs/"+id+u, "", ""); r.code != http.StatusUnauthorized {
			t.Errorf("%s without token: %d, want 401", u, r.code)
		}
	}
}

// pinX is a locks text pinning X to B at both levels.
const pinX = "level,school_id,lock,address\nprimary,B,pin," + xAddr + "\njunior,B,pin," + xAddr + "\n"

// TestRunLocks: with the zones in force split at 86.898 (X is A's), a
// redraw for the shortest distance would leave X with A; a pin of X to B
// moves exactly X's entrants to B, in a redraw's outputs and in a compare
// run's pack.
func TestRunLocks(t *testing.T) {
	tw := compareTown(86.898)
	s := New(nil, Options{Runs: &RunsOptions{Dataset: tw.DS, Config: config.Default(), Token: runToken, ComparePDF: pack.PDFOff}})
	base := start(t, s)
	body := func(kind, locks string) string {
		b, err := json.Marshal(RunRequest{Kind: kind, Objective: "distance", Locks: locks})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	// Without locks: nobody moves.
	st := waitRun(t, base, submitRun(t, base, body(RunCompare, "")))
	if st.Status != RunDone {
		t.Fatalf("compare without locks %s: %s", st.Status, st.Error)
	}
	if rows := movedSheet(t, fetch(t, base, st, "compare.xlsx")); len(rows) != 0 {
		t.Errorf("without locks, moved %v, want nobody", rows)
	}
	if !slices.ContainsFunc(st.Notes, func(n string) bool { return strings.Contains(n, "the server prints no PDF") }) {
		t.Errorf("notes %q do not say the PDF is off", st.Notes)
	}
	if slices.ContainsFunc(st.Files, func(f RunFile) bool { return f.Name == "compare.pdf" }) {
		t.Error("compare.pdf with the server's PDF off")
	}

	// A compare with the pin: X's entrants move A → B, under the default name.
	st = waitRun(t, base, submitRun(t, base, body(RunCompare, pinX)))
	if st.Status != RunDone {
		t.Fatalf("compare with locks %s: %s", st.Status, st.Error)
	}
	if st.Request.Locks != pinX || st.Request.Name != DefaultRedrawName {
		t.Errorf("request echoed as %+v", st.Request)
	}
	checkMoved(t, movedSheet(t, fetch(t, base, st, "compare.xlsx")), DefaultRedrawName, tw.XMoved(), "西城学校", "东城学校")

	// A redraw with the pin: assignments.csv seats X's entrants at B, and
	// moves.csv (the dataset has zones in force) lists exactly them.
	st = waitRun(t, base, submitRun(t, base, body(RunRedraw, pinX)))
	if st.Status != RunDone {
		t.Fatalf("redraw with locks %s: %s", st.Status, st.Error)
	}
	read := func(name string) [][]string {
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(fetch(t, base, st, name), []byte("\ufeff")))).ReadAll()
		if err != nil || len(rows) == 0 {
			t.Fatalf("%s: %v", name, err)
		}
		return rows
	}
	as := read("assignments.csv")
	col := map[string]int{}
	for i, h := range as[0] {
		col[h] = i
	}
	seated := map[string]string{}
	for _, r := range as[1:] {
		seated[r[col["child_id"]]] = r[col["school_id"]]
	}
	for _, c := range tw.XMoved() {
		if seated[c] != "B" {
			t.Errorf("X's entrant %s seated at %q, want B (pinned)", c, seated[c])
		}
	}
	var moved []string
	homes := 0
	for _, r := range read("moves.csv")[1:] {
		if r[10] == engine.MoveKindEntrant {
			moved = append(moved, r[0])
		} else if r[0] == "" && slices.Contains(tw.XHouseholds, r[1]) {
			homes++
		}
		if r[4] != "A" || r[6] != "B" {
			t.Errorf("move %v, want A → B", r)
		}
	}
	slices.Sort(moved)
	if !slices.Equal(moved, tw.XMoved()) {
		t.Errorf("redraw moved %v, want X's %v", moved, tw.XMoved())
	}
	if want := len(dataset.Levels) * len(tw.XHouseholds); homes != want {
		t.Errorf("moves.csv lists %d households of X, want %d (each at both levels)", homes, want)
	}
}

// TestRunCompareRefused: requests a compare or locks cannot serve.
func TestRunCompareRefused(t *testing.T) {
	withZones := compareTown(86.898)
	s := New(nil, Options{Runs: &RunsOptions{Dataset: withZones.DS, Config: config.Default(), Token: runToken}})
	s.runs.job = func(ctx context.Context, req RunRequest, _ *engine.Locks) (runOutput, error) { return runOutput{}, nil }
	base := start(t, s)
	noZones := compareTown(0)
	s0 := New(nil, Options{Runs: &RunsOptions{Dataset: noZones.DS, Config: config.Default(), Token: runToken}})
	base0 := start(t, s0)

	js := func(v RunRequest) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	badLocks := "level,school_id,lock,address\n" +
		"primary,Z,pin," + xAddr + "\n" + // line 2: no school Z
		"primary,A,pin," + xAddr + "\n" + // line 3: fine
		"senior,A,pin," + xAddr + "\n" + // line 4: no level senior
		"primary,B,pin,呼图壁镇无此路1号\n" // line 5: no household
	cases := []struct {
		name, base, token, body string
		code                    int
		mention                 []string // in the error
		problems                []string // the problems listed, by prefix
	}{
		{"no zones in force", base0, runToken, `{"kind": "compare"}`, 400, []string{"no zones in force", "zones.geojson"}, nil},
		{"bad locks", base, runToken, js(RunRequest{Kind: RunCompare, Locks: badLocks}), 400,
			[]string{"field locks", "locks:2: school_id \"Z\"", "locks:4: level \"senior\"", "locks:5: address"}, []string{"locks:2: ", "locks:4: ", "locks:5: "}},
		{"bad locks of a redraw", base, runToken, js(RunRequest{Kind: RunRedraw, Locks: badLocks}), 400, []string{"locks:2:"}, []string{"locks:2: ", "locks:4: ", "locks:5: "}},
		{"locks without header", base, runToken, js(RunRequest{Kind: RunRedraw, Locks: "primary,A,pin\n"}), 400, []string{"locks:1: missing column"}, nil},
		{"locks of a simulation", base, runToken, js(RunRequest{Kind: RunSimulate, Locks: pinX}), 400, []string{"field locks", "redraw and compare"}, nil},
		{"public redraw", base, runToken, js(RunRequest{Kind: RunRedraw, Public: true}), 400, []string{"field public", "compare only"}, nil},
		{"locks too long", base, runToken, js(RunRequest{Kind: RunRedraw, Locks: pinX + strings.Repeat("#", MaxRunLocksBytes)}), 400, []string{"field locks", "at most 65536"}, nil},
		{"body too large", base, runToken, js(RunRequest{Kind: RunRedraw, Locks: strings.Repeat("x", MaxRunBodyBytes)}), 413, []string{"at most 262144"}, nil},
		{"name of a redraw", base, runToken, `{"kind": "redraw", "name": "x"}`, 400, []string{"field name", "kind compare only"}, nil},
		{"name too long", base, runToken, js(RunRequest{Kind: RunCompare, Name: strings.Repeat("方", MaxRunNameRunes+1)}), 400, []string{"field name", "at most 40"}, nil},
		{"name with a newline", base, runToken, js(RunRequest{Kind: RunCompare, Name: "a\nb"}), 400, []string{"field name"}, nil},
		{"to of a compare", base, runToken, `{"kind": "compare", "to": 2030}`, 400, []string{"field to"}, nil},
		{"compare of the base year", base, runToken, `{"kind": "compare", "year": 2021}`, 400, []string{"field year"}, nil},
		{"compare without token", base, "", `{"kind": "compare"}`, 401, []string{"Bearer"}, nil},
		{"locks without token", base, "", js(RunRequest{Kind: RunRedraw, Locks: badLocks}), 401, []string{"Bearer"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := authed(t, http.MethodPost, c.base+"/api/v1/planner/runs", c.token, c.body)
			if r.code != c.code {
				t.Fatalf("%d %s, want %d", r.code, r.body, c.code)
			}
			var e errorBody
			if err := json.Unmarshal(r.body, &e); err != nil {
				t.Fatalf("error body %s: %v", r.body, err)
			}
			for _, m := range c.mention {
				if !strings.Contains(e.Error, m) {
					t.Errorf("error %q does not mention %q", e.Error, m)
				}
			}
			if c.problems != nil {
				if len(e.Problems) != len(c.problems) {
					t.Fatalf("problems %q, want %d", e.Problems, len(c.problems))
				}
				for i, p := range c.problems {
					if !strings.HasPrefix(e.Problems[i], p) {
						t.Errorf("problem %d %q, want %s…", i, e.Problems[i], p)
					}
				}
			}
		})
	}
	// A compare with a good pin is accepted (the stub job runs it).
	if st := waitRun(t, base, submitRun(t, base, js(RunRequest{Kind: RunCompare, Locks: pinX}))); st.Status != RunDone {
		t.Errorf("good locks: %+v", st)
	}
}

// TestLocksProblemsBounded: a locks text with more bad lines than the
// answer lists ends its list with a count of the rest.
func TestLocksProblemsBounded(t *testing.T) {
	tw := compareTown(86.898)
	var b strings.Builder
	b.WriteString("level,school_id,lock,address\n")
	const bad = maxLocksProblems + 7
	for range bad {
		b.WriteString("primary,Z,pin,x\n")
	}
	s := New(nil, Options{Runs: &RunsOptions{Dataset: tw.DS, Token: runToken}})
	_, err := s.runs.validate(&RunRequest{Kind: RunRedraw, Locks: b.String()})
	var le *locksError
	if !errors.As(err, &le) {
		t.Fatalf("error %v, want a locksError", err)
	}
	list := le.list()
	if len(list) != maxLocksProblems+1 || list[maxLocksProblems] != "… and 7 more" {
		t.Errorf("%d problems listed, last %q; want %d and \"… and 7 more\"", len(list), list[len(list)-1], maxLocksProblems+1)
	}
	for i, p := range list[:maxLocksProblems] {
		if want := fmt.Sprintf("locks:%d: ", i+2); !strings.HasPrefix(p, want) {
			t.Errorf("problem %q, want %s…", p, want)
		}
	}
}

// TestPDFBudget: the PDF of a compare run under the server's mode and the
// time left of the run.
func TestPDFBudget(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		mode    pack.PDFMode
		has     bool          // the run has a deadline
		left    time.Duration // until it
		want    pack.PDFMode
		timeout time.Duration
		note    string
	}{
		{"off", pack.PDFOff, true, time.Hour, pack.PDFOff, 0, "the server prints no PDF"},
		{"on, whatever the time", pack.PDFOn, true, time.Second, pack.PDFOn, 0, ""},
		{"auto, no deadline", "", false, 0, pack.PDFAuto, 0, ""},
		{"auto, plenty of time", pack.PDFAuto, true, time.Hour, pack.PDFAuto, 0, ""},
		{"auto, 30 s left", pack.PDFAuto, true, 30 * time.Second, pack.PDFAuto, 30*time.Second - pdfReserve, ""},
		{"auto, just the reserve left", "", true, pdfReserve, pack.PDFOff, 0, "no time left within the run's time limit of 10m0s"},
		{"auto, past the deadline", "", true, -time.Second, pack.PDFOff, 0, "no time left"},
		{"bad mode goes to pack.Files", "maybe", true, time.Hour, "maybe", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mode, timeout, notes := pdfBudget(c.mode, now.Add(c.left), c.has, now, DefaultRunTimeout)
			if mode != c.want || timeout != c.timeout {
				t.Errorf("mode %q, timeout %s; want %q, %s", mode, timeout, c.want, c.timeout)
			}
			if (c.note == "") != (len(notes) == 0) || (c.note != "" && !strings.Contains(notes[0], c.note)) {
				t.Errorf("notes %q, want one with %q", notes, c.note)
			}
		})
	}
}

// BenchmarkSubmitLocks measures the check of a run request whose locks pin
// ten compounds of the default dataset (engine.ReadLocks over every
// household), which POST /api/v1/planner/runs does within the request's
// time limit.
func BenchmarkSubmitLocks(b *testing.B) {
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		b.Fatal(err)
	}
	var locks strings.Builder
	locks.WriteString("level,school_id,lock,address\n")
	seen := map[string]bool{}
	j := slices.IndexFunc(ds.Schools, func(s dataset.School) bool { return s.HasLevel(dataset.Primary) })
	for _, h := range ds.Households {
		c := ds.Parser().Parse(h.Address)
		if c.Compound == "" || seen[c.Key()] {
			continue
		}
		seen[c.Key()] = true
		fmt.Fprintf(&locks, "primary,%s,pin,%q\n", ds.Schools[j].ID, h.Address)
		if len(seen) == 10 {
			break
		}
	}
	s := New(nil, Options{Runs: &RunsOptions{Dataset: ds, Token: runToken}})
	b.SetBytes(int64(locks.Len()))
	for b.Loop() {
		req := RunRequest{Kind: RunRedraw, Locks: locks.String()}
		l, err := s.runs.validate(&req)
		if err != nil || len(l.Pins) != 10 {
			b.Fatalf("%v, %v", l, err)
		}
	}
}

// TestRunComparePublic: a compare run with "public": true offers the pack
// to hand out: no moves CSV, and its workbook has no sheet of children or
// households.
func TestRunComparePublic(t *testing.T) {
	tw := compareTown(86.888)
	s := New(nil, Options{Runs: &RunsOptions{Dataset: tw.DS, Config: config.Default(), Token: runToken, ComparePDF: pack.PDFOff}})
	base := start(t, s)
	st := waitRun(t, base, submitRun(t, base, `{"kind": "compare", "objective": "distance", "public": true}`))
	if st.Status != RunDone || !st.Request.Public {
		t.Fatalf("run %s (%s), request %+v", st.Status, st.Error, st.Request)
	}
	for _, f := range st.Files {
		if strings.HasSuffix(f.Name, "-moves.csv") {
			t.Errorf("the public pack offers %s", f.Name)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(fetch(t, base, st, "compare.xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		if sh == "调整名单" || sh == "调整住户" {
			t.Errorf("the public workbook has the sheet %s", sh)
		}
	}
}
