package engine_test

import (
	"context"
	"fmt"
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
		{"lock kind", "level,school_id,lock,address\nprimary,w,freeze,\n", "locks.csv:2: lock \"freeze\": want pin, closed or share"},
		{"unknown address", "level,school_id,lock,address\nprimary,w,pin,呼图壁镇幸福路999号\n", "locks.csv:2: address \"呼图壁镇幸福路999号\" matches no household"},
		{"pin without place", "level,school_id,lock,address\nprimary,w,pin,\n", "locks.csv:2: a pin needs an address or lon and lat"},
		{"bad point", "level,school_id,lock,lon,lat\nprimary,w,pin,44.19,86.9\n", "locks.csv:2: lon \"44.19\", lat \"86.9\""},
		{"pin to a closed school", "level,school_id,lock,address\nprimary,e,closed,\nprimary,e,pin,呼图壁镇园林路3号\n", "locks.csv:3: pin to e, which the locks close"},
		// issue 17, item 9
		{"NaN pin", "level,school_id,lock,lon,lat\nprimary,w,pin,NaN,44.19\n", `locks.csv:2: lon "NaN", lat "44.19": want WGS84`},
		{"infinite pin", "level,school_id,lock,lon,lat\nprimary,w,pin,86.9,+Inf\n", `locks.csv:2: lon "86.9", lat "+Inf": want WGS84`},
		{"half a point", "level,school_id,lock,lon,lat\nprimary,w,pin,86.9,\n", "locks.csv:2: a pin by a point needs both lon and lat"},
		{"CSV error on the first row", "level,school_id,lock,address\nprimary,w,pin,园林\"路3号\n", "locks.csv:2: bare \" in non-quoted-field"},
		{"CSV error on a later row", "level,school_id,lock,address\nprimary,w,closed,\njunior,w,closed,\nprimary,e,pin,园林\"路3号\n", "locks.csv:4: bare \""},
		{"open quote", "level,school_id,lock,address\nprimary,w,closed,\nprimary,e,pin,\"园林路3号\njunior,e,closed,\n", "locks.csv:3: extraneous or missing \" in quoted-field (the quoted field opened here is still open at line 4)"},
		{"CSV error in the header", "level,\"school_id,lock\n", "locks.csv:1: extraneous or missing"},
		{"duplicate column", "level,school_id,lock,address,address\nprimary,w,pin,呼图壁镇园林路3号,\n", "locks.csv:1: column address appears twice (columns 4 and 5): keep one"},
		{"address and point", "level,school_id,lock,address,lon,lat\nprimary,w,pin,呼图壁镇园林路3号,86.9,44.19\n", `locks.csv:2: a pin names both an address ("呼图壁镇园林路3号") and lon, lat ("86.9", "44.19")`},
		{"every primary section closed", "level,school_id,lock\nprimary,w,closed\njunior,w,closed\nprimary,e,closed\n", "locks.csv:4: the locks close every public primary section (2)"},
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
	for _, s := range res.Level(dataset.Primary).Seats {
		if ds.Children[s.Child].HouseholdID == "h035" {
			if s.School != ds.SchoolIndex("w") || !s.Zoned {
				t.Errorf("pinned household placed at %d zoned %v, want the west school, zoned", s.School, s.Zoned)
			}
		}
	}
	jr := res.Level(dataset.Junior)
	for _, zk := range jr.Zoned {
		j := zk.School
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

func TestSharedZone(t *testing.T) {
	ds := town(40, 30, true)
	body := "level,school_id,lock,zone_id\nprimary,w,share,城区一片\nprimary,e,share,城区一片\n"
	locks, err := engine.ReadLocks(strings.NewReader(body), "locks.csv", ds)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: config.Default(), Locks: locks})
	if err != nil {
		t.Fatal(err)
	}
	files, err := res.Files()
	if err != nil {
		t.Fatal(err)
	}
	checkOutputs(t, ds, 2022, files)
	lr := res.Level(dataset.Primary)
	if len(lr.Zones) != 1 || len(lr.Zones[0].Schools) != 2 || lr.Zones[0].ID != "城区一片" {
		t.Fatalf("zones %+v, want one shared by both schools", lr.Zones)
	}
	// 40 entrants, 30 + 30 places: everyone is zoned, and the west school,
	// nearer for the western half, fills with first choices.
	m := res.Metrics().Levels["primary"]
	if m.Zones != 1 || *m.ZonedRatio != 1 {
		t.Errorf("zones %d zoned %v, want 1 zone and everyone zoned", m.Zones, *m.ZonedRatio)
	}
	if len(lr.Odds) != 2 {
		t.Fatalf("odds %+v", lr.Odds)
	}
	for _, o := range lr.Odds {
		if o.Applicants[0] != 20 || o.Admitted[0] != 20 {
			t.Errorf("odds %+v: want 20 first choices, all admitted (30 places each)", o)
		}
	}
}

