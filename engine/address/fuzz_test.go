package address

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are starting inputs for the fuzz targets: the forms of the
// package documentation, of the styles of styles_test.go, and a few hostile
// strings.
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
	"河南省周口市郸城县城关镇园田路261号附1号",
	"上海市长宁区长宁路一千零一十八弄五号302室",
	"广州市天河区石牌街道石牌村东三街12号502房",
	"桂城街道南海大道北二十八号",
	"犀浦镇红光村三社",
	"陈庄村委会王庄村12号",
	"王庄村小王庄自然村3组5号",
	"红星村王家屯12号",
	"北京市东城区交道口街道菊儿胡同12号院3号楼2单元301",
	"内蒙古锡林郭勒盟阿巴嘎旗伊和高勒苏木巴彦图嘎查委员会三组",
	"东风社区居民委员会府前街8号",
	"中州大道12号",
	"神州花园A座",
}

// parsers are the parsers the fuzz targets check: without a gazetteer, and
// with the default county's.
var parsers = []*Parser{plain, county}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range parsers {
			n := p.Normalize(s)
			if !utf8.ValidString(n) {
				t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, n)
			}
			if nn := p.Normalize(n); nn != n {
				t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, nn)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range parsers {
			checkParse(t, p, s)
		}
	})
}

// checkParse checks the invariants of p.Parse(s): Parse(Normalize(s)) is
// the same, every field is valid UTF-8 and a substring of Normalize(s),
// String parses back when nothing is left over, and the key of a non-empty
// address is not empty.
func checkParse(t *testing.T, p *Parser, s string) {
	t.Helper()
	a := p.Parse(s)
	n := p.Normalize(s)
	if b := p.Parse(n); b != a {
		t.Fatalf("Parse(%q) = %#v, Parse(Normalize) = %#v", s, a, b)
	}
	checkFields(t, s, a, n)
	if b := p.Parse(a.String()); a.Extra == "" && b != a {
		t.Fatalf("Parse(%q) = %#v, but Parse(String() = %q) = %#v", s, a, a.String(), b)
	}
	if k := a.Key(); n != "" && k == "" {
		t.Fatalf("Parse(%q).Key() is empty", s)
	}
	if pn := a.PlaceName(); n != "" && pn == "" {
		t.Fatalf("Parse(%q).PlaceName() is empty", s)
	}
}

// FuzzInferGazetteer infers a gazetteer from the lines of addresses and
// checks the parser built from it on every line and on query: no panic, and
// the invariants of checkParse.
func FuzzInferGazetteer(f *testing.F) {
	f.Add(strings.Join(fuzzSeeds[17:], "\n"), "郸城县城关镇园田路12号")
	f.Add("河南省郸城县城关镇园田路12号\n河南省郸城县城关镇陈寨村3组\n河南省郸城县汲冢镇王庄村2组\n河南省郸城县汲冢镇新乡村1组", "新乡村1组")
	f.Add("石牌街道石牌村东三街12号\n石牌街道南苑社区天河路1号\n车陂街道车陂村3社\n车陂街道车陂村4社", "车陂村3社")
	f.Fuzz(func(t *testing.T, lines, query string) {
		addrs := strings.Split(lines, "\n")
		g := InferGazetteer(addrs)
		p := NewParser(g)
		for _, tw := range g.Townships {
			if tw.Name == "" {
				t.Fatalf("InferGazetteer(%q): a township without a name", lines)
			}
		}
		for _, s := range append(addrs, query) {
			checkParse(t, p, s)
			n := p.Normalize(s)
			if nn := p.Normalize(n); nn != n {
				t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, nn)
			}
		}
	})
}

// FuzzNewParser builds a parser from a gazetteer of arbitrary names and
// checks it on query.
func FuzzNewParser(f *testing.F) {
	f.Add("呼图壁县", "石梯子哈萨克民族乡", "石梯子乡", "水晶社区", "白杨河村委会", "石梯子乡白杨河村二组")
	f.Add("新疆", "园户村镇", "园户镇", "北园社区居委会", "园户村村委会", "新疆园户镇园户村村7组")
	f.Add("长宁区", "华阳路街道", "华阳街道", "古北社区", "红星村", "长宁区华阳街道长宁路1018弄5号")
	f.Fuzz(func(t *testing.T, prefix, town, alias, community, village, query string) {
		g := &Gazetteer{
			Prefixes:  []string{prefix},
			Townships: []Township{{Name: town, Aliases: []string{alias}, Communities: []string{community}, Villages: []string{village}}},
		}
		p := NewParser(g)
		checkParse(t, p, query)
		n := p.Normalize(query)
		if nn := p.Normalize(n); nn != n {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", query, n, nn)
		}
		if nt := NameForm(town); nt != "" {
			if ts := p.Townships(); len(ts) != 1 || ts[0] != nt {
				t.Fatalf("Townships() = %v, want [%s]", ts, nt)
			}
		}
	})
}

// checkFields checks that every field of a is valid UTF-8 and a substring of
// the normalised input n.
func checkFields(t *testing.T, s string, a Address, n string) {
	t.Helper()
	for _, f := range []string{a.Township, a.Community, a.Village, a.Hamlet, a.Group, a.Road, a.Lane, a.Number,
		a.Compound, a.Building, a.Unit, a.Room, a.Extra} {
		if !utf8.ValidString(f) {
			t.Fatalf("Parse(%q): field %q is not valid UTF-8", s, f)
		}
		if !strings.Contains(n, f) {
			t.Fatalf("Parse(%q): field %q is not in the normalised %q", s, f, n)
		}
	}
}
