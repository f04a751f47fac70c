package simulate_test

import (
	"bytes"
	"testing"

	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// TestCompareScenarios: the checks failing in the evaluation year under one
// scenario only are told apart by scope, school, level and key, not by
// their sentence; a year the second simulation lacks counts as "-".
func TestCompareScenarios(t *testing.T) {
	fail := func(school, level, key, text string) compliance.Check {
		return compliance.Check{Scope: "school", SchoolID: school, Level: level, Key: key, Text: text}
	}
	pass := compliance.Check{Scope: "county", Key: compliance.KeyNearbyRatio, Pass: true, Text: "passes"}
	year := func(y int, checks ...compliance.Check) *simulate.Year {
		return &simulate.Year{Year: y, Report: compliance.Report{Year: y, Checks: checks}}
	}
	a := &simulate.Result{Years: []*simulate.Year{
		year(2024, fail("s1", "primary", compliance.KeyClassSize, "一小班额 56")),
		year(2025, pass, fail("s1", "primary", compliance.KeyClassSize, "一小班额 50"), fail("s2", "junior", compliance.KeySchoolSize, "二中校额")),
		year(2026),
	}}
	b := &simulate.Result{Years: []*simulate.Year{
		year(2024),
		year(2025, fail("s1", "primary", compliance.KeyClassSize, "一小班额 48"), fail("s3", "primary", compliance.KeyArtRooms, "三小美术教室")),
	}}
	v := simulate.Compare(a, b, [2]string{"A.yaml", "B.yaml"}, 2025)
	if !v.Evaluated || len(v.Only[0]) != 1 || v.Only[0][0] != "二中校额" || len(v.Only[1]) != 1 || v.Only[1][0] != "三小美术教室" {
		t.Errorf("only: %q, want 二中校额 under A and 三小美术教室 under B", v.Only)
	}
	var w bytes.Buffer
	v.Write(&w)
	want := "year  failing checks: A.yaml | B.yaml\n2024  1 | 0\n2025  2 | 2\n2026  0 | -\n" +
		"failing in 2025 only under A.yaml:\n  二中校额\nfailing in 2025 only under B.yaml:\n  三小美术教室\n"
	if w.String() != want {
		t.Errorf("written:\n%s\nwant:\n%s", w.String(), want)
	}
	// An evaluation year the second lacks: the years only.
	if v := simulate.Compare(a, b, [2]string{"A", "B"}, 2026); v.Evaluated || v.Only[0] != nil {
		t.Errorf("2026: %+v, want no comparison of failures", v)
	}
}
