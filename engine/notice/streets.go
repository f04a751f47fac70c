package notice

import "slices"

// This file shares out the house numbers of a road among the zones of one
// level, so that every number from 1 (0 when a house is numbered 0) to the
// road's largest number belongs to exactly one zone's ranges, and words each
// zone's share in the fewest characters with plain, 单号 (odd) and 双号 (even)
// ranges.

// Parity says which numbers of a range it covers.
type Parity uint8

const (
	// All numbers from From to To (全部: both sides of the road).
	All Parity = iota
	// Odd numbers only (单号): one side of the road.
	Odd
	// Even numbers only (双号): the other side.
	Even
)

// Prefix is how the notice writes the parity before a range: 单号, 双号, or
// nothing for All.
func (p Parity) Prefix() string {
	switch p {
	case Odd:
		return "单号"
	case Even:
		return "双号"
	}
	return ""
}

// Contains reports whether house number n is in the range.
func (r Range) Contains(n int) bool {
	if n < r.From || n > r.To {
		return false
	}
	switch r.Parity {
	case Odd:
		return n%2 == 1
	case Even:
		return n%2 == 0
	}
	return true
}

// valid reports whether the range is as Describe writes it: 0 ≤ From ≤ To
// ≤ maxNumber, and a parity range spans two numbers of its parity at least.
func (r Range) valid() bool {
	if r.From < 0 || r.To < r.From || r.To > maxNumber {
		return false
	}
	switch r.Parity {
	case All:
		return true
	case Odd, Even:
		want := 1
		if r.Parity == Even {
			want = 0
		}
		return r.From < r.To && r.From%2 == want && r.To%2 == want
	}
	return false
}

// noParity marks a piece without numbers of a parity.
const noParity = -2

// piece is a stretch [a, b] of a road's numbers whose odd numbers all
// belong to zone odd and even numbers to zone even (-1: to no zone;
// noParity: the stretch has none of them).
type piece struct {
	a, b      int
	odd, even int32
}

// pieces shares out the numbers of one road. nums are the numbers present
// (ascending, distinct) and owner[i] the zone of nums[i], -1 for none. An
// absent number goes to a zone of its nearest present numbers with a zone
// on its side of the road (same parity), else on either side: to the one
// below and above when they agree; else, where the zone changes between
// them, to the zone of the number just before it when it is one of the two
// (so that both sides change zone at the same place when they can), else
// to the zone below. A present number without a zone stays without one.
func pieces(nums []int, owner []int32) []piece {
	if len(nums) == 0 {
		return nil
	}
	lo := min(1, nums[0])
	// One piece per number, but for the long stretches without homes:
	// wordRanges may end a range at any piece, so a piece holds at least
	// three numbers of each parity, which one range words no longer than
	// single numbers do.
	var out []piece
	add := func(p piece) { out = append(out, p) }
	single := func(n int, z int32) piece {
		if n%2 == 0 {
			return piece{n, n, noParity, z}
		}
		return piece{n, n, z, noParity}
	}
	// below[k][i] is the index of the last present number up to nums[i]
	// with a zone, of parity k (2: any), -1 for none; above[k][i] the
	// first from nums[i] on, len(nums) for none.
	var below, above [3][]int
	for k := range 3 {
		below[k], above[k] = make([]int, len(nums)), make([]int, len(nums))
		last := -1
		for i, n := range nums {
			if owner[i] >= 0 && (k == 2 || n%2 == k) {
				last = i
			}
			below[k][i] = last
		}
		last = len(nums)
		for i := len(nums) - 1; i >= 0; i-- {
			if owner[i] >= 0 && (k == 2 || nums[i]%2 == k) {
				last = i
			}
			above[k][i] = last
		}
	}
	// neighbour returns the zone of the nearest present number with a zone
	// at or below index i (dir -1) or at or above it (dir +1), of parity
	// par (-1: any); ok false when there is none.
	neighbour := func(i, dir, par int) (int32, bool) {
		k := par
		if k < 0 {
			k = 2
		}
		switch {
		case i < 0 || i >= len(nums):
			return 0, false
		case dir < 0 && below[k][i] >= 0:
			return owner[below[k][i]], true
		case dir > 0 && above[k][i] < len(nums):
			return owner[above[k][i]], true
		}
		return 0, false
	}
	prev := int32(-1) // zone of the number before
	fill := func(g0, g1, below, above int) {
		var cand [2][]int32 // per parity (index n%2): the candidate zones
		for par := range 2 {
			for _, p := range []int{par, -1} {
				x, okx := neighbour(below, -1, p)
				y, oky := neighbour(above, +1, p)
				switch {
				case okx && oky && x != y:
					cand[par] = []int32{x, y}
				case okx:
					cand[par] = []int32{x}
				case oky:
					cand[par] = []int32{y}
				default:
					continue
				}
				break
			}
		}
		pick := func(n int) int32 {
			c := cand[n%2]
			switch {
			case len(c) == 0:
				return -1
			case slices.Contains(c, prev):
				return prev
			}
			return c[0]
		}
		// The choice settles within four numbers (pick depends on the
		// number before only, and on the parity); then it repeats.
		var last [2]int32 // the last pick of each parity
		explicit := g0 + 8
		if g1-explicit+1 < 6 {
			explicit = g1 + 1
		}
		n := g0
		for ; n < explicit; n++ {
			z := pick(n)
			add(single(n, z))
			prev, last[n%2] = z, z
		}
		if n <= g1 {
			add(piece{n, g1, last[1], last[0]})
			prev = last[g1%2]
		}
	}
	next := lo
	for i, n := range nums {
		if n > next {
			fill(next, n-1, i-1, i)
		}
		add(single(n, owner[i]))
		prev = owner[i]
		next = n + 1
	}
	return out
}

