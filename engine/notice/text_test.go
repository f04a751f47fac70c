package notice

import "testing"

func TestText(t *testing.T) {
	cases := []struct {
		name string
		z    Zone
		want string
	}{
		{"id when no name", Zone{SchoolID: "x1", Communities: []string{"幸福社区"}}, "x1：幸福社区全部。"},
		{"single number and range", Zone{SchoolName: "甲", Streets: []Street{{Township: "呼图壁镇", Road: "东风路", Ranges: []Range{{From: 7, To: 7}, {From: 9, To: 12}}}}}, "甲：东风路7、9—12号。"},
		{"street without ranges", Zone{SchoolName: "甲", Streets: []Street{{Township: "呼图壁镇", Road: "东风路", Ranges: nil}}}, "甲：东风路。"},
		{
			"townships of compounds and streets, none last",
			Zone{SchoolName: "甲",
				Compounds: []Compound{{Township: "呼图壁镇", Name: "锦华苑", Partial: false}, {Township: "呼图壁镇", Name: "天山花园", Partial: false}, {Township: "", Name: "某某小区", Partial: true}},
				Streets:   []Street{{Township: "大丰镇", Road: "南山路", Ranges: []Range{{From: 1, To: 3}}}}},
			"甲：呼图壁镇锦华苑、天山花园，某某小区（部分）；大丰镇南山路1—3号。",
		},
		{
			"villages: groups, partial, whole",
			Zone{SchoolName: "甲", Villages: []Village{
				{Township: "大丰镇", Name: "红山村", Groups: []int{1, 2, 4, 5, 6, 9}, Partial: []int{5}},
				{Township: "大丰镇", Name: "高桥村", All: true},
				{Township: "五工台镇", Name: "林场村", Groups: []int{3}},
			}},
			"甲：大丰镇红山村1—2组、4组、5组（部分）、6组、9组、高桥村全村，五工台镇林场村3组。",
		},
		{"addresses", Zone{SchoolName: "甲", Addresses: []string{"呼图壁镇某某单位院内", NoAddress}}, "甲：以及呼图壁镇某某单位院内、（无地址）。"},
		{"empty", Zone{SchoolName: "甲"}, "甲：。"},
	}
	for _, tc := range cases {
		if got := tc.z.Text(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
