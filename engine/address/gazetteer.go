package address

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// Gazetteer is the place names of one county: the administrative prefixes
// people write before its townships, and its townships with the other names
// they go by, their neighbourhood committees (社区, 居委会) and their villages
// (村, 嘎查, 屯). A dataset lists it in dataset.yaml (places:), or
// InferGazetteer reads it from the addresses themselves.
//
// Names are written as people write them; a Parser folds them as Normalize
// folds an address, and reads a village committee's name as the village's
// (红山村委会 is 红山村) and a community's 居委会 as the community
// (北园社区居委会 is 北园社区).
type Gazetteer struct {
	// Prefixes are the divisions above the townships, dropped from the
	// start of an address, e.g. 新疆维吾尔自治区, 昌吉州, 呼图壁县.
	Prefixes []string `yaml:"prefixes,omitempty"`
	// Townships in the county's customary order (the order of its notices).
	Townships []Township `yaml:"townships,omitempty"`
	// Communities and Villages of no listed township.
	Communities []string `yaml:"communities,omitempty"`
	Villages    []string `yaml:"villages,omitempty"`
}

// Township is a township-level division (镇, 乡, 街道, 苏木) of a Gazetteer.
type Township struct {
	// Name is the official name, as Parse reports it, e.g. 石梯子哈萨克民族乡.
	Name string `yaml:"name"`
	// Aliases are other written forms, rewritten to Name at the start of an
	// address, e.g. 石梯子乡.
	Aliases     []string `yaml:"aliases,omitempty"`
	Communities []string `yaml:"communities,omitempty"`
	Villages    []string `yaml:"villages,omitempty"`
}

// TownshipNames returns the official township names in order.
func (g *Gazetteer) TownshipNames() []string {
	if g == nil {
		return nil
	}
	out := make([]string, len(g.Townships))
	for i, t := range g.Townships {
		out[i] = t.Name
	}
	return out
}

// NameForm returns a place name as it reads inside a normalised address
// (full-width folded, spaces and punctuation dropped, 居民委员会 written
// 居委会, a committee's tail dropped: 红山村委会 → 红山村, 北园社区居委会 →
// 北园社区), or "" when fewer than two characters are left, which no
// Parser can match.
func NameForm(name string) string {
	f := string(normalText(nil, fold(nil, name)))
	if utf8.RuneCountInString(f) < 2 {
		return ""
	}
	return f
}

// InferGazetteer reads a county's gazetteer from its addresses with the
// suffix rules:
//
//   - prefixes: the division names (…省, …自治区, …市, …州, …地区, …盟, …县,
//     …旗, …区, and the provinces' short names) that begin at least 1% of
//     the addresses, and at least three;
//   - townships: the names ending in 镇, 乡, 街道 or 苏木 that begin at least
//     two addresses (after the prefixes) and are not followed by a bare
//     suffix (新乡村3组 names the village 新乡村, not a township 新乡), most
//     frequent first;
//   - communities: the names ending in 社区 or 居委会; villages: the names
//     ending in 村, 嘎查 or 屯 followed by a group, a house number, a road
//     with a number, or nothing. Each goes under every township it is
//     written with (two townships may have villages of one name), or at the
//     top level when it never is; in the order they first appear.
//
// Aliases cannot be inferred. Empty addresses are skipped.
func InferGazetteer(addresses []string) *Gazetteer {
	g := &Gazetteer{}
	// Prefixes.
	seg := map[string]int{}
	var segOrder []string
	total := 0
	var buf []byte
	for _, s := range addresses {
		buf = normalText(buf[:0], fold(nil, s))
		if len(buf) == 0 {
			continue
		}
		total++
		b := buf
		afterCity := false
		for len(b) > 0 {
			n, kind := 0, 0
			if hasPrefix(b, "中国") {
				if m, _ := province(b[len("中国"):]); m > 0 {
					n, kind = len("中国"), adminStrong
				}
			}
			if n == 0 {
				if m, full := province(b); m > 0 {
					rest := b[m:]
					if full && len(rest) > 0 && rest[0] >= utf8.RuneSelf && (!follower(rest) || structured(rest)) || structured(rest) {
						n, kind = m, adminStrong
					}
				}
			}
			if n == 0 {
				n, kind = adminSegment(b, afterCity, true)
			}
			if n == 0 {
				break
			}
			k := string(b[:n])
			if seg[k] == 0 {
				segOrder = append(segOrder, k)
			}
			seg[k]++
			b = b[n:]
			afterCity = kind == adminStrong || kind == adminCity
		}
	}
	least := max(3, total/100)
	for _, k := range segOrder {
		if seg[k] >= least {
			g.Prefixes = append(g.Prefixes, k)
		}
	}

	// Townships, communities and villages, read by a parser that drops
	// those prefixes.
	p := NewParser(&Gazetteer{Prefixes: g.Prefixes})
	type tally struct {
		n     int
		first int
		towns map[string]int
	}
	count := func(m map[string]*tally, name, town string, i int) {
		t := m[name]
		if t == nil {
			t = &tally{first: i, towns: map[string]int{}}
			m[name] = t
		}
		t.n++
		if town != "" {
			t.towns[town]++
		}
	}
	towns, coms, vils := map[string]*tally{}, map[string]*tally{}, map[string]*tally{}
	for i, s := range addresses {
		a := p.Parse(s)
		if a.Township != "" {
			count(towns, a.Township, "", i)
		}
		if a.Community != "" {
			count(coms, a.Community, a.Township, i)
		}
		if a.Village != "" {
			count(vils, a.Village, a.Township, i)
		}
	}
	byCount := func(m map[string]*tally, least int) []string {
		var out []string
		for k, t := range m {
			if t.n >= least {
				out = append(out, k)
			}
		}
		slices.SortFunc(out, func(a, b string) int {
			return cmp.Or(cmp.Compare(m[b].n, m[a].n), cmp.Compare(m[a].first, m[b].first))
		})
		return out
	}
	index := map[string]int{}
	for _, name := range byCount(towns, 2) {
		index[name] = len(g.Townships)
		g.Townships = append(g.Townships, Township{Name: name})
	}
	// A name goes under every listed township it is written with (two
	// townships may have a village of one name), else at the top level.
	homes := func(t *tally) []int {
		var out []int
		for town := range t.towns {
			if i, ok := index[town]; ok {
				out = append(out, i)
			}
		}
		slices.Sort(out)
		return out
	}
	byFirst := func(m map[string]*tally) []string {
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		slices.SortFunc(out, func(a, b string) int { return cmp.Compare(m[a].first, m[b].first) })
		return out
	}
	for _, c := range byFirst(coms) {
		hs := homes(coms[c])
		for _, i := range hs {
			g.Townships[i].Communities = append(g.Townships[i].Communities, c)
		}
		if len(hs) == 0 {
			g.Communities = append(g.Communities, c)
		}
	}
	for _, v := range byFirst(vils) {
		hs := homes(vils[v])
		for _, i := range hs {
			g.Townships[i].Villages = append(g.Townships[i].Villages, v)
		}
		if len(hs) == 0 {
			g.Villages = append(g.Villages, v)
		}
	}
	return g
}
