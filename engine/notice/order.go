package notice

import (
	"cmp"
	"slices"

	"github.com/hutubi-edu/zoning/engine/address"
)

// townRank orders townships: the county's townships in address.Townships()
// order, then any other township, then none ("").
func townRank(t string) int {
	if t == "" {
		return 2 << 20
	}
	if i := slices.Index(address.Townships(), t); i >= 0 {
		return i
	}
	return 1 << 20
}

// compareTowns orders townships by townRank, then by name.
func compareTowns(a, b string) int {
	if c := cmp.Compare(townRank(a), townRank(b)); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// compareNames orders names by their normalised form (address.Normalize),
// comparing runs of ASCII digits by value, then by the text itself so that
// the order is total.
func compareNames(a, b string) int {
	if c := naturalCompare(address.Normalize(a), address.Normalize(b)); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// naturalCompare compares strings byte by byte, except that runs of ASCII
// digits compare by their value (3巷 before 12巷); equal values with more
// leading zeros come later.
func naturalCompare(a, b string) int {
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

// sortBy sorts items by township (compareTowns), then name (compareNames).
func sortBy[T any](items []T, key func(T) (town, name string)) {
	slices.SortStableFunc(items, func(x, y T) int {
		tx, nx := key(x)
		ty, ny := key(y)
		if c := compareTowns(tx, ty); c != 0 {
			return c
		}
		return compareNames(nx, ny)
	})
}
