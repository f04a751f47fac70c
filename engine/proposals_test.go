package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// rowTown is a primary-only town along 44.19 N: schools w (86.880), e
// (86.917) and f (86.960) in a row, 20 households with one entrant each
// near w (86.880–86.890), 20 near e (86.907–86.917) and 5 near f
// (86.955–86.959), so that the nearest-school partition gives w and e 20
// entrants each and f 5. Near w, households 0–5 are local, 6–13 migrants
// with a residence permit, 14–19 migrants without; the others are local.
// w, e and f are the schools' intake places for 2022 (0: no primary
// section).
func rowTown(w, e, f int) *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试镇", BaseYear: 2021}}
	for _, s := range []struct {
		id, name string
		lon      float64
		intake   int
	}{{"w", "西小学", 86.880, w}, {"e", "东小学", 86.917, e}, {"f", "远小学", 86.960, f}} {
		if s.intake == 0 {
			continue
		}
		in := s.intake
		ds.Schools = append(ds.Schools, dataset.School{ID: s.id, Name: s.name, Loc: orb.Point{s.lon, 44.19}, PrimarySeats: 6 * in,
			PrimaryIntake: &in, AreaType: dataset.Urban, Public: true})
	}
	for i := range 45 {
		hid := fmt.Sprintf("h%03d", i)
		lon := 86.880 + 0.010*float64(i)/19
		hh := dataset.Household{ID: hid, Address: fmt.Sprintf("呼图壁镇园林路%d号", i+1), Hukou: dataset.Local}
		switch {
		case i >= 40:
			lon = 86.955 + 0.001*float64(i-40)
		case i >= 20:
			lon = 86.907 + 0.010*float64(i-20)/19
		case i >= 6:
			hh.Hukou, hh.Permit = dataset.Migrant, i < 14
		}
		hh.Loc = orb.Point{lon, 44.19 + 0.0005*float64(i%2)}
		ds.Households = append(ds.Households, hh)
		ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%03d", i), HouseholdID: hid, BirthYear: 2016, Grade: 0})
	}
	ds.Boundary = orb.MultiPolygon{{{{86.87, 44.18}, {86.97, 44.18}, {86.97, 44.20}, {86.87, 44.20}, {86.87, 44.18}}}}
	ds.Index()
	return ds
}

// TestShareProposals checks the proposals on rowTown against figures
// worked out by hand: w's nearby demand is 20; it overflows when 20 is above
// 1.5 times its intake (intake 13 or less), by 20 − intake; e borders it
// with 20 entrants of its own, f (5 entrants) borders e only. w–e is
// 0.037° of longitude at 44.19° N, 2.95 km; w–f 0.08°, 6.38 km.
func TestShareProposals(t *testing.T) {
	cases := []struct {
		name    string
		w, e, f int
		reach   float64  // zoning.share_reach_m; 0: the default, 5000 m
		schools []string // the proposal's schools; nil: no proposal
		short   int
	}{
		{"2× intake: e absorbs the overflow", 10, 30, 50, 0, []string{"w", "e"}, 0},
		{"ratio 1.54: e absorbs", 13, 30, 50, 0, []string{"w", "e"}, 0},
		{"ratio 1.43: below 1.5", 14, 30, 50, 0, nil, 0},
		{"no overflow", 20, 30, 50, 0, nil, 0},
		// Overflow 12, e's spare 5: f (spare 45), bordering e's area,
		// joins for 7 when 6.4 km is within reach; else 7 are short.
		{"e short: f joins", 8, 25, 50, 7000, []string{"w", "e", "f"}, 0},
		{"e short: f beyond 5 km", 8, 25, 50, 0, []string{"w", "e"}, 7},
		// e is 2.97 km from w.
		{"e beyond 2.5 km", 10, 30, 50, 2500, nil, 0},
		// f's spare is 1: 6 of the overflow of 12 find no spare place.
		{"f spare 1: short 6", 8, 25, 6, 7000, []string{"w", "e", "f"}, 6},
		// Without f, its homes' nearest school is e, whose 25 places they
		// fill: no neighbour has a spare place, and nothing is proposed.
		{"no f: no spare place", 8, 25, 0, 0, nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := rowTown(tc.w, tc.e, tc.f)
			cfg := config.Default()
			if tc.reach > 0 {
				cfg.Zoning.ShareReachM = tc.reach
			}
			res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			props := res.ShareProposals()
			files, _, err := res.OutputFiles()
			if err != nil {
				t.Fatal(err)
			}
			var m engine.Metrics
			if err := json.Unmarshal(files[engine.MetricsFile], &m); err != nil {
				t.Fatal(err)
			}
			if tc.schools == nil {
				if len(props) != 0 || len(m.ShareProposals) != 0 || m.ShareProposals == nil {
					t.Fatalf("proposals %+v, metrics %v: want none (an empty list)", props, m.ShareProposals)
				}
				if _, ok := files[engine.ProposedLocksFile]; ok {
					t.Errorf("%s written without a proposal", engine.ProposedLocksFile)
				}
				return
			}
			if len(props) != 1 || len(m.ShareProposals) != 1 {
				t.Fatalf("proposals %+v, want one", props)
			}
			sp, pm := props[0], m.ShareProposals[0]
			var got []string
			for _, j := range sp.Schools {
				got = append(got, ds.Schools[j].ID)
			}
			if !slices.Equal(got, tc.schools) || sp.Short != tc.short || pm.Short != tc.short {
				t.Errorf("schools %v short %d, want %v short %d", got, sp.Short, tc.schools, tc.short)
			}
			if want := 20 / float64(tc.w); pm.Ratio != want || pm.Schools[0].NearbyDemand != 20 || pm.Schools[1].NearbyDemand != 20 {
				t.Errorf("ratio %v demand %+v, want %v and 20 each for w and e", pm.Ratio, pm.Schools, want)
			}
			if pm.ZoneID != "西小学多校划片" || pm.Level != "primary" || pm.SchoolID != "w" {
				t.Errorf("zone %q level %s school %s", pm.ZoneID, pm.Level, pm.SchoolID)
			}
			checkShareRoundTrip(t, ds, res, files, pm, tc.schools)
		})
	}
}

