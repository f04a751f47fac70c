package lookup

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// How an address matched.
const (
	HowExact      = "exact"      // the address as typed is one of the gazetteer's
	HowNormalised = "normalised" // equal after normalisation (the dataset's Parser), or the same place (address.Key), township filled in
	HowRange      = "range"      // a house number inside a street's range of zones.csv
	HowFuzzy      = "fuzzy"      // within MaxEdits characters of exactly one place
	HowNone       = "none"       // no place: see the candidates
)

// MaxEdits is the largest edit distance (insertions, deletions and
// substitutions of characters of the normalised text) of a fuzzy match.
const MaxEdits = 2

// MinFuzzyScore is the least score, 1 − edits / length, of a fuzzy match.
const MinFuzzyScore = 0.6

// MaxQueryLen is the longest address Match reads, in characters.
const MaxQueryLen = 200

// ErrNoMatch is wrapped by Match's error when the address names no single
// place: the Match then lists candidates and has no answer.
var ErrNoMatch = errors.New("no single place matches the address")

// Match is the public answer for an address.
type Match struct {
	Query string `json:"query"`
	// Address is the place matched (a compound, village group or house
	// number, in canonical form), "" when none.
	Address string  `json:"address,omitempty"`
	How     string  `json:"match"` // exact, normalised, range, fuzzy or none
	Score   float64 `json:"score"` // 1 for exact and normalised, 1 − edits/length for fuzzy, 0 for none
	// Answer is the zones' answer at the place; nil when no place matched.
	Answer *Answer `json:"answer,omitempty"`
	// Candidates are up to 5 places the address may mean, best first, when
	// no single place matched: compounds and village groups only, never a
	// single house.
	Candidates []Candidate `json:"candidates,omitempty"`
}

// Candidate is a place an unmatched address may mean.
type Candidate struct {
	Address string  `json:"address"`
	Score   float64 `json:"score"`
}

// place is one entry of the gazetteer: a compound, village group or house
// number, named by the address.Key of its homes.
type place struct {
	name  string    // canonical written form, without building, unit or room
	pt    orb.Point // a home of the place near the middle of its homes
	hasPt bool      // false for a place known only from zones.csv
	// kind is what the place is: kindCompound, kindVillage, kindHouse (a
	// road and house number) or kindOther (an address Parse cannot place,
	// which may be one household's: never a fuzzy target nor a candidate).
	kind  byte
	zones []int  // per level: the zone of most of its homes, -1 for none
	split []bool // per level: its homes lie in several zones
}

// Kinds of place.
const (
	kindCompound = 'c'
	kindVillage  = 'v'
	kindHouse    = 's'
	kindOther    = 'o'
)

// kindOf is the kind of the place of a.
func kindOf(a address.Address) byte {
	switch {
	case a.Compound != "":
		return kindCompound
	case a.Village != "":
		return kindVillage
	case a.Road != "" && a.Number != "":
		return kindHouse
	}
	return kindOther
}

// listable reports whether a place may be offered as a candidate: a
// compound or village group, never a single house, so that candidates do
// not tell which houses have registered families.
func (pl *place) listable() bool { return pl.kind == kindCompound || pl.kind == kindVillage }

// gazetteer finds places by their written forms.
type gazetteer struct {
	places []place
	exact  map[string]int32   // an address as the dataset writes it, or a place's name
	norm   map[string]int32   // the normalised form of those
	key    map[string]int32   // address.Key
	bare   map[string][]int32 // address.Key without its township
	forms  []form             // fuzzy matching: written forms of the places
	bigram map[[2]rune][]int32
	counts sync.Pool // *[]uint16, one per form
}

// form is one written form of a place for fuzzy matching.
type form struct {
	runes []rune
	place int32
}

// placeName is the canonical written form of the place of a: the address
// without building, unit, room and unparsed tail, and for a village home
// without its house number.
func placeName(a address.Address) string {
	if a.Compound == "" && a.Village == "" && (a.Road == "" || a.Number == "") {
		return a.String()
	}
	a.Building, a.Unit, a.Room, a.Extra = "", "", "", ""
	if a.Compound == "" && a.Village != "" {
		a.Number = ""
	}
	return a.String()
}

