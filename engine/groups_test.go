package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/zones"
)

// apart reports whether the places of group g lie farther apart than a unit
// may be wide: an address that leaves out its township may be given another
// township's place of the same name; the units split them by location.
func apart(ds *dataset.Dataset, homes []zones.Home, place []string, g string) bool {
	at := map[string]orb.Point{}
	for h, home := range homes {
		if home.Group != g {
			continue
		}
		if _, ok := at[place[h]]; !ok {
			at[place[h]] = ds.Households[h].Loc
		}
	}
	for a, pa := range at {
		for b, pb := range at {
			if a < b && geo.Distance(pa, pb) <= zones.DefaultMaxDiameterM {
				return false
			}
		}
	}
	return true
}

// The groups read from the addresses are the places the generator put the
// households in, in every province's style and family: each place has one
// group, but for addresses that leave out a township whose place name two
// townships share (文化路92号 in two towns): those have a group of their own,
// which may hold several places. And the units keep every place whole that
// is no wider than the limit, but where another group's homes crowd its
// cells (reported).
func TestGroupsAreThePlaces(t *testing.T) {
	for i, style := range county.Styles {
		for _, fam := range []county.Family{county.Plains, county.Mountain, county.Urban} {
			spec := county.Spec{Family: fam, Seed: uint64(i + 1), Style: style, Children: 6000, Campuses: 20}
			t.Run(fmt.Sprintf("%s-%s", fam, style), func(t *testing.T) {
				ds, truth, err := county.Generate(spec)
				if err != nil {
					t.Fatal(err)
				}
				homes, first := groupHomes(ds)
				groupsOf := map[string]map[string]bool{}
				placesOf := map[string]map[string]bool{}
				homesOf := map[string][]int{}
				for h, home := range homes {
					p := truth.Place[h]
					homesOf[p] = append(homesOf[p], h)
					if groupsOf[p] == nil {
						groupsOf[p] = map[string]bool{}
					}
					groupsOf[p][home.Group] = true
					if placesOf[home.Group] == nil {
						placesOf[home.Group] = map[string]bool{}
					}
					placesOf[home.Group][p] = true
					if f, ok := first[home.Group]; !ok || f > h || homes[f].Group != home.Group {
						t.Fatalf("first household of %q: %d, %v", home.Group, f, ok)
					}
				}
				for p, gs := range groupsOf {
					written := 0
					for g := range gs {
						if !strings.HasPrefix(g, "|") {
							written++
						}
					}
					if written > 1 {
						t.Errorf("place %s read as %d groups: %v", p, len(gs), gs)
					}
				}
				for g, ps := range placesOf {
					if len(ps) > 1 && !strings.HasPrefix(g, "|") && !apart(ds, homes, truth.Place, g) {
						t.Errorf("group %s holds %d places: %v", g, len(ps), ps)
					}
				}
				area, err := zones.ZonedArea(ds.Boundary, homes, 10, 2)
				if err != nil {
					t.Fatal(err)
				}
				us, err := zones.NewUnits(homes, area, zones.UnitOptions{Resolution: 10})
				if err != nil {
					t.Fatal(err)
				}
				crowded := map[string]bool{}
				for _, sp := range us.Splits {
					if sp.Crowded > 0 {
						crowded[sp.Group] = true
					}
				}
				whole, split := 0, 0
				for p, hs := range homesOf {
					units := map[int]bool{}
					wide := 0.0
					for _, a := range hs {
						units[us.HomeUnit[a]] = true
						for _, b := range hs {
							wide = max(wide, geo.Distance(ds.Households[a].Loc, ds.Households[b].Loc))
						}
					}
					if wide > zones.DefaultMaxDiameterM || len(units) == 1 {
						whole++
						continue
					}
					split++
					reported := false
					for _, h := range hs {
						reported = reported || crowded[homes[h].Group]
					}
					if !reported {
						t.Errorf("place %s (%.0f m wide) in %d units, not reported", p, wide, len(units))
					}
				}
				t.Logf("%d places, %d groups; %d compact places split by crowded cells", len(groupsOf), len(placesOf), split)
			})
		}
	}
}
