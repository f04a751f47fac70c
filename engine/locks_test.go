package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

func TestReadLocksProblems(t *testing.T) {
	ds := town(20, 100, true)
	cases := []struct {
		name, body, want string
	}{
		{"no header", "", "locks.csv:1: no header"},
		{"missing column", "level,school_id\nprimary,w\n", "locks.csv:1: missing column lock"},
		{"level", "level,school_id,lock,address\nsenior,w,closed,\n", "locks.csv:2: level \"senior\""},
		{"school", "level,school_id,lock,address\nprimary,w,closed,\nprimary,zz,closed,\n", "locks.csv:3: school_id \"zz\" does not exist"},
		{"lock kind", "level,school_id,lock,address\nprimary,w,freeze,\n", "locks.csv:2: lock \"freeze\": want pin or closed"},
		{"unknown address", "level,school_id,lock,address\nprimary,w,pin,呼图壁镇幸福路999号\n", "locks.csv:2: address \"呼图壁镇幸福路999号\" matches no household"},
		{"pin without place", "level,school_id,lock,address\nprimary,w,pin,\n", "locks.csv:2: a pin needs an address or lon and lat"},
		{"bad point", "level,school_id,lock,lon,lat\nprimary,w,pin,44.19,86.9\n", "locks.csv:2: lon \"44.19\", lat \"86.9\""},
		{"pin to a closed school", "level,school_id,lock,address\nprimary,e,closed,\nprimary,e,pin,呼图壁镇园林路3号\n", "locks.csv:3: pin to e, which the locks close"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := engine.ReadLocks(strings.NewReader(tc.body), "locks.csv", ds)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestLocksAreRespected(t *testing.T) {
	ds := town(40, 100, true)
	// Household 35 lives near the east school; pin it to the west one, and
	// close the junior section of the east school.
	body := "level,school_id,lock,address\nprimary,w,pin,呼图壁镇园林路36号\njunior,e,closed,\n"
	locks, err := engine.ReadLocks(strings.NewReader(body), "locks.csv", ds)
	if err != nil {
		t.Fatal(err)
	}
	res, files := func() (*engine.Result, map[string][]byte) {
		res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: config.Default(), Locks: locks})
		if err != nil {
			t.Fatal(err)
		}
		f, err := res.Files()
		if err != nil {
			t.Fatal(err)
		}
		return res, f
	}()
	checkOutputs(t, ds, 2022, files)
	h := ds.HouseholdIndex("h035")
	for _, s := range res.Level(dataset.Primary).Seats {
		if ds.Children[s.Child].HouseholdID == "h035" {
			if s.School != ds.SchoolIndex("w") || !s.Zoned {
				t.Errorf("pinned household placed at %d zoned %v, want the west school, zoned", s.School, s.Zoned)
			}
		}
	}
	_ = h
	jr := res.Level(dataset.Junior)
	for _, j := range jr.Zoned {
		if ds.Schools[j].ID == "e" {
			t.Error("the closed junior section has a zone")
		}
	}
	for _, s := range jr.Seats {
		if s.School == ds.SchoolIndex("e") {
			t.Errorf("child %s placed at the closed section", ds.Children[s.Child].ID)
		}
	}
}