// TestShareProposalOdds checks a proposal's lottery on rowTown(10, 30, 50)
// against the draw worked out by hand. The shared zone of w and e holds 40
// entrants and 40 places. Locals are drawn first: w's 6 take w, e's 20 take
// e; then w's 8 permit holders draw for w's 4 places left, the other 4 take
// e; then w's 6 other migrants find w full and take e (10 places left). So
// w admits local 6/6, permit 4/8, other 0/6; e admits its 20 locals; and
// everyone is seated in the zone. Without the share, the same lottery seats
// the same households at w and sends the 10 others to e, the nearest school
// with places left: the two estimates' means are equal. f's 5 entrants
// stay in f's own zone.
func TestShareProposalOdds(t *testing.T) {
	ds := rowTown(10, 30, 50)
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Metrics()
	if len(m.ShareProposals) != 1 {
		t.Fatalf("proposals %+v", m.ShareProposals)
	}
	pm := m.ShareProposals[0]
	want := map[string][2][3]int{"w": {{6, 8, 6}, {6, 4, 0}}, "e": {{20, 0, 0}, {20, 0, 0}}}
	for _, lot := range pm.Lotteries {
		w, ok := want[lot.SchoolID]
		if !ok || lot.Applicants != w[0] || lot.Admitted != w[1] {
			t.Errorf("%s: applicants %v admitted %v, want %v", lot.SchoolID, lot.Applicants, lot.Admitted, w)
		}
	}
	if pm.Applicants != [3]int{6, 8, 6} || pm.Admitted != [3]int{6, 4, 0} {
		t.Errorf("w's applicants %v admitted %v, want [6 8 6] [6 4 0]", pm.Applicants, pm.Admitted)
	}
	if pm.Odds[0] == nil || *pm.Odds[0] != 1 || pm.Odds[1] == nil || *pm.Odds[1] != 0.5 || pm.Odds[2] == nil || *pm.Odds[2] != 0 {
		t.Errorf("odds %v, want 1, 0.5, 0", pm.Odds)
	}
	if pm.InZone != [3]int{26, 8, 6} || pm.Seated != pm.InZone {
		t.Errorf("in zone %v seated %v, want [26 8 6] all seated", pm.InZone, pm.Seated)
	}
	d := pm.Distance
	if d.Entrants != 40 || d.SingleM != d.SharedM || d.SharedM <= 0 {
		t.Errorf("distance %+v: want 40 entrants and equal single and shared means", d)
	}
	// Redrawn with the proposed locks, the shared zone holds the same 40
	// entrants for its 40 places (f's 5 stay with f, far nearer them), and
	// metrics.json lotteries give the same draw.
	files, _, err := res.OutputFiles()
	if err != nil {
		t.Fatal(err)
	}
	locks, err := engine.ReadLocks(bytes.NewReader(files[engine.ProposedLocksFile]), engine.ProposedLocksFile, ds)
	if err != nil {
		t.Fatal(err)
	}
	again, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: config.Default(), Locks: locks})
	if err != nil {
		t.Fatal(err)
	}
	for _, lot := range again.Metrics().Lotteries {
		if w := want[lot.SchoolID]; lot.ZoneID != pm.ZoneID || lot.Applicants != w[0] || lot.Admitted != w[1] {
			t.Errorf("redrawn with the share: %s %s applicants %v admitted %v, want %s %v", lot.ZoneID, lot.SchoolID,
				lot.Applicants, lot.Admitted, pm.ZoneID, w)
		}
	}
	// The redraw's mean, recounted from its seats of the 40 entrants
	// near w and e.
	sum := 0.0
	for _, st := range res.Level(dataset.Primary).Seats {
		if st.Child < 40 {
			sum += st.DistanceM
		}
	}
	if got := sum / 40; !closeM(d.RedrawM, got) || !closeM(d.SavedM, got-d.SharedM) {
		t.Errorf("redraw mean %v saved %v, want %v and %v", d.RedrawM, d.SavedM, got, got-d.SharedM)
	}
}

