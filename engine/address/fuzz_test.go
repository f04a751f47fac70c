package address

import (
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are starting inputs for the fuzz targets: the forms of the
// package documentation and a few hostile strings.
var fuzzSeeds = []string{
	"呼图壁镇园林路18号锦华苑3栋2单元501室",
	"呼图壁镇东风路12-3号",
	"二十里店镇某某村5组23号",
	"大丰镇大丰街8号",
	"新疆昌吉州呼图壁县园林路１８号锦华苑三号楼二单元五〇一",
	"石梯子乡白杨河村二组",
	"园户村镇园户村村委会三队十二号",
	"东方小区3#2-501",
	"锦华苑3-2-501",
	"第三组",
	"一百五十五栋",
	"3#-#--2",
	"\xff\xfe呼图壁镇",
	"",
	"－－１２－－３号",
	"大丰镇社区",
	"幸福新村3栋",
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, n)
		}
		if nn := Normalize(n); nn != n {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, nn)
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := Parse(s)
		n := Normalize(s)
		if b := Parse(n); b != a {
			t.Fatalf("Parse(%q) = %#v, Parse(Normalize) = %#v", s, a, b)
		}
		checkFields(t, s, a, n)
		if b := Parse(a.String()); a.Extra == "" && b != a {
			t.Fatalf("Parse(%q) = %#v, but Parse(String() = %q) = %#v", s, a, a.String(), b)
		}
		if k := a.Key(); n != "" && k == "" {
			t.Fatalf("Parse(%q).Key() is empty", s)
		}
	})
}

// checkFields checks that every field of a is valid UTF-8 and a substring of
// the normalised input n.
func checkFields(t *testing.T, s string, a Address, n string) {
	t.Helper()
	for _, f := range []string{a.Township, a.Community, a.Village, a.Group, a.Road, a.Number,
		a.Compound, a.Building, a.Unit, a.Room, a.Extra} {
		if !utf8.ValidString(f) {
			t.Fatalf("Parse(%q): field %q is not valid UTF-8", s, f)
		}
		if !containsString(n, f) {
			t.Fatalf("Parse(%q): field %q is not in the normalised %q", s, f, n)
		}
	}
}

func containsString(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
