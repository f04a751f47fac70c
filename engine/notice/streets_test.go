package notice

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// ownerAt returns the zone pieces give number n: -1 for none, -3 when n is
// outside them.
func ownerAt(ps []piece, n int) int32 {
	for _, p := range ps {
		if p.a <= n && n <= p.b {
			if n%2 == 0 {
				return p.even
			}
			return p.odd
		}
	}
	return -3
}

// rangesLen is the length in characters of ranges as Text writes them.
func rangesLen(rs []Range) int {
	return len([]rune(Zone{Streets: []Street{{Road: "路", Ranges: rs}}}.Text()))
}

// runsOf words a set of numbers with plain ranges only (maximal runs), or,
// with sides set, with 单号 and 双号 ranges only (maximal runs of each
// parity, a single number written plainly).
func runsOf(set []int, sides bool) []Range {
	var out []Range
	for par := range 2 {
		step := 2
		if !sides {
			step, par = 1, 0
		}
		var cur []int
		flush := func() {
			if len(cur) == 0 {
				return
			}
			r := Range{From: cur[0], To: cur[len(cur)-1]}
			if sides && r.From != r.To {
				r.Parity = Odd
				if r.From%2 == 0 {
					r.Parity = Even
				}
			}
			out = append(out, r)
			cur = nil
		}
		for _, n := range set {
			if sides && n%2 != par {
				continue
			}
			if len(cur) > 0 && n != cur[len(cur)-1]+step {
				flush()
			}
			cur = append(cur, n)
		}
		flush()
		if !sides {
			break
		}
	}
	return out
}

// TestWordRanges: on random roads (numbers up to 60, a few zones, some
// numbers in none), each number present keeps its zone; each zone's ranges
// cover exactly its numbers from 1 to the largest; and they are no longer
// than the same numbers in plain ranges only, or in 单号/双号 ranges only.
func TestWordRanges(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for it := range 3000 {
		var nums []int
		var owner []int32
		zones := 1 + r.IntN(3)
		for n := r.IntN(2); n <= 60; n += 1 + r.IntN(4) {
			nums = append(nums, n)
			z := int32(r.IntN(zones))
			if r.IntN(10) == 0 {
				z = -1
			}
			// Sides: most odd numbers in one zone, even in another.
			if it%2 == 0 && r.IntN(4) > 0 {
				z = int32(n % 2 % zones)
			}
			owner = append(owner, z)
		}
		ps := pieces(nums, owner)
		hi := nums[len(nums)-1]
		for i, n := range nums {
			if got := ownerAt(ps, n); got != owner[i] {
				t.Fatalf("road %v %v: number %d in zone %d, want %d", nums, owner, n, got, owner[i])
			}
		}
		for z := range int32(zones) {
			rs := wordRanges(ps, z)
			var set []int
			for n := min(1, nums[0]); n <= hi; n++ {
				in := 0
				for _, rg := range rs {
					if rg.Contains(n) {
						in++
					}
				}
				want := ownerAt(ps, n) == z
				if want {
					set = append(set, n)
				}
				if want && in != 1 || !want && in != 0 {
					t.Fatalf("road %v %v: zone %d: number %d in %d of its ranges %+v", nums, owner, z, n, in, rs)
				}
			}
			for _, rg := range rs {
				if !rg.valid() {
					t.Fatalf("zone %d: bad range %+v", z, rg)
				}
			}
			if !slices.IsSortedFunc(rs, func(a, b Range) int { return a.From - b.From }) {
				t.Errorf("zone %d: ranges not by From: %+v", z, rs)
			}
			for _, other := range [][]Range{runsOf(set, false), runsOf(set, true)} {
				if rangesLen(rs) > rangesLen(other) {
					t.Errorf("road %v %v: zone %d: %+v longer than %+v", nums, owner, z, rs, other)
				}
			}
		}
	}
}

// TestWordRangesLarge: numbers far apart and a road of one side only are
// shared out at once, not number by number.
func TestWordRangesLarge(t *testing.T) {
	start := time.Now()
	ps := pieces([]int{1, 2_000_000_000}, []int32{0, 1})
	got := [][]Range{wordRanges(ps, 0), wordRanges(ps, 1)}
	// Odd numbers go to the one odd number, 1; even ones to the one even.
	want := [][]Range{{{From: 1, To: 1_999_999_999, Parity: Odd}}, {{From: 2, To: 2_000_000_000, Parity: Even}}}
	if !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	var nums []int
	var owner []int32
	for n := 1; n < 40000; n += 2 {
		nums, owner = append(nums, n), append(owner, int32(n/1000%3))
	}
	ps = pieces(nums, owner)
	for z := range int32(3) {
		if rs := wordRanges(ps, z); len(rs) == 0 {
			t.Errorf("zone %d: no ranges", z)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
