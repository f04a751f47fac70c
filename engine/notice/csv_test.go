package notice

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	const head = "level,school_id,school_name,kind,township,name,detail\n"
	cases := []struct {
		name string
		in   string
		want []Plan
		err  string // substring of the error; empty: no error
	}{
		{
			name: "without BOM, LF line ends",
			in:   head + "primary,a,甲小学,street,呼图壁镇,东风路,1-35;40;52-52\n",
			want: []Plan{{"primary", []Zone{{SchoolID: "a", SchoolName: "甲小学",
				Streets: []Street{{Township: "呼图壁镇", Road: "东风路", Ranges: []Range{{From: 1, To: 35}, {From: 40, To: 40}, {From: 52, To: 52}}}}}}}},
		},
		{
			name: "columns in another order, extra column ignored",
			in: "\uFEFFdetail,kind,name,note,township,school_name,school_id,level\r\n" +
				"全村,village,红山村,x,二十里店镇,甲小学,a,junior\r\n" +
				"1-2;3(部分),village,东滩村,,大丰镇,甲小学,a,junior\r\n",
			want: []Plan{{"junior", []Zone{{SchoolID: "a", SchoolName: "甲小学", Villages: []Village{
				{Township: "二十里店镇", Name: "红山村", All: true},
				{Township: "大丰镇", Name: "东滩村", Groups: []int{1, 2, 3}, Partial: []int{3}},
			}}}}},
		},
		{
			name: "two levels, repeated header with BOM from concatenated files",
			in: "\uFEFF" + head + "primary,a,甲,compound,呼图壁镇,锦华苑,部分\n" +
				"\uFEFF" + head + "junior,b,乙,community,,幸福社区,\n" + "junior,b,乙,address,,呼图壁镇某某单位院内,\n",
			want: []Plan{
				{"primary", []Zone{{SchoolID: "a", SchoolName: "甲", Compounds: []Compound{{Township: "呼图壁镇", Name: "锦华苑", Partial: true}}}}},
				{"junior", []Zone{{SchoolID: "b", SchoolName: "乙", Communities: []string{"幸福社区"}, Addresses: []string{"呼图壁镇某某单位院内"}}}},
			},
		},
		{name: "header only", in: head, want: nil},
		{name: "empty", in: "", err: "empty file"},
		{name: "missing column", in: "level,school_id,school_name,kind,township,name\n", err: `no column "detail"`},
		{name: "duplicate column", in: "level,level,school_id,school_name,kind,township,name,detail\n", err: `column "level" twice`},
		{name: "unknown kind", in: head + "primary,a,甲,road,,东风路,1\n", err: `unknown kind "road" (accepted: community, compound, street, village, address)`},
		{name: "empty level", in: head + ",a,甲,compound,,锦华苑,\n", err: "zones.csv:2: empty level"},
		{name: "empty school", in: head + "primary,,甲,compound,,锦华苑,\n", err: "empty school_id"},
		{name: "empty name", in: head + "primary,a,甲,compound,,,\n", err: "empty name"},
		{name: "school renamed", in: head + "primary,a,甲,compound,,锦华苑,\nprimary,a,乙,compound,,天山花园,\n", err: "zones.csv:3: school a named both"},
		{name: "bad range", in: head + "primary,a,甲,street,,东风路,5-3\n", err: `bad range "5-3"`},
		{name: "no ranges", in: head + "primary,a,甲,street,,东风路,\n", err: "no ranges"},
		{name: "negative", in: head + "primary,a,甲,street,,东风路,-3\n", err: "bad range"},
		{name: "huge", in: head + "primary,a,甲,street,,东风路,1-99999999999\n", err: "bad range"},
		{name: "compound detail", in: head + "primary,a,甲,compound,,锦华苑,全部\n", err: "compound detail"},
		{name: "groups descending", in: head + "primary,a,甲,village,,红山村,3;1\n", err: "not ascending"},
		{name: "partial range", in: head + "primary,a,甲,village,,红山村,1-3(部分)\n", err: "bad groups"},
		{name: "no groups", in: head + "primary,a,甲,village,,红山村,\n", err: "no groups"},
		{name: "community township", in: head + "primary,a,甲,community,呼图壁镇,幸福社区,\n", err: "community"},
		{name: "address detail", in: head + "primary,a,甲,address,,某地,x\n", err: "address"},
		{name: "bad quoting", in: head + "primary,a,\"甲,compound\n", err: "notice: zones.csv"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadCSV(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				if !strings.HasPrefix(err.Error(), "notice: ") {
					t.Errorf("error %q lacks the package name", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestWritePlans(t *testing.T) {
	plans := []Plan{
		{"primary", []Zone{{SchoolID: "a", SchoolName: "甲, \"一\"小", Compounds: []Compound{{Township: "呼图壁镇", Name: "锦华苑", Partial: false}}}}},
		{"junior", []Zone{{SchoolID: "a", SchoolName: "甲, \"一\"小", Addresses: []string{"呼图壁镇某某单位院内"}}}},
	}
	Header()[0] = "changed" // a copy: the file keeps its header
	var buf bytes.Buffer
	if err := WritePlans(&buf, plans); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFlevel,school_id,school_name,kind,township,name,detail\r\n" +
		"primary,a,\"甲, \"\"一\"\"小\",compound,呼图壁镇,锦华苑,\r\n" +
		"junior,a,\"甲, \"\"一\"\"小\",address,呼图壁镇,呼图壁镇某某单位院内,\r\n"
	if buf.String() != want {
		t.Errorf("got %q\nwant %q", buf.String(), want)
	}
	got, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, plans) {
		t.Errorf("round trip: got %+v\nwant %+v", got, plans)
	}
}

func TestWriteCSVRejects(t *testing.T) {
	cases := []struct {
		name  string
		level string
		z     Zone
		err   string
	}{
		{"empty level", "", Zone{SchoolID: "a"}, "empty level"},
		{"empty school", "primary", Zone{}, "empty school id"},
		{"empty community", "primary", Zone{SchoolID: "a", Communities: []string{""}}, "empty community"},
		{"empty compound", "primary", Zone{SchoolID: "a", Compounds: []Compound{{}}}, "empty compound"},
		{"empty road", "primary", Zone{SchoolID: "a", Streets: []Street{{Ranges: []Range{{From: 1, To: 1}}}}}, "empty road"},
		{"no ranges", "primary", Zone{SchoolID: "a", Streets: []Street{{Road: "东风路"}}}, "without ranges"},
		{"reversed range", "primary", Zone{SchoolID: "a", Streets: []Street{{Road: "东风路", Ranges: []Range{{From: 3, To: 1}}}}}, "bad range 3-1"},
		{"negative range", "primary", Zone{SchoolID: "a", Streets: []Street{{Road: "东风路", Ranges: []Range{{From: -1, To: 1}}}}}, "bad range"},
		{"no groups", "primary", Zone{SchoolID: "a", Villages: []Village{{Name: "红山村"}}}, "no groups"},
		{"groups unsorted", "primary", Zone{SchoolID: "a", Villages: []Village{{Name: "红山村", Groups: []int{2, 1}}}}, "groups"},
		{"stray partial", "primary", Zone{SchoolID: "a", Villages: []Village{{Name: "红山村", Groups: []int{1}, Partial: []int{2}}}}, "partial group 2"},
		{"empty address", "primary", Zone{SchoolID: "a", Addresses: []string{""}}, "empty address"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteCSV(&buf, tc.level, []Zone{tc.z})
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "notice: ") {
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %q before failing", buf.String())
			}
		})
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteCSVWriterError(t *testing.T) {
	err := WriteCSV(failWriter{}, "primary", []Zone{{SchoolID: "a", Communities: []string{"幸福社区"}}})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("error %v, want disk full", err)
	}
}

func TestRanges(t *testing.T) {
	cases := []struct {
		in   string
		want []Range
		ok   bool
	}{
		{"1-35;40-52", []Range{{From: 1, To: 35}, {From: 40, To: 52}}, true},
		{"7", []Range{{From: 7, To: 7}}, true},
		{" 1 - 3 ; 5", []Range{{From: 1, To: 3}, {From: 5, To: 5}}, true},
		{"0-2147483647", []Range{{From: 0, To: 2147483647}}, true},
		{"0-2147483648", nil, false},
		{"", nil, false},
		{"1;", nil, false},
		{"1-", nil, false},
		{"-1", nil, false},
		{"3-2", nil, false},
		{"1-2-3", nil, false},
		{"+1", nil, false},
		{"１", nil, false}, // full-width digits are not accepted
	}
	for _, tc := range cases {
		got, err := ParseRanges(tc.in)
		if (err == nil) != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseRanges(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	if s := FormatRanges([]Range{{From: 1, To: 35}, {From: 40, To: 40}}); s != "1-35;40" {
		t.Errorf("FormatRanges = %q", s)
	}
}
