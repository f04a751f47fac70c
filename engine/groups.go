package engine

import (
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
)

// groupHomes returns the homes of the dataset's households with the group a
// zone must not split (the address's key: the compound, village group,
// lane or house), and the first household of each group.
//
// An address that leaves out its township (锦华苑3栋 for 城关镇锦华苑3栋)
// gets the key of the one township that has a place of that name, when
// exactly one has: written either way it is the same compound. Where two
// townships have one, it keeps its own key, and the units, which keep a
// group whole only where its homes lie close together, sort the rest out
// by location.
func groupHomes(ds *dataset.Dataset) ([]zones.Home, map[string]int) {
	parser := ds.Parser()
	homes := make([]zones.Home, len(ds.Households))
	type named struct{ town, rest string }
	keys := make([]named, len(ds.Households))
	towns := map[string]string{} // rest → its one township; "\x00" when several
	for i := range ds.Households {
		a := parser.Parse(ds.Households[i].Address)
		k := a.Key()
		keys[i] = named{a.Township, k[len(a.Township):]}
		if a.Township == "" {
			continue
		}
		switch t, ok := towns[keys[i].rest]; {
		case !ok:
			towns[keys[i].rest] = a.Township
		case t != a.Township:
			towns[keys[i].rest] = "\x00"
		}
	}
	first := map[string]int{}
	for i, k := range keys {
		g := k.town + k.rest
		if k.town == "" {
			if t, ok := towns[k.rest]; ok && t != "\x00" {
				g = t + k.rest
			}
		}
		homes[i] = zones.Home{Loc: ds.Households[i].Loc, Group: g}
		if _, ok := first[g]; !ok {
			first[g] = i
		}
	}
	return homes, first
}
