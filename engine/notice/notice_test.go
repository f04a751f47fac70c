package notice

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// row is one hand-made household: its address, community column and school
// index (-1: in no zone).
type row struct {
	addr, com string
	school    int
}

// places are the townships of the hand-made county in its order, as its
// dataset.yaml would list them.
var places = &address.Gazetteer{Townships: []address.Township{
	{Name: "呼图壁镇"}, {Name: "大丰镇"}, {Name: "五工台镇"}, {Name: "园户村镇"}, {Name: "二十里店镇"}, {Name: "雀尔沟镇"},
	{Name: "石梯子哈萨克民族乡", Aliases: []string{"石梯子乡"}},
}}

// build makes a dataset with the schools and households of rows, and the
// schoolOf of the rows.
func build(schools []dataset.School, rows []row) (*dataset.Dataset, []int) {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021, Places: places}, Schools: schools}
	schoolOf := make([]int, len(rows))
	for i, r := range rows {
		ds.Households = append(ds.Households, dataset.Household{
			ID: fmt.Sprintf("h%03d", i), Address: r.addr, Community: r.com, Hukou: dataset.Local})
		schoolOf[i] = r.school
	}
	ds.Index()
	return ds, schoolOf
}

const (
	schA = 0
	schB = 1
	none = -1
)

var twoSchools = []dataset.School{
	{ID: "a", Name: "甲小学", PrimarySeats: 100, Public: true},
	{ID: "b", Name: "乙小学", PrimarySeats: 100, Public: true},
	{ID: "c", Name: "丙小学", PrimarySeats: 100, Public: true}, // no households: no zone
}

// handmade is the split the expected values below were worked out from by
// hand.
//
// 东风路, numbers present: 1 A, 2 B, 3 A, 4 B, 5 A, 6 A, 7 B, 9 安居小区 (A
// and B: a tie, to the first school, A), 11 A, 13 A, 78 锦华苑 (A). 幸福社区 is
// 锦华苑 and numbers 11, 13, all in A: listed under 社区, so 锦华苑 is not
// listed again (its numbers are A's ranges' anyway). The numbers absent go
// to their side's neighbours: 8, 10 … 76 between 6 and 78 (A), 15 … 77
// after 13 (A). A: 1, 3, 5, 6, 8—78, worded 单号1—5、6、8—78 (as short as
// 1、3、5—6、8—78, in fewer ranges). B: 2, 4, 7.
//
// 园林路, numbers present: 1 A, 2 A, 3 A, 4 none, 5 B, 6 B, 8 A, 9 锦绣花园
// (A), 10-1 A, 19 B, 20 天山花园 (B), 21 B, 30 A. 园林社区 is number 1 (A)
// and 天山花园 (B): split, not listed. Number 4 is in no range. 7 lies
// between 5 (B) and 9 (A) on its side and follows 6 (B): B. 11 … 18 follow
// 10 (A), 22 … 29 follow 21 (B). A: 1—3, 8—18, 30. B: 5—7, 19—29.
//
// Villages: 二十里店镇红山村 groups 1–3 A, 4–5 B; 大丰镇东滩村 1–2 B (全村);
// 大丰镇高桥村 1 B, 2 split A/B.
var handmade = []row{
	{"呼图壁镇东风路1号", "", schA},
	{"呼图壁镇东风路2号", "", schB},
	{"呼图壁镇东风路3号", "", schA},
	{"呼图壁镇东风路4号", "", schB},
	{"呼图壁镇东风路5号", "", schA},
	{"呼图壁镇东风路6号", "", schA},
	{"呼图壁镇东风路7号", "", schB},
	{"呼图壁镇东风路9号安居小区1栋1单元101室", "", schA},
	{"呼图壁镇东风路9号安居小区1栋1单元102室", "", schB},
	{"呼图壁镇东风路11号", "幸福社区", schA},
	{"呼图壁镇东风路13号", "幸福社区", schA},
	{"呼图壁镇东风路78号锦华苑1栋1单元101室", "幸福社区", schA},
	{"呼图壁镇东风路78号锦华苑小区1栋1单元102室", "幸福社区", schA},
	{"呼图壁镇东风路78号锦华苑2栋1单元101室", "幸福社区", schA},

	{"呼图壁镇园林路1号", "园林社区", schA},
	{"呼图壁镇园林路2号", "", schA},
	{"呼图壁镇园林路3号", "", schA},
	{"呼图壁镇园林路4号", "", none},
	{"呼图壁镇园林路5号", "", schB},
	{"呼图壁镇园林路6号", "", schB},
	{"呼图壁镇园林路8号", "", schA},
	{"呼图壁镇园林路9号锦绣花园1栋1单元101室", "", schA},
	{"呼图壁镇园林路9号锦绣花园1栋1单元201室", "", schA},
	{"呼图壁镇园林路10-1号", "", schA},
	{"呼图壁镇园林路19号", "", schB},
	{"呼图壁镇园林路20号天山花园1栋1单元101室", "园林社区", schB},
	{"呼图壁镇园林路20号天山花园1栋2单元101室", "园林社区", schB},
	{"呼图壁镇园林路21号", "", schB},
	{"呼图壁镇园林路30号", "", schA},

	{"二十里店镇红山村1组1号", "红山村委会", schA},
	{"二十里店镇红山村2组3号", "红山村委会", schA},
	{"二十里店镇红山村2组4号", "红山村委会", schA},
	{"二十里店镇红山村3组1号", "红山村委会", schA},
	{"二十里店镇红山村4组1号", "红山村委会", schB},
	{"二十里店镇红山村5组1号", "红山村委会", schB},
	{"大丰镇东滩村1组1号", "", schB},
	{"大丰镇东滩村2组1号", "", schB},
	{"大丰镇高桥村1组1号", "", schB},
	{"大丰镇高桥村2组1号", "", schA},
	{"大丰镇高桥村2组2号", "", schB},
}

