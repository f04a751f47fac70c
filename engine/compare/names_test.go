package compare_test

import (
	"testing"

	"github.com/hutubi-edu/zoning/engine/compare"
)

func TestGroupsText(t *testing.T) {
	cases := []struct {
		groups []int
		want   string
	}{
		{nil, ""},
		{[]int{5}, "5组"},
		{[]int{1, 2}, "1—2组"},
		{[]int{1, 2, 3, 5}, "1—3、5组"},
		{[]int{1, 3, 5}, "1、3、5组"},
		{[]int{2, 3, 4, 7, 8, 10}, "2—4、7—8、10组"},
	}
	for _, tc := range cases {
		if got := (compare.PlaceChange{Groups: tc.groups}).GroupsText(); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.groups, got, tc.want)
		}
	}
}

func TestDistanceLabel(t *testing.T) {
	for _, tc := range []struct {
		m    float64
		want string
	}{{500, "500 米"}, {1000, "1 公里"}, {1500, "1.5 公里"}, {3000, "3 公里"}} {
		if got := compare.DistanceLabel(tc.m); got != tc.want {
			t.Errorf("DistanceLabel(%v) = %q, want %q", tc.m, got, tc.want)
		}
	}
}
