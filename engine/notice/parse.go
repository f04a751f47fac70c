package notice

import (
	"errors"
	"fmt"
	"strings"
)

// ParseText reads back a paragraph that Zone.Text wrote (without its
// number): NAME：ITEMS。 towns are the county's townships: the longest of
// them that begins an item is the item's township.
//
// The items are read by kind in Text's order: communities (…全部), compounds,
// streets (ROAD, then ranges N, N—M, 单号N—M or 双号N—M separated by 、, then
// 号), villages (NAME全村 or NAME with groups N组, N—M组, N组（部分）) and,
// after 以及, addresses. A township written before an item is the item's,
// and that of the items after it up to the next ， (its run); an item
// written with its township is Qualified. Items without one have the
// township "". The Zone's SchoolName is NAME, its SchoolID and Households
// are empty. A road or village name never ends with an ASCII digit (the
// digits would be read as its first number).
func ParseText(s string, towns []string) (Zone, error) {
	var z Zone
	body, ok := strings.CutSuffix(s, "。")
	if !ok {
		return z, errors.New("notice: paragraph does not end with 。")
	}
	name, body, ok := strings.Cut(body, "：")
	if !ok || name == "" {
		return z, errors.New("notice: paragraph does not begin with NAME：")
	}
	z.SchoolName = name
	if body == "" {
		return z, nil
	}
	last := -1 // the kind of the part before: 0 communities … 4 addresses
	for i, part := range strings.Split(body, kindSep) {
		fail := func(format string, args ...any) error {
			return fmt.Errorf("notice: part %d %q: %s", i+1, part, fmt.Sprintf(format, args...))
		}
		if part == "" {
			return z, fail("empty")
		}
		kind := -1
		switch {
		case strings.HasPrefix(part, others):
			kind = 4
			for a := range strings.SplitSeq(strings.TrimPrefix(part, others), itemSep) {
				if a == "" {
					return z, fail("empty address")
				}
				z.Addresses = append(z.Addresses, a)
			}
		case i == 0 && strings.HasSuffix(part, allItems):
			kind = 0
			for c := range strings.SplitSeq(strings.TrimSuffix(part, allItems), itemSep) {
				if c == "" {
					return z, fail("empty community")
				}
				z.Communities = append(z.Communities, c)
			}
		default:
			if st, err := parseStreets(part, towns); err == nil && last < 2 {
				kind, z.Streets = 2, st
			} else if vs, err := parseVillages(part, towns); err == nil && last < 3 {
				kind, z.Villages = 3, vs
			} else if cs, err := parseCompounds(part, towns); err == nil {
				kind, z.Compounds = 1, cs
			} else {
				return z, fail("%v", err)
			}
		}
		if kind <= last {
			return z, fail("out of order (communities, compounds, streets, villages, then 以及 addresses)")
		}
		last = kind
	}
	return z, nil
}

// townOf splits the township that begins an item: the longest of towns
// that leaves something after it.
func townOf(item string, towns []string) (town, rest string) {
	for _, t := range towns {
		if len(t) > len(town) && len(t) < len(item) && strings.HasPrefix(item, t) {
			town = t
		}
	}
	return town, item[len(town):]
}