func closeM(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }

// checkShareRoundTrip reads the written proposed-locks.csv back with the
// locks reader, runs again with it and checks that the proposed zone is
// drawn, its lottery is in metrics.json, and it is not proposed again.
func checkShareRoundTrip(t *testing.T, ds *dataset.Dataset, res *engine.Result, files map[string][]byte, pm engine.ShareProposalMetrics, schools []string) {
	t.Helper()
	body, ok := files[engine.ProposedLocksFile]
	if !ok {
		t.Fatalf("no %s", engine.ProposedLocksFile)
	}
	locks, err := engine.ReadLocks(bytes.NewReader(body), engine.ProposedLocksFile, ds)
	if err != nil {
		t.Fatalf("%s does not read back: %v\n%s", engine.ProposedLocksFile, err, body)
	}
	var got []string
	for _, j := range locks.Shares[dataset.Primary][pm.ZoneID] {
		got = append(got, ds.Schools[j].ID)
	}
	if !slices.Equal(got, schools) || len(locks.Shares[dataset.Primary]) != 1 || len(locks.Pins) != 0 {
		t.Fatalf("read back %+v, want one share of %v", locks, schools)
	}
	again, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: res.Year, Config: res.Config, Locks: locks})
	if err != nil {
		t.Fatal(err)
	}
	lr := again.Level(dataset.Primary)
	z := slices.IndexFunc(lr.Zones, func(z engine.Zone) bool { return z.ID == pm.ZoneID })
	if z < 0 || len(lr.Zones[z].Schools) != len(schools) {
		t.Fatalf("zones %+v, want %s shared by %v", lr.Zones, pm.ZoneID, schools)
	}
	m := again.Metrics()
	var lotteries []string
	for _, lot := range m.Lotteries {
		if lot.ZoneID == pm.ZoneID {
			lotteries = append(lotteries, lot.SchoolID)
		}
	}
	if !slices.Equal(lotteries, schools) {
		t.Errorf("lotteries of %s: %v, want %v", pm.ZoneID, lotteries, schools)
	}
	if len(m.ShareProposals) != 0 {
		t.Errorf("proposed again: %+v", m.ShareProposals)
	}
}

// TestShareProposalsTight runs the tight family (a magnet school whose
// nearest homes hold 2.5 times its intake) with the baseline redraw: each
// magnet section gets a proposal with at least one neighbour, whose
// locks file reads back. The plains family, whose intakes follow the
// nearest demand (times 0.85–1.15 and 1.12 overall), gets none.
func TestShareProposalsTight(t *testing.T) {
	if testing.Short() {
		t.Skip("two generated counties")
	}
	cfg := config.Default()
	cfg.Zoning.Distance = "straight"
	for _, fam := range []county.Family{county.Tight, county.Plains} {
		t.Run(string(fam), func(t *testing.T) {
			ds, tr, err := county.Generate(county.Spec{Family: fam, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg, Redraw: nearestRedraw})
			if err != nil {
				t.Fatal(err)
			}
			props := res.ShareProposals()
			for _, sp := range props {
				t.Logf("%s %s: ratio %.2f, %d schools, short %d, mean redraw %.0f m single %.0f m shared %.0f m",
					sp.Level, sp.ZoneID, sp.Ratio, len(sp.Schools), sp.Short, sp.RedrawM, sp.SingleM, sp.SharedM)
			}
			for _, mg := range tr.Magnet {
				if !slices.ContainsFunc(props, func(sp engine.ShareProposal) bool {
					return ds.Schools[sp.School].ID+"/"+string(sp.Level) == mg && len(sp.Schools) >= 2
				}) {
					t.Errorf("no proposal for the magnet %s", mg)
				}
			}
			if fam == county.Plains && len(props) != 0 {
				t.Errorf("plains: %d proposals, want none", len(props))
			}
			if len(props) > 0 {
				b, err := res.ProposedLocksCSV()
				if err != nil {
					t.Fatal(err)
				}
				locks, err := engine.ReadLocks(bytes.NewReader(b), engine.ProposedLocksFile, ds)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, zs := range locks.Shares {
					n += len(zs)
				}
				if n != len(props) {
					t.Errorf("%d shared zones read back, want %d", n, len(props))
				}
			}
		})
	}
}
