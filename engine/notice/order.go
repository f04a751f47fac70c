package notice

import (
	"cmp"
	"slices"

	"github.com/hutubi-edu/zoning/engine/address"
)

// townRank orders townships: the townships of p's gazetteer in its order,
// then any other township, then none ("").
func townRank(p *address.Parser, t string) int {
	if t == "" {
		return 2 << 20
	}
	if i := p.TownshipRank(t); i >= 0 {
		return i
	}
	return 1 << 20
}

// NaturalCompare compares strings byte by byte, except that runs of ASCII
// digits compare by their value (3巷 before 12巷); equal values with more
// leading zeros come later.
func NaturalCompare(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			ie, je := digitsEnd(a, i), digitsEnd(b, j)
			x, y := trimZeros(a[i:ie]), trimZeros(b[j:je])
			if c := cmp.Compare(len(x), len(y)); c != 0 {
				return c
			}
			if c := cmp.Compare(x, y); c != 0 {
				return c
			}
			if c := cmp.Compare(ie-i, je-j); c != 0 {
				return c
			}
			i, j = ie, je
			continue
		}
		if c := cmp.Compare(a[i], b[j]); c != 0 {
			return c
		}
		i++
		j++
	}
	return cmp.Compare(len(a)-i, len(b)-j)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func trimZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

// sortBy sorts items by township (townRank, then the name of the township),
// then by name: by the normalised form (p.Normalize) compared with
// NaturalCompare, then by the text itself so that the order is total.
func sortBy[T any](p *address.Parser, items []T, key func(T) (town, name string)) {
	type keyed struct {
		rank       int
		town, name string
		norm       string
		item       T
	}
	ks := make([]keyed, len(items))
	for i, it := range items {
		t, n := key(it)
		ks[i] = keyed{townRank(p, t), t, n, p.Normalize(n), it}
	}
	slices.SortStableFunc(ks, func(x, y keyed) int {
		if c := cmp.Compare(x.rank, y.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(x.town, y.town); c != 0 {
			return c
		}
		if c := NaturalCompare(x.norm, y.norm); c != 0 {
			return c
		}
		return cmp.Compare(x.name, y.name)
	})
	for i := range ks {
		items[i] = ks[i].item
	}
}
