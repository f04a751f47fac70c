package dataset

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/hutubi-edu/zoning/engine/address"
)

// parserCache holds a dataset's address parser, built once.
type parserCache struct {
	once sync.Once
	p    *address.Parser
}

// Parser returns the address parser of the dataset's county, for every
// reading of its addresses (grouping keys, locks, lookups, notices): built
// from Meta.Places when dataset.yaml lists places, else from the gazetteer
// address.InferGazetteer reads from the addresses of households.csv and
// schools.csv.
//
// The parser is built on the first call after Load or Index and shared by
// later calls and by copies of the Dataset; it is safe for concurrent use.
// A Dataset built by hand without Index gets a new parser on every call.
func (d *Dataset) Parser() *address.Parser {
	c := d.parser
	if c == nil {
		return address.NewParser(d.Gazetteer())
	}
	c.once.Do(func() { c.p = address.NewParser(d.Gazetteer()) })
	return c.p
}

// Gazetteer returns the place names the dataset's addresses are read with:
// Meta.Places when dataset.yaml lists them, else those InferGazetteer reads
// from the households' and schools' addresses (in that order).
func (d *Dataset) Gazetteer() *address.Gazetteer {
	if d.Meta.Places != nil {
		return d.Meta.Places
	}
	addrs := make([]string, 0, len(d.Households)+len(d.Schools))
	for i := range d.Households {
		addrs = append(addrs, d.Households[i].Address)
	}
	for i := range d.Schools {
		addrs = append(addrs, d.Schools[i].Address)
	}
	return address.InferGazetteer(addrs)
}

// placesKeys are the keys of places: in dataset.yaml, and of one township.
var (
	placesKeys   = []string{"prefixes", "townships", "communities", "villages"}
	townshipKeys = []string{"name", "aliases", "communities", "villages"}
)

// loadPlaces reads the places: key of dataset.yaml:
//
//	places:
//	  prefixes: [新疆维吾尔自治区, 新疆, 昌吉回族自治州, 昌吉州, 呼图壁县]
//	  townships:
//	    - name: 石梯子哈萨克民族乡
//	      aliases: [石梯子乡]
//	      communities: [...]
//	      villages: [白杨河村, 东沟村]
//	  communities: [...]   # of no listed township
//	  villages: [...]
//
// Every name is text that keeps two characters once normalised
// (address.NameForm); a township's name or alias is listed once in the
// county, a community or village once in its list. Unknown keys are warned
// about and ignored. A null places: is no places.
func (l *loader) loadPlaces(v *yaml.Node) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return
	}
	if v.Kind != yaml.MappingNode {
		l.problem(MetaFile, v.Line, "places must be a mapping of keys (accepted: %s)", strings.Join(placesKeys, ", "))
		return
	}
	g := &address.Gazetteer{}
	towns := map[string]int{} // NameForm of a township name or alias → its line
	l.mapping(v, "places", placesKeys, func(k, v *yaml.Node) {
		switch k.Value {
		case "prefixes":
			g.Prefixes = l.names(v, "places: prefixes")
		case "communities":
			g.Communities = l.names(v, "places: communities")
		case "villages":
			g.Villages = l.names(v, "places: villages")
		case "townships":
			if v.Kind != yaml.SequenceNode {
				l.problem(MetaFile, v.Line, "places: townships must be a list of townships (- name: ...)")
				return
			}
			for _, tv := range v.Content {
				if t, ok := l.township(tv, towns); ok {
					g.Townships = append(g.Townships, t)
				}
			}
		}
	})
	l.d.Meta.Places = g
}

// township reads one township of places: townships. towns holds the names
// and aliases seen so far, with their lines.
func (l *loader) township(v *yaml.Node, towns map[string]int) (address.Township, bool) {
	var t address.Township
	if v.Kind != yaml.MappingNode {
		l.problem(MetaFile, v.Line, "places: a township must be a mapping (name, aliases, communities, villages)")
		return t, false
	}
	named := false
	once := func(n *yaml.Node, what string) {
		f := address.NameForm(n.Value)
		if f == "" {
			return // reported by name
		}
		if first, dup := towns[f]; dup {
			l.problem(MetaFile, n.Line, "places: %s %q names a township listed before (line %d)", what, n.Value, first)
			return
		}
		towns[f] = n.Line
	}
	l.mapping(v, "township", townshipKeys, func(k, v *yaml.Node) {
		switch k.Value {
		case "name":
			named = true
			if name, ok := l.placeName(v, "places: township name"); ok {
				t.Name = name
				once(v, "township")
			}
		case "aliases":
			t.Aliases = l.names(v, "places: aliases")
			for _, a := range nodes(v) {
				once(a, "alias")
			}
		case "communities":
			t.Communities = l.names(v, "places: communities")
		case "villages":
			t.Villages = l.names(v, "places: villages")
		}
	})
	if !named {
		l.problem(MetaFile, v.Line, "places: a township without a name")
		return t, false
	}
	return t, t.Name != ""
}