// Range states of the wording search: 0 closed, 1 open with one number,
// 2 open with more.
type rangeState struct{ all, odd, even uint8 }

func (s rangeState) index() int { return int(s.all)*9 + int(s.odd)*3 + int(s.even) }

func stateOf(i int) rangeState { return rangeState{uint8(i / 9), uint8(i / 3 % 3), uint8(i % 3)} }

// wordCost is the cost of a wording: 8 per character, 4 per range (of two
// wordings as short, the one with fewer ranges), 1 per parity range (then
// the one with fewer 单号/双号).
const (
	costChar   = 8
	costRange  = 4
	costParity = 1
)

// digits returns the number of decimal digits of n ≥ 0.
func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// firstOf returns the first number of parity par (0 even, 1 odd) in [a, b],
// or -1.
func firstOf(a, b, par int) int {
	if a%2 != par {
		a++
	}
	if a > b {
		return -1
	}
	return a
}

// lastUpTo returns the last number of parity par up to b.
func lastUpTo(b, par int) int {
	if b%2 != par {
		b--
	}
	return b
}

// wordRanges returns zone z's ranges over the pieces ps: every number of
// the pieces that is z's, and no other, in the fewest characters as Text
// writes them (then the fewest ranges, then the fewest parity ranges),
// sorted by From.
func wordRanges(ps []piece, z int32) []Range {
	first, last := -1, -1
	for i, p := range ps {
		if p.odd == z || p.even == z {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return nil
	}
	ps = ps[first : last+1]
	const nStates = 27
	const inf = int(^uint(0) >> 2)
	cost := make([][nStates]int, len(ps)+1)
	from := make([][nStates]int8, len(ps)+1)
	for i := range cost {
		for s := range nStates {
			cost[i][s] = inf
		}
	}
	cost[0][0] = 0
	// closeCost is the cost of closing a range of kind k (0 all, 1 odd,
	// 2 even) in state v after piece p.
	closeCost := func(k int, v uint8, p piece) int {
		if v < 2 {
			return 0
		}
		c := costChar
		if k == 0 {
			return c + costChar*digits(p.b)
		}
		return c + costChar*digits(lastUpTo(p.b, k%2)) + 2*costChar
	}
	for i, p := range ps {
		hasOdd := firstOf(p.a, p.b, 1) >= 0
		hasEven := firstOf(p.a, p.b, 0) >= 0
		nOdd, nEven := count(p.a, p.b, 1), count(p.a, p.b, 0)
		for si := range nStates {
			c0 := cost[i][si]
			if c0 == inf {
				continue
			}
			s := stateOf(si)
			// The targets: nothing, all, odd, even, odd and even open.
			for _, t := range [5][3]bool{{}, {true, false, false}, {false, true, false}, {false, false, true}, {false, true, true}} {
				c := c0
				var n rangeState
				ok := true
				for k, open := range t {
					v := [3]uint8{s.all, s.odd, s.even}[k]
					var elems int
					switch k {
					case 0:
						elems = nOdd + nEven
					case 1:
						elems = nOdd
					case 2:
						elems = nEven
					}
					var nv uint8
					switch {
					case open && v > 0: // keep
						nv = min(2, v+uint8(min(elems, 2)))
					case open: // open here
						if elems == 0 {
							ok = false
							break
						}
						f := p.a
						if k > 0 {
							f = firstOf(p.a, p.b, k%2)
						}
						c += costChar*(digits(f)+1) + costRange
						if k > 0 {
							c += costParity
						}
						nv = uint8(min(elems, 2))
					case v > 0 && i > 0: // close after the piece before
						c += closeCost(k, v, ps[i-1])
					}
					switch k {
					case 0:
						n.all = nv
					case 1:
						n.odd = nv
					case 2:
						n.even = nv
					}
				}
				if !ok {
					continue
				}
				covOdd := n.all > 0 || n.odd > 0
				covEven := n.all > 0 || n.even > 0
				if hasOdd && covOdd != (p.odd == z) || hasEven && covEven != (p.even == z) {
					continue
				}
				if ni := n.index(); c < cost[i+1][ni] {
					cost[i+1][ni] = c
					from[i+1][ni] = int8(si)
				}
			}
		}
	}
	// Close what is open after the last piece.
	best, bestCost := -1, inf
	lastP := ps[len(ps)-1]
	for si := range nStates {
		if cost[len(ps)][si] == inf {
			continue
		}
		s := stateOf(si)
		c := cost[len(ps)][si] + closeCost(0, s.all, lastP) + closeCost(1, s.odd, lastP) + closeCost(2, s.even, lastP)
		if c < bestCost {
			best, bestCost = si, c
		}
	}
	if best < 0 {
		return nil // cannot happen: opening and closing at every piece always works
	}
	states := make([]rangeState, len(ps)+1)
	for i, si := len(ps), best; i >= 0; i-- {
		states[i] = stateOf(si)
		if i > 0 {
			si = int(from[i][si])
		}
	}
	var out []Range
	var openAt [3]int
	emit := func(k int, p piece, start int) {
		r := Range{From: start, To: p.b}
		switch k {
		case 1:
			r.To, r.Parity = lastUpTo(p.b, 1), Odd
		case 2:
			r.To, r.Parity = lastUpTo(p.b, 0), Even
		}
		if r.From == r.To {
			r.Parity = All
		}
		out = append(out, r)
	}
	for i := 1; i <= len(ps); i++ {
		s, t := states[i-1], states[i]
		p := ps[i-1]
		for k := range 3 {
			v := [3]uint8{s.all, s.odd, s.even}[k]
			w := [3]uint8{t.all, t.odd, t.even}[k]
			if v > 0 && w == 0 {
				emit(k, ps[i-2], openAt[k])
			}
			if v == 0 && w > 0 {
				openAt[k] = p.a
				if k > 0 {
					openAt[k] = firstOf(p.a, p.b, k%2)
				}
			}
		}
	}
	end := states[len(ps)]
	for k, v := range [3]uint8{end.all, end.odd, end.even} {
		if v > 0 {
			emit(k, lastP, openAt[k])
		}
	}
	slices.SortFunc(out, func(x, y Range) int { return x.From - y.From })
	return out
}

// count returns how many numbers of parity par [a, b] holds (0, 1 or 2:
// more count as 2).
func count(a, b, par int) int {
	f := firstOf(a, b, par)
	if f < 0 {
		return 0
	}
	if f+2 <= b {
		return 2
	}
	return 1
}
