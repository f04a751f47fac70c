package importer

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/importer/importtest"
)

func TestDecodeText(t *testing.T) {
	text := "户号,住址\r\n1,呼图壁镇园林路18号\r\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	// 𠀀 (U+20000) is in GB 18030 only, as four bytes.
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text + "2,𠀀村\r\n"))
	for _, c := range []struct {
		name string
		in   []byte
		want string
		enc  string
	}{
		{"UTF-8", []byte(text), text, "UTF-8"},
		{"BOM", append([]byte{0xEF, 0xBB, 0xBF}, text...), text, "UTF-8 with BOM"},
		{"GBK", gbk, text, "GB 18030"},
		{"GB 18030", gb18030, text + "2,𠀀村\r\n", "GB 18030"},
	} {
		got, enc, err := DecodeText(c.in)
		if err != nil || got != c.want || enc != c.enc {
			t.Errorf("%s: %q, %s, %v", c.name, got, enc, err)
		}
	}
	// Neither: 0xFF is no byte of either, at offset 4 after "ab\xe5\x91" …
	bad := append([]byte("户号,"), 0xC4, 0xE3, 0xFF, 'x')
	_, _, err := DecodeText(bad)
	if err == nil || !strings.Contains(err.Error(), "byte offset 9, 0xFF, is not GB 18030") || !strings.Contains(err.Error(), "byte offset 7") {
		t.Errorf("got %v", err)
	}
}

func TestCSVReportsLines(t *testing.T) {
	_, err := ReadTable("h.csv", strings.NewReader("户号,住址\n1,\"a\n2,b\n"), "")
	var ps dataset.Problems
	if !errors.As(err, &ps) || ps[0].Line != 2 {
		t.Fatalf("got %v", err)
	}
	tb, err := ReadTable("h.csv", strings.NewReader("标题\n户号,住址\n1,\"a\nb\"\n2,c\n"), "")
	if err != nil || len(tb.Rows) != 4 || tb.Rows[3].Line != 5 {
		t.Fatalf("got %+v, %v", tb, err)
	}
}

func TestIDBirth(t *testing.T) {
	for _, d17 := range []string{"65232320150901001", "11010519491231002", "44030420181130123"} {
		good := d17 + string(importtest.CheckChar(d17))
		b, err := IDBirth(good)
		want, _ := time.Parse("20060102", d17[6:14])
		if err != nil || !b.Equal(want) {
			t.Errorf("%s: %v, %v", good, b, err)
		}
		for _, c := range "0123456789X" {
			if byte(c) == importtest.CheckChar(d17) {
				continue
			}
			if _, err := IDBirth(d17 + string(c)); err == nil || strings.Contains(err.Error(), d17) {
				t.Errorf("%s%c: a wrong check digit accepted, or the number repeated: %v", d17, c, err)
			}
		}
	}
	// The standard's own example: 11010519491231002X.
	if _, err := IDBirth("11010519491231002X"); err != nil {
		t.Errorf("GB 11643's example refused: %v", err)
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC)
	// 2015-09-01 is 42248 days after 1899-12-30 (Excel's serial).
	for _, s := range []string{"42248", "2015/9/1", "2015-09-01", "2015.9.1", "2015年9月1日", "20150901", "2015-09-01 00:00:00"} {
		if d, err := ParseDate(s); err != nil || !d.Equal(want) {
			t.Errorf("%q: %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"2015/13/1", "2015/2/30", "abc", "1", "99999999", ""} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestParseGrade(t *testing.T) {
	for s, want := range map[string]int{"一年级": 1, "六年级": 6, "初一": 7, "七年级": 7, "7": 7, "初三": 9, "９": 9, "学前": 0, "小学三年级": 3} {
		if g, err := ParseGrade(s); err != nil || g != want {
			t.Errorf("%q: %d, %v; want %d", s, g, err, want)
		}
	}
	for _, s := range []string{"十年级", "高一", "10", ""} {
		if _, err := ParseGrade(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestHeaderBelowTitle(t *testing.T) {
	csv := "某县学校基本情况表\n,,,学位数,\n学校名称,地址,办学类型,小学,初中\n一小,甲镇园林路1号,小学,600,0\n合计,,,600,0\n"
	tb, err := ReadTable("s.csv", strings.NewReader(csv), "")
	if err != nil {
		t.Fatal(err)
	}
	// The header row of this file is row 3, with 学位数 over two columns
	// only in row 2: read as one header row below a title, the seats by
	// their own names.
	h, err := FindHeader(tb, Schools, &Mapping{Schools: FileMapping{Columns: map[string]string{"小学": "primary_seats", "初中": "junior_seats"}}})
	if err != nil {
		t.Fatal(err)
	}
	if h.Line != 3 || h.Col("primary_seats") != 3 || h.Col("junior_seats") != 4 || h.Col("name") != 0 {
		t.Errorf("header %+v", h)
	}
}

func FuzzReadTable(f *testing.F) {
	f.Add([]byte("标题\n户号,住址,户口性质\n1,甲镇园林路1号,本地\n合计,,\n"), false)
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("户号,住址\r\n1,呼图壁镇\r\n"))
	f.Add(gbk, false)
	f.Add([]byte("PK\x03\x04"), true)
	f.Fuzz(func(t *testing.T, b []byte, xlsx bool) {
		name := "h.csv"
		if xlsx {
			name = "h.xlsx"
		}
		tb, err := ReadTable(name, bytes.NewReader(b), "")
		if err != nil {
			var ps dataset.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("not a Problems: %v", err)
			}
			return
		}
		for _, k := range Kinds {
			_, _ = FindHeader(tb, k, nil)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"42248", "2015/9/1", "2015年9月1日", "20150901", "201509"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDate(s); err == nil && (d.Year() < 1900 || d.Year() > 2100) {
			t.Fatalf("%q: year %d", s, d.Year())
		}
	})
}

func FuzzParseGrade(f *testing.F) {
	for _, s := range []string{"一年级", "初一", "7", "学前"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if g, err := ParseGrade(s); err == nil && (g < 0 || g > 9) {
			t.Fatalf("%q: grade %d", s, g)
		}
	})
}

func FuzzIDBirth(f *testing.F) {
	f.Add("11010519491231002X")
	f.Add("652323201509010017")
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := IDBirth(s); err != nil && len(s) >= 6 && strings.Contains(err.Error(), s) {
			t.Fatalf("the error repeats the number: %v", err)
		}
	})
}

func FuzzReadMapping(f *testing.F) {
	f.Add([]byte("name: 某县\nbase_year: 2025\nschools: {sheet: 学校, columns: {单位代码: school_id}}\nhukou: {农业户口: local}\n"))
	f.Add([]byte("children: {columns: {x: nope}}\npermit: {有: 2}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := ReadMapping("m.yaml", bytes.NewReader(b))
		var ps dataset.Problems
		if err != nil && !errors.As(err, &ps) {
			t.Fatalf("not a Problems: %v", err)
		}
	})
}