// fuzzyForm is the normalised place name of a for fuzzy matching: the
// compound without a trailing 小区, which Parse keeps for some names only.
func fuzzyForm(p *address.Parser, a address.Address) string {
	a.Compound = strings.TrimSuffix(a.Compound, "小区")
	return p.Normalize(placeName(a))
}

// bareKey is the key without its township.
func bareKey(a address.Address) string {
	return strings.TrimPrefix(a.Key(), a.Township)
}

func newGazetteer(ds *dataset.Dataset, p *Plan) *gazetteer {
	g := &gazetteer{
		exact: map[string]int32{}, norm: map[string]int32{}, key: map[string]int32{},
		bare: map[string][]int32{}, bigram: map[[2]rune][]int32{},
	}
	var homes [][]int32
	for h := range ds.Households {
		raw := strings.TrimSpace(ds.Households[h].Address)
		if raw == "" {
			continue
		}
		n := p.parser.Normalize(raw)
		a := p.parser.Parse(n)
		k := a.Key()
		pi, ok := g.key[k]
		if !ok {
			pi = int32(len(g.places))
			g.key[k] = pi
			g.places = append(g.places, place{name: placeName(a), kind: kindOf(a)})
			homes = append(homes, nil)
			bk := bareKey(a)
			g.bare[bk] = append(g.bare[bk], pi)
			name := g.places[pi].name
			if g.places[pi].kind != kindOther {
				ff := fuzzyForm(p.parser, a)
				g.addForm(pi, ff)
				if a.Township != "" {
					g.addForm(pi, strings.TrimPrefix(ff, a.Township))
				}
				if c := strings.TrimSuffix(a.Compound, "小区"); c != "" {
					g.addForm(pi, a.Township+c)
					g.addForm(pi, c)
				}
			}
			if _, dup := g.exact[name]; !dup {
				g.exact[name] = pi
			}
			{
				nn := p.parser.Normalize(name)
				if _, dup := g.norm[nn]; !dup {
					g.norm[nn] = pi
				}
			}
		}
		homes[pi] = append(homes[pi], int32(h))
		if _, dup := g.exact[raw]; !dup {
			g.exact[raw] = pi
		}
		if _, dup := g.norm[n]; !dup {
			g.norm[n] = pi
		}
	}
	nl := len(p.levels)
	for pi := range g.places {
		pl := &g.places[pi]
		pl.zones, pl.split, pl.hasPt = make([]int, nl), make([]bool, nl), true
		// The home nearest the mean of the place's homes stands for it.
		var sx, sy float64
		for _, h := range homes[pi] {
			sx += ds.Households[h].Loc[0]
			sy += ds.Households[h].Loc[1]
		}
		m := orb.Point{sx / float64(len(homes[pi])), sy / float64(len(homes[pi]))}
		best := -1.0
		counts := make([]map[int]int, nl)
		for _, h := range homes[pi] {
			loc := ds.Households[h].Loc
			if d := (loc[0]-m[0])*(loc[0]-m[0]) + (loc[1]-m[1])*(loc[1]-m[1]); best < 0 || d < best {
				best, pl.pt = d, loc
			}
			for i, z := range p.zoneAt(loc) {
				if counts[i] == nil {
					counts[i] = map[int]int{}
				}
				counts[i][z]++
			}
		}
		for i := range nl {
			pl.zones[i], pl.split[i] = majority(counts[i])
		}
	}
	g.addDescribed(p)
	n := len(g.forms)
	g.counts.New = func() any { s := make([]uint16, n); return &s }
	return g
}