// runs calls f on each item of a part: runs separated by ，, items by 、;
// first is set on the first item of a run.
func runs(part string, f func(item string, first bool) error) error {
	for run := range strings.SplitSeq(part, townSep) {
		for i, it := range strings.Split(run, itemSep) {
			if it == "" {
				return errors.New("empty item")
			}
			if err := f(it, i == 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// placed reads the township of an item: its own, else its run's.
type placed struct {
	towns []string
	run   string
}

func (p *placed) read(item string, first bool) (town, rest string, own bool) {
	town, rest = townOf(item, p.towns)
	if first {
		p.run = town
	}
	if town == "" {
		return p.run, rest, false
	}
	return town, rest, true
}

func parseCompounds(part string, towns []string) ([]Compound, error) {
	var out []Compound
	p := placed{towns: towns}
	err := runs(part, func(it string, first bool) error {
		t, rest, own := p.read(it, first)
		c := Compound{Township: t, Qualified: own}
		c.Name, c.Partial = strings.CutSuffix(rest, partial)
		if c.Name == "" {
			return fmt.Errorf("compound %q without a name", it)
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// parseStreets reads a street part: each road's ranges follow it, the last
// followed by 号.
func parseStreets(part string, towns []string) ([]Street, error) {
	var out []Street
	open := false // the last street still takes ranges
	p := placed{towns: towns}
	err := runs(part, func(it string, first bool) error {
		rest, closed := strings.CutSuffix(it, "号")
		var r Range
		var head string
		var err error
		if open && !first {
			if head, r, err = cutRange(rest); err != nil {
				return err
			}
			if head != "" {
				return fmt.Errorf("range %q of %s", it, out[len(out)-1].Road)
			}
			out[len(out)-1].Ranges = append(out[len(out)-1].Ranges, r)
		} else {
			if open {
				return fmt.Errorf("the ranges before %q do not end with 号", it)
			}
			t, body, own := p.read(rest, first)
			if head, r, err = cutRange(body); err != nil {
				return err
			}
			if head == "" {
				return fmt.Errorf("street %q without a road", it)
			}
			out = append(out, Street{Township: t, Road: head, Ranges: []Range{r}, Qualified: own})
		}
		open = !closed
		return nil
	})
	if err == nil && open {
		err = errors.New("the last ranges do not end with 号")
	}
	return out, err
}

// cutRange splits the range that ends s (N, N—M, 单号N—M, 双号N—M) from what
// comes before it.
func cutRange(s string) (head string, r Range, err error) {
	head, to, ok := cutNumber(s)
	if !ok {
		return "", r, fmt.Errorf("%q does not end with a number", s)
	}
	r.From, r.To = to, to
	if h, ok := strings.CutSuffix(head, rangeSep); ok {
		if head, r.From, ok = cutNumber(h); !ok {
			return "", r, fmt.Errorf("%q: no number before %s", s, rangeSep)
		}
	}
	for _, p := range []Parity{Odd, Even} {
		if h, ok := strings.CutSuffix(head, p.Prefix()); ok {
			head, r.Parity = h, p
		}
	}
	if !r.valid() {
		return "", r, fmt.Errorf("%q: bad range (N—M with N ≤ M; 单号 and 双号 with N < M both of their parity)", s)
	}
	return head, r, nil
}

// cutNumber splits the decimal number that ends s.
func cutNumber(s string) (head string, n int, ok bool) {
	i := len(s)
	for i > 0 && isDigit(s[i-1]) {
		i--
	}
	n, ok = atoi(s[i:])
	return s[:i], n, ok
}

func parseVillages(part string, towns []string) ([]Village, error) {
	var out []Village
	p := placed{towns: towns}
	err := runs(part, func(it string, first bool) error {
		t, rest, _ := p.read(it, first)
		if name, ok := strings.CutSuffix(rest, allGroups); ok {
			if name == "" {
				return fmt.Errorf("village %q without a name", it)
			}
			out = append(out, Village{Township: t, Name: name, All: true})
			return nil
		}
		g, isPartial := strings.CutSuffix(rest, partial)
		g, ok := strings.CutSuffix(g, "组")
		if !ok {
			return fmt.Errorf("%q: neither 全村 nor groups", it)
		}
		head, r, err := cutRange(g)
		if err != nil || r.Parity != All || isPartial && r.From != r.To {
			return fmt.Errorf("%q: bad groups", it)
		}
		var v *Village
		switch {
		case head == "" && !first && len(out) > 0 && !out[len(out)-1].All:
			v = &out[len(out)-1]
		case head == "":
			return fmt.Errorf("groups %q without a village", it)
		default:
			out = append(out, Village{Township: t, Name: head})
			v = &out[len(out)-1]
		}
		if r.To-r.From >= maxGroups-len(v.Groups) {
			return fmt.Errorf("%q: more than %d groups", it, maxGroups)
		}
		for n := r.From; n <= r.To; n++ {
			if k := len(v.Groups); k > 0 && n <= v.Groups[k-1] {
				return fmt.Errorf("%q: groups not ascending", it)
			}
			v.Groups = append(v.Groups, n)
			if isPartial {
				v.Partial = append(v.Partial, n)
			}
		}
		return nil
	})
	return out, err
}
