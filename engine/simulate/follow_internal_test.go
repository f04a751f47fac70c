package simulate

import (
	"math"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestFollowShares: the follow rule on figures worked out by hand.
func TestFollowShares(t *testing.T) {
	cases := []struct {
		name              string
		r                 Movable
		level             dataset.Level
		had, other, lost  int
		weights           []float64
		wantSent          Movable
		wantParts         []Movable
		wantShares        []float64
		wantNothingToMove bool
	}{
		{
			// 10 teachers for 100 pupils; 20 go: 10·20/100 = 2, 1 each.
			name: "100 pupils, 10 teachers, 20 lost, 50/50", r: Movable{TeachersQualified: 10, EquipmentYuan: 1e6, MultimediaRooms: 5},
			level: dataset.Primary, had: 100, lost: 20, weights: []float64{0.5, 0.5},
			wantSent:   Movable{TeachersQualified: 2, EquipmentYuan: 200000, MultimediaRooms: 1},
			wantParts:  []Movable{{TeachersQualified: 1, EquipmentYuan: 100000, MultimediaRooms: 0.5}, {TeachersQualified: 1, EquipmentYuan: 100000, MultimediaRooms: 0.5}},
			wantShares: []float64{0.5, 0.5},
		},
		{
			// A nine-year campus of 60 primary and 40 junior pupils with
			// 10 teachers: the primary part is 6; 30 of 60 go: 3, split
			// 1/3 and 2/3.
			name: "nine-year campus, primary", r: Movable{TeachersQualified: 10, TeachersBackbone: 5, TeachersPEArt: 2.5},
			level: dataset.Primary, had: 60, other: 40, lost: 30, weights: []float64{1.0 / 3, 2.0 / 3},
			wantSent:   Movable{TeachersQualified: 3, TeachersBackbone: 1.5, TeachersPEArt: 0.75},
			wantParts:  []Movable{{TeachersQualified: 1, TeachersBackbone: 0.5, TeachersPEArt: 0.25}, {TeachersQualified: 2, TeachersBackbone: 1, TeachersPEArt: 0.5}},
			wantShares: []float64{1.0 / 3, 2.0 / 3},
		},
		{
			// The junior part of the same campus is 4 (40 of 100); all
			// 40 go: 4.
			name: "nine-year campus, junior, all lost", r: Movable{TeachersQualified: 10},
			level: dataset.Junior, had: 40, other: 60, lost: 40, weights: []float64{1},
			wantSent: Movable{TeachersQualified: 4}, wantParts: []Movable{{TeachersQualified: 4}}, wantShares: []float64{1},
		},
		{
			// Split zone: the receivers took 3 and 1 entrants: 3/4 and 1/4
			// of 10·40/100 = 4.
			name: "weights by pupils taken", r: Movable{TeachersQualified: 10},
			level: dataset.Primary, had: 100, lost: 40, weights: []float64{3, 1},
			wantSent: Movable{TeachersQualified: 4}, wantParts: []Movable{{TeachersQualified: 3}, {TeachersQualified: 1}}, wantShares: []float64{0.75, 0.25},
		},
		{
			// No receiver took anyone: equal parts.
			name: "zero weights", r: Movable{TeachersQualified: 8},
			level: dataset.Primary, had: 10, lost: 5, weights: []float64{0, 0},
			wantSent: Movable{TeachersQualified: 4}, wantParts: []Movable{{TeachersQualified: 2}, {TeachersQualified: 2}}, wantShares: []float64{0.5, 0.5},
		},
		{
			// More lost than had (cannot lose more than all).
			name: "lost capped at had", r: Movable{TeachersQualified: 8},
			level: dataset.Primary, had: 10, lost: 15, weights: []float64{1},
			wantSent: Movable{TeachersQualified: 8}, wantParts: []Movable{{TeachersQualified: 8}}, wantShares: []float64{1},
		},
		{name: "no pupils the year before", r: Movable{TeachersQualified: 8}, level: dataset.Primary, had: 0, lost: 0,
			weights: []float64{1}, wantNothingToMove: true},
		{name: "none lost", r: Movable{TeachersQualified: 8}, level: dataset.Primary, had: 10, lost: 0,
			weights: []float64{1}, wantNothingToMove: true},
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	same := func(a, b Movable) bool {
		for _, f := range movable {
			if !near(*f.value(&a), *f.value(&b)) {
				return false
			}
		}
		return true
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sent, parts, shares := followShares(tc.r, tc.level, tc.had, tc.other, tc.lost, tc.weights)
			if tc.wantNothingToMove {
				if sent != (Movable{}) {
					t.Errorf("sent %+v, want nothing", sent)
				}
				for i, p := range parts {
					if p != (Movable{}) {
						t.Errorf("receiver %d got %+v, want nothing", i, p)
					}
				}
				return
			}
			if !same(sent, tc.wantSent) {
				t.Errorf("sent %+v, want %+v", sent, tc.wantSent)
			}
			if len(parts) != len(tc.wantParts) {
				t.Fatalf("%d parts, want %d", len(parts), len(tc.wantParts))
			}
			var sum Movable
			for i := range parts {
				if !same(parts[i], tc.wantParts[i]) {
					t.Errorf("receiver %d got %+v, want %+v", i, parts[i], tc.wantParts[i])
				}
				if !near(shares[i], tc.wantShares[i]) {
					t.Errorf("receiver %d share %g, want %g", i, shares[i], tc.wantShares[i])
				}
				for _, f := range movable {
					*f.value(&sum) += *f.value(&parts[i])
				}
			}
			if !same(sum, sent) {
				t.Errorf("parts add up to %+v, sent %+v", sum, sent)
			}
		})
	}
}