// addDescribed adds the compounds and village groups of zones.csv that no
// address of the dataset names, each with the zone that lists it per level
// (the first one when several do) and no point.
func (g *gazetteer) addDescribed(p *Plan) {
	nl := len(p.levels)
	known := len(g.places)
	add := func(level, zone int, written string) {
		a := p.parser.Parse(written)
		k := a.Key()
		pi, ok := g.key[k]
		if ok && int(pi) < known {
			return
		}
		if !ok {
			pi = int32(len(g.places))
			g.key[k] = pi
			pl := place{name: placeName(a), kind: kindOf(a), zones: make([]int, nl), split: make([]bool, nl)}
			for i := range pl.zones {
				pl.zones[i] = -1
			}
			g.places = append(g.places, pl)
			bk := bareKey(a)
			g.bare[bk] = append(g.bare[bk], pi)
			ff := fuzzyForm(p.parser, a)
			g.addForm(pi, ff)
			g.addForm(pi, strings.TrimPrefix(ff, a.Township))
			if nn := p.parser.Normalize(pl.name); !hasKey(g.norm, nn) {
				g.norm[nn] = pi
			}
		}
		if pl := &g.places[pi]; pl.zones[level] < 0 {
			pl.zones[level] = zone
		}
	}
	for i, lp := range p.levels {
		for k := range lp.zones {
			d, ok := lp.described[k]
			if !ok {
				continue
			}
			for _, c := range d.Compounds {
				add(i, k, c.Township+c.Name)
			}
			for _, v := range d.Villages {
				for _, grp := range v.Groups {
					add(i, k, v.Township+v.Name+strconv.Itoa(grp)+"组")
				}
			}
		}
	}
}

func hasKey(m map[string]int32, k string) bool {
	_, ok := m[k]
	return ok
}

// majority returns the most frequent zone (the smallest on ties; -1 counts
// as no zone) and whether more than one zone occurs.
func majority(c map[int]int) (int, bool) {
	best, bn := -1, 0
	for z, k := range c {
		if k > bn || k == bn && z < best {
			best, bn = z, k
		}
	}
	return best, len(c) > 1
}

func (g *gazetteer) addForm(pi int32, s string) {
	if s == "" {
		return
	}
	r := []rune(s)
	for _, f := range g.forms[max(0, len(g.forms)-4):] {
		if f.place == pi && slices.Equal(f.runes, r) {
			return
		}
	}
	fi := int32(len(g.forms))
	g.forms = append(g.forms, form{runes: r, place: pi})
	seen := map[[2]rune]bool{}
	for _, b := range bigrams(r) {
		if !seen[b] {
			seen[b] = true
			g.bigram[b] = append(g.bigram[b], fi)
		}
	}
}

// bigrams returns the pairs of consecutive runes of r, or r itself padded
// when it has one rune.
func bigrams(r []rune) [][2]rune {
	if len(r) == 1 {
		return [][2]rune{{r[0], 0}}
	}
	out := make([][2]rune, 0, len(r))
	for i := 0; i+1 < len(r); i++ {
		out = append(out, [2]rune{r[i], r[i+1]})
	}
	return out
}

// Match finds the place an address names, the way people type it, and
// answers for it. An address that names no single place gets a Match with
// up to 5 candidates, no answer, and an error wrapping ErrNoMatch. An empty
// or over-long query, or one that is not UTF-8, is an error.
func (p *Plan) Match(query string) (Match, error) {
	q := strings.TrimSpace(query)
	m := Match{Query: q, How: HowNone}
	switch {
	case q == "":
		return m, errors.New("lookup: empty address")
	case !utf8.ValidString(q):
		return m, errors.New("lookup: address is not valid UTF-8")
	case utf8.RuneCountInString(q) > MaxQueryLen:
		return m, fmt.Errorf("lookup: address longer than %d characters", MaxQueryLen)
	}
	g := p.gaz
	found := func(pi int32, how string, score float64) (Match, error) {
		pl := &g.places[pi]
		a := p.answer(pl.pt, pl.hasPt, pl.zones, pl.split)
		m.Address, m.How, m.Score, m.Answer = pl.name, how, score, &a
		return m, nil
	}
	if pi, ok := g.exact[q]; ok {
		return found(pi, HowExact, 1)
	}
	n := p.parser.Normalize(q)
	if pi, ok := g.norm[n]; ok {
		return found(pi, HowNormalised, 1)
	}
	a := p.parser.Parse(n)
	if pi, ok := g.key[a.Key()]; ok {
		return found(pi, HowNormalised, 1)
	}
	if a.Township == "" {
		if ps := g.bare[bareKey(a)]; len(ps) == 1 {
			return found(ps[0], HowNormalised, 1)
		} else if len(ps) > 1 {
			for _, pi := range ps {
				if g.places[pi].listable() && len(m.Candidates) < 5 {
					m.Candidates = append(m.Candidates, Candidate{Address: g.places[pi].name, Score: 1})
				}
			}
			return m, fmt.Errorf("lookup: %q: %w: %d places of that name in %s (add the township)", q, ErrNoMatch, len(ps), p.county)
		}
	}
	if a.Road != "" && a.Number != "" && a.Compound == "" && a.Village == "" {
		if ans, ok := p.streetAnswer(a); ok {
			m.Address, m.How, m.Score, m.Answer = placeName(a), HowRange, 1, &ans
			return m, nil
		}
	}
	// Fuzzy: the query's place forms, most specific first, against every
	// place's forms; the first form with a single nearest place wins.
	qforms := []string{fuzzyForm(p.parser, a)}
	if c := strings.TrimSuffix(a.Compound, "小区"); c != "" {
		qforms = append(qforms, a.Township+c)
	}
	if qforms[0] != n {
		qforms = append(qforms, n)
	}
	var best []scored
	for _, qf := range qforms {
		b := g.nearest(qf)
		if len(b) > 0 && b[0].edits <= MaxEdits && b[0].score >= MinFuzzyScore &&
			(len(b) == 1 || b[1].edits > b[0].edits) {
			return found(b[0].place, HowFuzzy, b[0].score)
		}
		if best == nil {
			best = b
		}
	}
	for _, c := range best {
		if g.places[c.place].listable() && len(m.Candidates) < 5 {
			m.Candidates = append(m.Candidates, Candidate{Address: g.places[c.place].name, Score: c.score})
		}
	}
	return m, fmt.Errorf("lookup: %q: %w in %s", q, ErrNoMatch, p.county)
}