func TestDescribeHandMade(t *testing.T) {
	ds, schoolOf := build(twoSchools, handmade)
	got := Describe(ds, schoolOf)
	want := []Zone{
		{
			SchoolID: "a", SchoolName: "甲小学",
			Communities: []string{"幸福社区"},
			Compounds:   []Compound{{Township: "呼图壁镇", Name: "安居小区", Partial: true}, {Township: "呼图壁镇", Name: "锦绣花园", Partial: false}},
			Streets: []Street{
				{Township: "呼图壁镇", Road: "东风路", Ranges: []Range{{From: 1, To: 5, Parity: Odd}, {From: 6, To: 6}, {From: 8, To: 78}}},
				{Township: "呼图壁镇", Road: "园林路", Ranges: []Range{{From: 1, To: 3}, {From: 8, To: 18}, {From: 30, To: 30}}},
			},
			Villages: []Village{
				{Township: "大丰镇", Name: "高桥村", Groups: []int{2}, Partial: []int{2}},
				{Township: "二十里店镇", Name: "红山村", Groups: []int{1, 2, 3}},
			},
			Households: 23, // 东风路 6 + 安居 1 + 锦华苑 3 + 园林路 6 + 锦绣花园 2 + 红山村 4 + 高桥村 1
		},
		{
			SchoolID: "b", SchoolName: "乙小学",
			Compounds: []Compound{{Township: "呼图壁镇", Name: "天山花园", Partial: false}, {Township: "呼图壁镇", Name: "安居小区", Partial: true}},
			Streets: []Street{
				{Township: "呼图壁镇", Road: "东风路", Ranges: []Range{{From: 2, To: 2}, {From: 4, To: 4}, {From: 7, To: 7}}},
				{Township: "呼图壁镇", Road: "园林路", Ranges: []Range{{From: 5, To: 7}, {From: 19, To: 29}}},
			},
			Villages: []Village{
				{Township: "大丰镇", Name: "东滩村", All: true},
				{Township: "大丰镇", Name: "高桥村", Groups: []int{1, 2}, Partial: []int{2}},
				{Township: "二十里店镇", Name: "红山村", Groups: []int{4, 5}},
			},
			Households: 16, // 东风路 3 + 安居 1 + 园林路 4 + 天山花园 2 + 红山村 2 + 东滩村 2 + 高桥村 2
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Describe:\n got %+v\nwant %+v", got, want)
	}

	texts := []string{
		"甲小学：幸福社区全部；安居小区（部分）、锦绣花园；东风路单号1—5、6、8—78号、园林路1—3、8—18、30号；" +
			"大丰镇高桥村2组（部分），二十里店镇红山村1—3组。",
		"乙小学：天山花园、安居小区（部分）；东风路2、4、7号、园林路5—7、19—29号；" +
			"大丰镇东滩村全村、高桥村1组、2组（部分），二十里店镇红山村4—5组。",
	}
	for i, z := range got {
		if s := z.Text(); s != texts[i] {
			t.Errorf("Text of %s:\n got %s\nwant %s", z.SchoolID, s, texts[i])
		}
	}

	var buf bytes.Buffer
	if err := WriteCSV(&buf, "primary", got); err != nil {
		t.Fatal(err)
	}
	wantCSV := "\uFEFFlevel,school_id,school_name,kind,township,name,detail\r\n" +
		"primary,a,甲小学,community,,幸福社区,\r\n" +
		"primary,a,甲小学,compound,呼图壁镇,安居小区,部分\r\n" +
		"primary,a,甲小学,compound,呼图壁镇,锦绣花园,\r\n" +
		"primary,a,甲小学,street,呼图壁镇,东风路,单号1-5;6;8-78\r\n" +
		"primary,a,甲小学,street,呼图壁镇,园林路,1-3;8-18;30\r\n" +
		"primary,a,甲小学,village,大丰镇,高桥村,2(部分)\r\n" +
		"primary,a,甲小学,village,二十里店镇,红山村,1-3\r\n" +
		"primary,b,乙小学,compound,呼图壁镇,天山花园,\r\n" +
		"primary,b,乙小学,compound,呼图壁镇,安居小区,部分\r\n" +
		"primary,b,乙小学,street,呼图壁镇,东风路,2;4;7\r\n" +
		"primary,b,乙小学,street,呼图壁镇,园林路,5-7;19-29\r\n" +
		"primary,b,乙小学,village,大丰镇,东滩村,全村\r\n" +
		"primary,b,乙小学,village,大丰镇,高桥村,1;2(部分)\r\n" +
		"primary,b,乙小学,village,二十里店镇,红山村,4-5\r\n"
	if buf.String() != wantCSV {
		t.Errorf("WriteCSV:\n got %q\nwant %q", buf.String(), wantCSV)
	}
	plans, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) != 1 || plans[0].Level != "primary" || !reflect.DeepEqual(plans[0].Zones, withoutCounts(got)) {
		t.Errorf("ReadCSV(WriteCSV(z)):\n got %+v\nwant %+v", plans, withoutCounts(got))
	}
}