func TestReadSharesProblems(t *testing.T) {
	ds := town(10, 100, true)
	for body, want := range map[string]string{
		"level,school_id,lock,zone_id\nprimary,w,share,\n":                                        "locks.csv:2: a share needs a zone_id",
		"level,school_id,lock,zone_id\nprimary,w,share,A\n":                                       "locks.csv:2: primary zone \"A\" is shared by one school only",
		"level,school_id,lock,zone_id\nprimary,w,share,A\nprimary,w,share,B\n":                    "locks.csv:3: school w already shares",
		"level,school_id,lock,zone_id\nprimary,w,share,A\nprimary,e,closed,\nprimary,e,share,A\n": "includes e, which the locks close",
	} {
		if _, err := engine.ReadLocks(strings.NewReader(body), "locks.csv", ds); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want %q", body, err, want)
		}
	}
}

// FuzzReadLocks: any bytes as a locks file give locks or problems, each
// as FILE:LINE: message with a line inside the file, and never a panic.
func FuzzReadLocks(f *testing.F) {
	ds := town(20, 100, true)
	f.Add("level,school_id,lock,address\nprimary,w,pin,呼图壁镇园林路3号\n")
	f.Add("level,school_id,lock,lon,lat\nprimary,w,pin,86.9,44.19\njunior,e,closed,,\n")
	f.Add("level,school_id,lock,zone_id\nprimary,w,share,城区\nprimary,e,share,城区\n")
	f.Add("level,school_id,lock\n\"primary,w\n")
	f.Add("level,school_id,lock,lon,lat\nprimary,w,pin,NaN,44.19\n")
	f.Add("level,school_id,lock,address,address\nprimary,w,pin,呼图壁镇园林路3号,\n")
	f.Add("level,school_id,lock,address,lon,lat\nprimary,w,pin,呼图壁镇园林路3号,86.9,44.19\n")
	f.Add("level,school_id,lock\nprimary,w,closed\nprimary,e,closed\n")
	f.Add("level,school_id,lock,address\nprimary,w,closed,\njunior,w,closed,\nprimary,e,pin,园林\"路3号\n")
	f.Fuzz(func(t *testing.T, body string) {
		locks, err := engine.ReadLocks(strings.NewReader(body), "locks.csv", ds)
		if err == nil {
			if locks == nil {
				t.Fatal("no locks and no error")
			}
			// What the reader accepts is whole: a pin by a point in
			// China (never NaN), never both an address and a point, and
			// an open public section left at each level.
			for _, p := range locks.Pins {
				if p.Loc != nil && (p.Address != "" || !(p.Loc[0] >= 73 && p.Loc[0] <= 136 && p.Loc[1] >= 3 && p.Loc[1] <= 54)) {
					t.Errorf("line %d: pin %+v accepted", p.Line, p)
				}
			}
			for _, level := range dataset.Levels {
				if len(locks.Closed[level]) == len(ds.Schools) {
					t.Errorf("every %s section closed, accepted", level)
				}
			}
			return
		}
		lines := strings.Count(body, "\n") + 1
		for _, p := range strings.Split(err.Error(), "\n") {
			var line int
			if _, serr := fmt.Sscanf(p, "locks.csv:%d:", &line); serr != nil || line < 1 || line > lines {
				t.Errorf("problem %q is not locks.csv:LINE: message with a line in 1..%d", p, lines)
			}
		}
	})
}