// streetAnswer answers for a house number from the street ranges of
// zones.csv, for a number the gazetteer does not hold.
func (p *Plan) streetAnswer(a address.Address) (Answer, bool) {
	road, num, ok := a.Street()
	if !ok {
		return Answer{}, false
	}
	zs := make([]int, len(p.levels))
	any := false
	for i, lp := range p.levels {
		zs[i] = -1
		for _, r := range lp.streets[road] {
			if (a.Township == "" || r.town == "" || r.town == a.Township) && r.r.Contains(num) {
				zs[i] = r.zone
				any = true
				break
			}
		}
	}
	if !any {
		return Answer{}, false
	}
	return p.answer(orb.Point{}, false, zs, nil), true
}

// scored is a place with its best fuzzy distance to a query.
type scored struct {
	place int32
	edits int
	score float64
}

// nearest returns the places within MaxEdits+1 edits of the query form qs,
// nearest first (by edits, then score), one entry per place.
func (g *gazetteer) nearest(qs string) []scored {
	cp := g.counts.Get().(*[]uint16)
	counts := *cp
	defer g.counts.Put(cp)
	best := map[int32]scored{}
	if q := []rune(qs); len(q) > 0 {
		bg := bigrams(q)
		var touched []int32
		for _, b := range bg {
			for _, fi := range g.bigram[b] {
				if counts[fi] == 0 {
					touched = append(touched, fi)
				}
				counts[fi]++
			}
		}
		// An edit destroys at most two bigrams of the query.
		need := max(1, len(bg)-2*MaxEdits)
		for _, fi := range touched {
			c := counts[fi]
			counts[fi] = 0
			if int(c) < need {
				continue
			}
			f := &g.forms[fi]
			d := editDistance(q, f.runes, MaxEdits+2)
			if d > MaxEdits+1 {
				continue
			}
			s := 1 - float64(d)/float64(max(len(q), len(f.runes)))
			if old, ok := best[f.place]; !ok || d < old.edits || d == old.edits && s > old.score {
				best[f.place] = scored{f.place, d, s}
			}
		}
	}
	out := make([]scored, 0, len(best))
	for _, s := range best {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].edits != out[j].edits {
			return out[i].edits < out[j].edits
		}
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].place < out[j].place
	})
	return out
}

// editDistance is the Levenshtein distance of a and b, or limit when it is
// at least limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	var buf [2][64]int
	prev, cur := buf[0][:0], buf[1][:0]
	if len(b)+1 > 64 {
		prev, cur = make([]int, 0, len(b)+1), make([]int, 0, len(b)+1)
	}
	for j := 0; j <= len(b); j++ {
		prev = append(prev, j)
	}
	cur = cur[:len(b)+1]
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
			low = min(low, c)
		}
		if low >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}