// withoutCounts returns zones with Households 0, as ReadCSV gives them.
func withoutCounts(zones []Zone) []Zone {
	out := append([]Zone(nil), zones...)
	for i := range out {
		out[i].Households = 0
	}
	return out
}

// TestDescribeCases covers the rules one at a time. Each case is a dataset
// of two schools; want gives, per school with households, the Text.
func TestDescribeCases(t *testing.T) {
	cases := []struct {
		name string
		rows []row
		want []string
	}{
		{
			name: "community wholly in a zone covers its compounds and houses",
			rows: []row{
				{"呼图壁镇东风路1号", "幸福社区", schA},
				{"呼图壁镇东风路2号锦华苑1栋1单元101室", "幸福社区", schA},
				{"呼图壁镇东风路3号", "", schB},
			},
			// The numbers 1 and 2 are A's: the road too says so.
			want: []string{"甲小学：幸福社区全部；东风路1—2号。", "乙小学：东风路3号。"},
		},
		{
			name: "community whose house number is shared with a home outside it is not listed",
			rows: []row{
				{"呼图壁镇东风路1号", "幸福社区", schA},
				{"呼图壁镇东风路1号", "", schA}, // same number, no community
				{"呼图壁镇东风路2号锦华苑1栋1单元101室", "幸福社区", schA},
			},
			want: []string{"甲小学：锦华苑；东风路1—2号。"},
		},
		{
			name: "community whose compound reaches another zone is not listed",
			rows: []row{
				{"呼图壁镇锦华苑1栋1单元101室", "幸福社区", schA},
				{"呼图壁镇锦华苑1栋1单元102室", "园林社区", schB},
				{"呼图壁镇东风路5号", "幸福社区", schA},
			},
			// 1—4, absent, go with 5.
			want: []string{"甲小学：锦华苑（部分）；东风路1—5号。", "乙小学：锦华苑（部分）。"},
		},
		{
			name: "two communities of one zone share a compound",
			rows: []row{
				{"呼图壁镇锦华苑1栋1单元101室", "幸福社区", schA},
				{"呼图壁镇锦华苑1栋1单元102室", "园林社区", schA},
				{"呼图壁镇东风路5号", "", schB},
			},
			want: []string{"甲小学：园林社区、幸福社区全部。", "乙小学：东风路1—5号。"},
		},
		{
			name: "community with an unzoned home is not listed",
			rows: []row{
				{"呼图壁镇东风路1号", "幸福社区", schA},
				{"呼图壁镇东风路2号", "幸福社区", none},
			},
			want: []string{"甲小学：东风路1号。"},
		},
		{
			name: "village committee is not a community",
			rows: []row{
				{"大丰镇红山村1组1号", "红山村委会", schA},
				{"大丰镇红山村2组1号", "红山村委会", schA},
			},
			want: []string{"甲小学：大丰镇红山村全村。"},
		},
		{
			name: "community from the address when the column is empty",
			rows: []row{
				{"呼图壁镇水晶社区东风路1号", "", schA},
				{"呼图壁镇东风路2号", "", schB},
			},
			want: []string{"甲小学：水晶社区全部；东风路1号。", "乙小学：东风路2号。"},
		},
		{
			name: "community name used in two townships carries its township",
			rows: []row{
				{"大丰镇东风路1号", "幸福社区", schA},
				{"五工台镇东风路1号", "幸福社区", schB},
			},
			// 东风路 too is in both: written with its township.
			want: []string{"甲小学：大丰镇幸福社区全部；大丰镇东风路1号。", "乙小学：五工台镇幸福社区全部；五工台镇东风路1号。"},
		},
		{
			name: "village without groups in a split village is listed by address",
			rows: []row{
				{"大丰镇红山村1组1号", "", schA},
				{"大丰镇红山村23号", "", schA},
				{"大丰镇红山村2组1号", "", schB},
			},
			want: []string{"甲小学：大丰镇红山村1组；以及大丰镇红山村23号。", "乙小学：大丰镇红山村2组。"},
		},
		{
			name: "village without groups wholly in a zone",
			rows: []row{
				{"大丰镇红山村1组1号", "", schA},
				{"大丰镇红山村23号", "", schA},
			},
			want: []string{"甲小学：大丰镇红山村全村。"},
		},
		{
			name: "group runs: 1—3, 5, partial 6, 7—8",
			rows: []row{
				{"大丰镇红山村1组1号", "", schA}, {"大丰镇红山村2组1号", "", schA}, {"大丰镇红山村3组1号", "", schA},
				{"大丰镇红山村4组1号", "", schB}, {"大丰镇红山村5组1号", "", schA}, {"大丰镇红山村6组1号", "", schA},
				{"大丰镇红山村6组2号", "", schB}, {"大丰镇红山村7组1号", "", schA}, {"大丰镇红山村8组1号", "", schA},
			},
			want: []string{"甲小学：大丰镇红山村1—3组、5组、6组（部分）、7—8组。", "乙小学：大丰镇红山村4组、6组（部分）。"},
		},
		{
			name: "an address Parse does not place is listed whole",
			rows: []row{
				{"呼图壁镇东风路1号", "", schA},
				{"呼图壁镇某某单位院内", "", schA},
			},
			want: []string{"甲小学：东风路1号；以及呼图壁镇某某单位院内。"},
		},
		{
			name: "homes without an address are listed as such",
			rows: []row{
				{"呼图壁镇东风路1号", "", schA},
				{"", "", schA},
				{" ，", "", schA},
			},
			want: []string{"甲小学：东风路1号；以及（无地址）。"},
		},
		{
			name: "townships written when compounds and streets span two",
			rows: []row{
				{"呼图壁镇东风路1号", "", schA},
				{"大丰镇牧民新村1栋1单元101室", "", schA},
				{"大丰镇南山路3号", "", schA},
			},
			want: []string{"甲小学：大丰镇牧民新村；呼图壁镇东风路1号，大丰镇南山路1—3号。"},
		},
		{
			name: "numbers compare numerically; a house number breaks another zone's range",
			rows: []row{
				{"呼图壁镇东风路3巷2号", "", schA},
				{"呼图壁镇东风路12巷2号", "", schA},
				{"呼图壁镇东风路9号", "", schA},
				{"呼图壁镇东风路10号", "", schB},
				{"呼图壁镇东风路11号", "", schA},
				{"呼图壁镇东风路100号", "", schA},
			},
			// 1—8 go to their side's next number: odd to 9 (A), even to 10
			// (B); 12—98 between 10 (B) and 100 (A) follow 11 (A).
			want: []string{"甲小学：东风路单号1—9、11—100号、东风路3巷1—2号、东风路12巷1—2号。", "乙小学：东风路双号2—10号。"},
		},
		{
			name: "a compound of another zone breaks a range",
			rows: []row{
				{"呼图壁镇东风路1号", "", schA},
				{"呼图壁镇东风路2号锦华苑1栋1单元101室", "", schB},
				{"呼图壁镇东风路3号", "", schA},
			},
			want: []string{"甲小学：东风路1、3号。", "乙小学：锦华苑；东风路2号。"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds, schoolOf := build(twoSchools, tc.rows)
			zones := Describe(ds, schoolOf)
			var got []string
			for _, z := range zones {
				got = append(got, z.Text())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
			checkDescription(t, ds, schoolOf, zones)
		})
	}
}

func TestDescribeBadSchoolOf(t *testing.T) {
	ds, _ := build(twoSchools, []row{
		{"呼图壁镇东风路1号", "", 0}, {"呼图壁镇东风路2号", "", 0}, {"呼图壁镇东风路3号", "", 0}, {"呼图壁镇东风路4号", "", 0},
	})
	cases := []struct {
		name     string
		schoolOf []int
		want     []string
	}{
		{"nil", nil, nil},
		{"short", []int{1}, []string{"乙小学：东风路1号。"}},
		{"out of range", []int{0, 3, -7, 1, 0, 0}, []string{"甲小学：东风路1号。", "乙小学：东风路4号。"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, z := range Describe(ds, tc.schoolOf) {
				got = append(got, z.Text())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	if got := Describe(&dataset.Dataset{}, nil); got != nil {
		t.Errorf("empty dataset: got %+v", got)
	}
}

func TestNaturalCompare(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"东风路3巷", "东风路12巷", -1},
		{"东风路12巷", "东风路3巷", 1},
		{"2期", "10期", -1},
		{"1", "01", -1},
		{"01", "1", 1},
		{"a", "a1", -1},
		{"1a", "a", -1}, // '1' < 'a'
		{"x9y", "x9y", 0},
		{"", "", 0},
		{"9", "10", -1},
		{"007", "7", 1},
		{"锦华苑", "锦华", 1},
	}
	for _, tc := range cases {
		if got := NaturalCompare(tc.a, tc.b); got != tc.want {
			t.Errorf("NaturalCompare(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestTownshipOrder: items follow the order of the dataset's gazetteer,
// whichever it is; without a list, the inferred one (most households
// first); townships it lacks come after, by name, and no township last.
func TestTownshipOrder(t *testing.T) {
	rows := []row{
		{"乙镇红山村1组1号", "", schA}, {"甲镇红山村1组1号", "", schA}, {"丙镇红山村1组1号", "", schA},
		{"丙镇红山村2组1号", "", schA}, {"红山村3组1号", "", schA},
	}
	order := func(places *address.Gazetteer) []string {
		ds, schoolOf := build([]dataset.School{{ID: "a", Name: "甲小学"}}, rows)
		ds.Meta.Places = places
		ds.Index()
		var towns []string
		for _, v := range Describe(ds, schoolOf)[0].Villages {
			towns = append(towns, v.Township)
		}
		return towns
	}
	list := func(names ...string) *address.Gazetteer {
		g := &address.Gazetteer{}
		for _, n := range names {
			g.Townships = append(g.Townships, address.Township{Name: n})
		}
		return g
	}
	for _, c := range []struct {
		places *address.Gazetteer
		want   []string
	}{
		{list("甲镇", "乙镇", "丙镇"), []string{"甲镇", "乙镇", "丙镇", ""}},
		{list("丙镇", "甲镇", "乙镇"), []string{"丙镇", "甲镇", "乙镇", ""}},
		{list("乙镇"), []string{"乙镇", "丙镇", "甲镇", ""}}, // then by name: 丙 (U+4E19) before 甲 (U+7532)
		{nil, []string{"丙镇", "乙镇", "甲镇", ""}},        // inferred: 丙镇 twice, then the first written
	} {
		if got := order(c.places); !slices.Equal(got, c.want) {
			t.Errorf("places %v: township order %q, want %q", c.places.TownshipNames(), got, c.want)
		}
	}
}
