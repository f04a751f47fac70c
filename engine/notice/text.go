package notice

import (
	"strconv"
	"strings"
)

// Punctuation of the notice.
const (
	itemSep   = "、" // between items of a kind
	townSep   = "，" // between the townships of a kind
	kindSep   = "；" // between kinds
	rangeSep  = "—" // in a range of numbers: 1—35号
	partial   = "（部分）"
	allItems  = "全部" // after the communities
	allGroups = "全村"
	// others begins the homes listed by address, so that they are not
	// read as streets: 以及呼图壁镇东风路12附1号.
	others = "以及"
)

// Text returns the paragraph of the enrollment notice for the zone:
//
//	呼图壁县第二小学：幸福社区、园林社区全部；锦华苑、天山花园；东风路1—35、单号37—75、双号40—52号、呼图壁镇团结路2—18号；二十里店镇红山村1—3组、5组，大丰镇某村全村；以及呼图壁镇东风路12附1号。
//
// The school's name (its id when it has none), then, separated by ；, the
// communities (全部), the compounds, the streets with their house-number
// ranges, the villages with their groups (全村 for a whole village) and,
// after 以及, the homes listed by address, each kind in township order.
// Items are separated by 、 and townships by ，. A road is written once, its
// numbers and ranges after it, then 号 (东风路1、3、单号5—9号), so that a long
// zone stays short; 单号 and 双号 take the odd or even numbers of a range
// only. Villages always carry their township, since village names repeat
// across townships; compounds and streets carry it before the first of
// each township's run when those of the zone lie in more than one
// township, and always when they are Qualified (the name is used in
// several townships). Consecutive group numbers are written as a range
// (1—3组); a compound or group split with another zone is followed by
// （部分）. ParseText reads the paragraph back.
func (z Zone) Text() string {
	var b strings.Builder
	name := z.SchoolName
	if name == "" {
		name = z.SchoolID
	}
	b.WriteString(name)
	b.WriteString("：")
	n := 0
	kind := func() {
		if n > 0 {
			b.WriteString(kindSep)
		}
		n++
	}
	if len(z.Communities) > 0 {
		kind()
		b.WriteString(strings.Join(z.Communities, itemSep))
		b.WriteString(allItems)
	}
	showTown := false
	var first string
	for i, t := range append(townsOf(z.Compounds, func(c Compound) string { return c.Township }),
		townsOf(z.Streets, func(s Street) string { return s.Township })...) {
		if i == 0 {
			first = t
		} else if t != first {
			showTown = true
		}
	}
	if len(z.Compounds) > 0 {
		kind()
		writeByTown(&b, z.Compounds, showTown, func(c Compound) (string, bool) { return c.Township, c.Qualified },
			func(b *strings.Builder, c Compound) {
				b.WriteString(c.Name)
				if c.Partial {
					b.WriteString(partial)
				}
			})
	}
	if len(z.Streets) > 0 {
		kind()
		writeByTown(&b, z.Streets, showTown, func(s Street) (string, bool) { return s.Township, s.Qualified },
			func(b *strings.Builder, s Street) {
				b.WriteString(s.Road)
				for i, r := range s.Ranges {
					if i > 0 {
						b.WriteString(itemSep)
					}
					if r.From != r.To {
						b.WriteString(r.Parity.Prefix())
					}
					writeRange(b, r, "")
				}
				if len(s.Ranges) > 0 {
					b.WriteString("号")
				}
			})
	}
	if len(z.Villages) > 0 {
		kind()
		writeByTown(&b, z.Villages, true, func(v Village) (string, bool) { return v.Township, false }, writeVillage)
	}
	if len(z.Addresses) > 0 {
		kind()
		b.WriteString(others)
		b.WriteString(strings.Join(z.Addresses, itemSep))
	}
	b.WriteString("。")
	return b.String()
}

func townsOf[T any](items []T, town func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = town(it)
	}
	return out
}

// writeByTown writes items (sorted by township) with 、 between items of a
// township and ， between townships, each township's run preceded by its
// name when show is set, and each qualified item by its township.
func writeByTown[T any](b *strings.Builder, items []T, show bool, town func(T) (string, bool), write func(*strings.Builder, T)) {
	prev := ""
	for i, it := range items {
		t, q := town(it)
		newTown := i == 0 || t != prev
		switch {
		case i > 0 && newTown:
			b.WriteString(townSep)
		case i > 0:
			b.WriteString(itemSep)
		}
		if newTown && show || q {
			b.WriteString(t)
		}
		write(b, it)
		prev = t
	}
}

func writeRange(b *strings.Builder, r Range, unit string) {
	b.WriteString(strconv.Itoa(r.From))
	if r.To != r.From {
		b.WriteString(rangeSep)
		b.WriteString(strconv.Itoa(r.To))
	}
	b.WriteString(unit)
}

func writeVillage(b *strings.Builder, v Village) {
	b.WriteString(v.Name)
	if v.All {
		b.WriteString(allGroups)
		return
	}
	for i, g := range groupRuns(v) {
		if i > 0 {
			b.WriteString(itemSep)
		}
		writeRange(b, g.Range, "组")
		if g.partial {
			b.WriteString(partial)
		}
	}
}

type groupRun struct {
	Range
	partial bool
}

// groupRuns compresses a village's groups into runs of consecutive numbers;
// a partial group is a run of its own.
func groupRuns(v Village) []groupRun {
	var out []groupRun
	for _, g := range v.Groups {
		p := containsInt(v.Partial, g)
		if k := len(out) - 1; k >= 0 && !p && !out[k].partial && out[k].To == g-1 {
			out[k].To = g
			continue
		}
		out = append(out, groupRun{Range{From: g, To: g}, p})
	}
	return out
}

func containsInt(s []int, x int) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
