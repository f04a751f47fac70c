package address

import (
	"cmp"
	"slices"
)

// Parser normalises and parses the addresses of one county: the names of
// its Gazetteer first, then the suffix rules for what the gazetteer does not
// list. A Parser is immutable and safe for concurrent use.
type Parser struct {
	prefixes []string // normalised (NameForm), longest first
	aliases  []alias  // longest first
	towns    []string // official township names, in the gazetteer's order
	// names holds the listed names by their first two runes, longest first.
	names map[string][]entry
}

type alias struct{ alias, name string }

// entry is a listed name and what it names.
type entry struct {
	name string
	kind uint8
}

// Kinds of listed name.
const (
	nameTownship uint8 = 1 << iota
	nameAlias
	nameCommunity
	nameVillage
)

// plain is the parser without a gazetteer, of the package-level Parse and
// Normalize.
var plain = NewParser(nil)

// NewParser returns a parser for the county of g; nil reads every address
// by the suffix rules alone. Names that fold to fewer than two characters
// are ignored, and so is a name listed twice (the first stands).
func NewParser(g *Gazetteer) *Parser {
	p := &Parser{names: map[string][]entry{}}
	if g == nil {
		return p
	}
	seen := map[string]bool{}
	for _, s := range g.Prefixes {
		if f := NameForm(s); f != "" && !seen[f] {
			seen[f] = true
			p.prefixes = append(p.prefixes, f)
		}
	}
	byLen := func(a, b string) int { return cmp.Compare(len(b), len(a)) }
	slices.SortStableFunc(p.prefixes, byLen)
	for _, t := range g.Townships {
		name := NameForm(t.Name)
		if name == "" || !p.add(name, nameTownship) {
			continue
		}
		p.towns = append(p.towns, name)
		for _, a := range t.Aliases {
			if f := NameForm(a); f != "" && f != name && p.add(f, nameAlias) {
				p.aliases = append(p.aliases, alias{f, name})
			}
		}
		p.addPlaces(t.Communities, t.Villages)
	}
	p.addPlaces(g.Communities, g.Villages)
	slices.SortStableFunc(p.aliases, func(a, b alias) int { return byLen(a.alias, b.alias) })
	for k, es := range p.names {
		slices.SortStableFunc(es, func(a, b entry) int { return byLen(a.name, b.name) })
		p.names[k] = es
	}
	return p
}

func (p *Parser) addPlaces(communities, villages []string) {
	for _, c := range communities {
		f := NameForm(c)
		kind := nameCommunity
		if hasSuffix(f, "村") || hasSuffix(f, "嘎查") {
			kind = nameVillage // a village committee listed as a community
		}
		if f != "" {
			p.add(f, kind)
		}
	}
	for _, v := range villages {
		if f := NameForm(v); f != "" {
			p.add(f, nameVillage)
		}
	}
}

// add indexes a name of kind; it reports false when the name is already
// listed with a kind that excludes it (a township or alias listed twice).
func (p *Parser) add(name string, kind uint8) bool {
	k := name[:headEnd(name, 0)]
	for i, e := range p.names[k] {
		if e.name != name {
			continue
		}
		if (e.kind|kind)&(nameTownship|nameAlias) != 0 {
			return false
		}
		p.names[k][i].kind |= kind
		return true
	}
	p.names[k] = append(p.names[k], entry{name, kind})
	return true
}

// headEnd returns the end of the first two runes of s at pos, or -1 when
// there are fewer.
func headEnd[T text](s T, pos int) int {
	i := pos
	for range 2 {
		if i >= len(s) {
			return -1
		}
		_, size := decode(s, i)
		i += size
	}
	return i
}

// listed returns the end of the longest listed name of one of kinds at pos
// of n, or -1.
func listed[T text](p *Parser, n T, pos int, kinds uint8) int {
	if len(p.names) == 0 {
		return -1
	}
	he := headEnd(n, pos)
	if he < 0 {
		return -1
	}
	for _, e := range p.names[string(n[pos:he])] {
		if e.kind&kinds != 0 && hasPrefix(n[pos:], e.name) {
			return pos + len(e.name)
		}
	}
	return -1
}

// Townships returns the official township names of the parser's gazetteer,
// in its order; nil without a gazetteer.
func (p *Parser) Townships() []string { return slices.Clone(p.towns) }

// TownshipRank returns the position of a township in Townships, or -1.
func (p *Parser) TownshipRank(name string) int { return slices.Index(p.towns, name) }

// Parse parses an address by the suffix rules alone, without a county's
// gazetteer; see Parser.Parse.
func Parse(s string) Address { return plain.Parse(s) }

// Normalize normalises an address by the suffix rules alone, without a
// county's gazetteer; see Parser.Normalize.
func Normalize(s string) string { return plain.Normalize(s) }

// Parse parses an address written in any of the local forms. It never
// fails: what it cannot place goes to Extra. Parse(s) equals
// Parse(Normalize(s)), and every field of the result is a substring of
// Normalize(s).
func (p *Parser) Parse(s string) Address { return p.parseNormal(p.Normalize(s)) }