// mapping walks the keys of a mapping node, reporting duplicate keys and
// warning about unknown ones (what names the mapping in messages).
func (l *loader) mapping(v *yaml.Node, what string, known []string, each func(k, v *yaml.Node)) {
	first := map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		for val.Kind == yaml.AliasNode && val.Alias != nil {
			val = val.Alias
		}
		if prev, dup := first[k.Value]; dup {
			l.problem(MetaFile, k.Line, "%s: duplicate key %q (first at line %d)", what, k.Value, prev)
			continue
		}
		first[k.Value] = k.Line
		if !slices.Contains(known, k.Value) {
			l.warn(MetaFile, k.Line, "%s: unknown key %q ignored (accepted: %s)", what, k.Value, strings.Join(known, ", "))
			continue
		}
		each(k, val)
	}
}

// nodes returns the elements of a sequence node (aliases resolved), nil for
// another node.
func nodes(v *yaml.Node) []*yaml.Node {
	if v.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(v.Content))
	for i, n := range v.Content {
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		out[i] = n
	}
	return out
}

// names reads a list of place names, each once.
func (l *loader) names(v *yaml.Node, what string) []string {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		l.problem(MetaFile, v.Line, "%s must be a list of names", what)
		return nil
	}
	var out []string
	seen := map[string]int{}
	for _, n := range nodes(v) {
		name, ok := l.placeName(n, what)
		if !ok {
			continue
		}
		f := address.NameForm(name)
		if first, dup := seen[f]; dup {
			l.problem(MetaFile, n.Line, "%s: %q listed twice (first at line %d)", what, name, first)
			continue
		}
		seen[f] = n.Line
		out = append(out, name)
	}
	return out
}

// placeName reads one place name: text that keeps two characters once
// normalised.
func (l *loader) placeName(v *yaml.Node, what string) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		l.problem(MetaFile, v.Line, "%s: %q is not a name (text)", what, v.Value)
		return "", false
	}
	if address.NameForm(v.Value) == "" {
		l.problem(MetaFile, v.Line, "%s: %q is not a place name (fewer than two characters once spaces and punctuation are dropped)", what, v.Value)
		return "", false
	}
	return v.Value, true
}

// writePlaces writes the places: key of dataset.yaml (see loadPlaces),
// lists in flow style, empty lists left out.
func writePlaces(b *bytes.Buffer, g *address.Gazetteer) {
	if len(g.Prefixes)+len(g.Townships)+len(g.Communities)+len(g.Villages) == 0 {
		b.WriteString("places: {}\n")
		return
	}
	b.WriteString("places:\n")
	list := func(indent, key string, names []string) {
		if len(names) == 0 {
			return
		}
		b.WriteString(indent + key + ": [")
		for i, n := range names {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(yamlText(n))
		}
		b.WriteString("]\n")
	}
	list("  ", "prefixes", g.Prefixes)
	if len(g.Townships) > 0 {
		b.WriteString("  townships:\n")
		for _, t := range g.Townships {
			b.WriteString("    - name: " + yamlText(t.Name) + "\n")
			list("      ", "aliases", t.Aliases)
			list("      ", "communities", t.Communities)
			list("      ", "villages", t.Villages)
		}
	}
	list("  ", "communities", g.Communities)
	list("  ", "villages", g.Villages)
}

// yamlText writes a name as a YAML scalar: plain when it is made of letters
// and digits with at least one character beyond ASCII (no YAML keyword
// looks like that), else double-quoted.
func yamlText(s string) string {
	plain := s != ""
	wide := false
	for _, r := range s {
		wide = wide || r >= utf8.RuneSelf
		plain = plain && (unicode.IsLetter(r) || unicode.IsDigit(r))
	}
	if plain && wide {
		return s
	}
	return strconv.Quote(s)
}
