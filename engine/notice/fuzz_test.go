package notice

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadCSV: ReadCSV never panics, and what it reads WritePlans writes
// and ReadCSV reads back unchanged.
func FuzzReadCSV(f *testing.F) {
	ds, schoolOf := build(twoSchools, handmade)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, "primary", Describe(ds, schoolOf)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	const head = "level,school_id,school_name,kind,township,name,detail\n"
	f.Add(head + "junior,b,乙,village,,红山村,1-2;3(部分)\n")
	f.Add(head + "junior,b,乙,street,, 东风路 ,\" 1 - 3 ;5\"\n\uFEFF" + head)
	f.Add("detail,name\n")
	f.Add(head + "primary,a,\"x\r\ny\",community,,c,\n")
	f.Fuzz(func(t *testing.T, in string) {
		plans, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "notice: ") {
				t.Errorf("error %q lacks the package name", err)
			}
			return
		}
		var out bytes.Buffer
		if err := WritePlans(&out, plans); err != nil {
			t.Fatalf("WritePlans of what ReadCSV read: %v", err)
		}
		again, err := ReadCSV(&out)
		if err != nil {
			t.Fatalf("ReadCSV of what WritePlans wrote: %v\n%q", err, out.String())
		}
		if !reflect.DeepEqual(again, plans) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", again, plans)
		}
	})
}

// FuzzParseRanges: ParseRanges never panics, its ranges are valid, and
// FormatRanges writes them back to text that parses to the same ranges.
func FuzzParseRanges(f *testing.F) {
	for _, s := range []string{"1-35;40-52", "7", " 1 - 3 ; 5", "0-2147483647", "3-2", "1;;2", "-", "99999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := ParseRanges(s)
		if err != nil {
			return
		}
		for _, r := range rs {
			if r.From < 0 || r.To < r.From || r.To > maxNumber {
				t.Fatalf("ParseRanges(%q): invalid range %v", s, r)
			}
		}
		again, err := ParseRanges(FormatRanges(rs))
		if err != nil || !reflect.DeepEqual(again, rs) {
			t.Fatalf("ParseRanges(FormatRanges(%v)) = %v, %v", rs, again, err)
		}
	})
}

// FuzzDescribe: for households with arbitrary addresses and communities,
// Describe keeps the invariants checkDescription tests, Text does not
// panic, and zones.csv round-trips. zones picks each household's school,
// two bits per household (3: none), cycling over the four households.
func FuzzDescribe(f *testing.F) {
	f.Add("呼图壁镇东风路1号", "呼图壁镇东风路2号锦华苑1栋1单元101室", "大丰镇红山村3组", "锦华苑东门", "幸福社区", "", byte(0b11100100))
	f.Add("东风路1号", "东风路1号", "东风路1-1号", "东风路3号", "幸福社区", "园林社区", byte(0b00010001))
	f.Add("红山村5A组", "红山村23号", "红山村1组", "红山村村1组", "", "红山村委会", byte(0))
	f.Add("水晶社区东风路1号", "大丰镇社区", "石梯子乡白杨河村二队7号", "园林路99999999999号", "", "", byte(0b01100011))
	f.Fuzz(func(t *testing.T, a0, a1, a2, a3, c0, c1 string, zones byte) {
		addrs := []string{a0, a1, a2, a3}
		var rows []row
		for i, a := range addrs {
			z := int(zones>>(2*i)) & 3
			if z == 3 {
				z = -1
			}
			rows = append(rows, row{a, []string{c0, c1}[i%2], z})
		}
		ds, schoolOf := build(twoSchools, rows)
		got := Describe(ds, schoolOf)
		checkDescription(t, ds, schoolOf, got)
		for _, z := range got {
			_ = z.Text()
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, "primary", got); err != nil {
			if strings.Contains(err.Error(), "line break") {
				return // an address with a line break cannot be written
			}
			t.Fatal(err)
		}
		plans, err := ReadCSV(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > 0 && !reflect.DeepEqual(plans[0].Zones, withoutCounts(got)) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", plans[0].Zones, withoutCounts(got))
		}
	})
}

// FuzzParseText: ParseText never panics, its errors carry the package
// name, and what it reads Text writes back to a paragraph that it reads
// the same (but for which items are Qualified: a township written at the
// head of a run reads as the item's own).
func FuzzParseText(f *testing.F) {
	ds, schoolOf := build(twoSchools, handmade)
	for _, z := range Describe(ds, schoolOf) {
		f.Add(z.Text())
	}
	f.Add("甲：东风路单号1—9、11—100号、呼图壁镇团结路双号2—40号，大丰镇南山路1—3号。")
	f.Add("甲：幸福社区全部；锦华苑（部分）；东风路7号；大丰镇红山村1—3组、5组（部分），二十里店镇红山村全村；以及呼图壁镇东风路12附1号。")
	f.Add("甲：东风路单号5号。")
	f.Add("甲：；。")
	f.Fuzz(func(t *testing.T, s string) {
		towns := []string{"呼图壁镇", "大丰镇", "二十里店镇", "石梯子哈萨克民族乡"}
		z, err := ParseText(s, towns)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "notice: ") {
				t.Errorf("error %q lacks the package name", err)
			}
			return
		}
		again, err := ParseText(z.Text(), towns)
		if err != nil {
			t.Fatalf("ParseText(%q) of ParseText(%q): %v", z.Text(), s, err)
		}
		unqualify := func(z Zone) string {
			for i := range z.Compounds {
				z.Compounds[i].Qualified = false
			}
			for i := range z.Streets {
				z.Streets[i].Qualified = false
			}
			return fmt.Sprintf("%+v", normal(z))
		}
		if unqualify(again) != unqualify(z) {
			t.Fatalf("ParseText(%q):\n got %+v\nwant %+v", z.Text(), again, z)
		}
	})
}
