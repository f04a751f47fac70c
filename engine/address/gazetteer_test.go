package address

import (
	"reflect"
	"slices"
	"testing"
)

// TestIssueExamples are the addresses on which the reader of a single county
// failed: each with what a reader fills in and its key, read by the suffix
// rules alone.
func TestIssueExamples(t *testing.T) {
	cases := []struct {
		in   string
		want Address
		key  string
	}{
		{"城关街道花园路8号", Address{Township: "城关街道", Road: "花园路", Number: "8"}, "城关街道|花园路|8"},
		{"郸城县城关镇园田路12号", Address{Township: "城关镇", Road: "园田路", Number: "12"}, "城关镇|园田路|12"},
		{"河南省周口市郸城县城关镇园田路12号", Address{Township: "城关镇", Road: "园田路", Number: "12"}, "城关镇|园田路|12"},
		{"城关镇府前街261号附1号", Address{Township: "城关镇", Road: "府前街", Number: "261附1"}, "城关镇|府前街|261附1"},
		{"城关镇府前街261号", Address{Township: "城关镇", Road: "府前街", Number: "261"}, "城关镇|府前街|261"},
		{"商城路二百六十一号附一号", Address{Road: "商城路", Number: "261附1"}, "|商城路|261附1"},
		{"长宁路1018弄5号302室", Address{Road: "长宁路", Lane: "1018", Number: "5", Room: "302"}, "|长宁路|1018弄"},
		{"上海市长宁区长宁路一千零一十八弄五号", Address{Road: "长宁路", Lane: "1018", Number: "5"}, "|长宁路|1018弄"},
		{"犀浦镇红光村3社", Address{Township: "犀浦镇", Village: "红光村", Group: "3"}, "犀浦镇|红光村|3"},
		{"犀浦镇红光村三社", Address{Township: "犀浦镇", Village: "红光村", Group: "3"}, "犀浦镇|红光村|3"},
		// 广东's village groups are economic cooperatives (经济社).
		{"新村街道孙营村2经济社105号", Address{Township: "新村街道", Village: "孙营村", Group: "2", Number: "105"}, "新村街道|孙营村|2"},
		{"新村街道孙营村二经济合作社", Address{Township: "新村街道", Village: "孙营村", Group: "2"}, "新村街道|孙营村|2"},
		// 上海 and 浙江 number a compound's buildings with 号.
		{"莘庄镇莘松路380号翰林花园10号502室", Address{Township: "莘庄镇", Road: "莘松路", Number: "380", Compound: "翰林花园", Building: "10", Room: "502"}, "莘庄镇|翰林花园"},
		{"翰林花园10号", Address{Compound: "翰林花园", Building: "10"}, "|翰林花园"},
		{"翰林花园10号2单元502室", Address{Compound: "翰林花园", Building: "10", Unit: "2", Room: "502"}, "|翰林花园"},
		{"石牌街道石牌村东三街12号", Address{Township: "石牌街道", Village: "石牌村", Road: "东三街", Number: "12"}, "石牌街道|石牌村|东三街|12"},
		{"陈寨村东三街12号", Address{Village: "陈寨村", Road: "东三街", Number: "12"}, "|陈寨村|东三街|12"},
		{"桂城街道南海大道北28号", Address{Township: "桂城街道", Road: "南海大道北", Number: "28"}, "桂城街道|南海大道北|28"},
		// And the other forms of the issue.
		{"新乡村3组", Address{Village: "新乡村", Group: "3"}, "|新乡村|3"},
		{"汲冢镇新乡村第三村民小组", Address{Township: "汲冢镇", Village: "新乡村", Group: "3"}, "汲冢镇|新乡村|3"},
		{"汲冢镇陈庄村委会王庄村12号", Address{Township: "汲冢镇", Village: "陈庄村", Hamlet: "王庄村", Number: "12"}, "汲冢镇|陈庄村|王庄村"},
		{"汲冢镇陈庄村王庄自然村2组5号", Address{Township: "汲冢镇", Village: "陈庄村", Hamlet: "王庄自然村", Group: "2", Number: "5"}, "汲冢镇|陈庄村|王庄自然村2"},
		{"五棵树镇红星村王家屯12号", Address{Township: "五棵树镇", Village: "红星村", Hamlet: "王家屯", Number: "12"}, "五棵树镇|红星村|王家屯"},
		{"伊和高勒苏木巴彦图嘎查委员会3组", Address{Township: "伊和高勒苏木", Village: "巴彦图嘎查", Group: "3"}, "伊和高勒苏木|巴彦图嘎查|3"},
		{"交道口街道菊儿胡同12号院3号楼2单元301", Address{Township: "交道口街道", Road: "菊儿胡同", Number: "12", Building: "3", Unit: "2", Room: "301"}, "交道口街道|菊儿胡同|12"},
		{"华阳路街道古北新城A座1502房", Address{Township: "华阳路街道", Compound: "古北新城", Building: "A", Room: "1502"}, "华阳路街道|古北新城"},
		{"闲林街道良渚文化村3幢2单元301室", Address{Township: "闲林街道", Compound: "良渚文化村", Building: "3", Unit: "2", Room: "301"}, "闲林街道|良渚文化村"},
		{"东风社区居民委员会府前街8号", Address{Community: "东风社区", Road: "府前街", Number: "8"}, "|府前街|8"},
		{"河西居委会园林路3号", Address{Community: "河西居委会", Road: "园林路", Number: "3"}, "|园林路|3"},
		{"郸城县园田路12号", Address{Road: "园田路", Number: "12"}, "|园田路|12"},
		{"内蒙古锡林郭勒盟阿巴嘎旗别力古台镇巴音路5号", Address{Township: "别力古台镇", Road: "巴音路", Number: "5"}, "别力古台镇|巴音路|5"},
		// Names that look like divisions or townships but are not.
		{"中州大道12号", Address{Road: "中州大道", Number: "12"}, "|中州大道|12"},
		{"神州花园3栋", Address{Compound: "神州花园", Building: "3"}, "|神州花园"},
		{"北京南路3号", Address{Road: "北京南路", Number: "3"}, "|北京南路|3"},
		{"红旗渠路12号", Address{Road: "红旗渠路", Number: "12"}, "|红旗渠路|12"},
		{"新镇路12号", Address{Road: "新镇路", Number: "12"}, "|新镇路|12"},
		{"中国银行家属院2栋", Address{Compound: "中国银行家属院", Building: "2"}, "|中国银行家属院"},
	}
	for _, c := range cases {
		a := Parse(c.in)
		if a != c.want {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", c.in, a, c.want)
		}
		if k := a.Key(); k != c.key {
			t.Errorf("Parse(%q).Key() = %q, want %q", c.in, k, c.key)
		}
	}
}

func TestPlaceName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"呼图壁镇园林路18号锦华苑3栋2单元501室", "锦华苑"},
		{"汲冢镇王庄村3组12号", "王庄村3组"},
		{"呼图壁镇园林路18号", "园林路18号"},
		{"长宁路1018弄5号302室", "长宁路1018弄"},
		{"陈寨村东三街12号", "陈寨村东三街12号"},
		{"雀尔沟镇西沟村", "西沟村"},
		{"红星村王家屯12号", "红星村王家屯"},
		{"陈庄村王庄自然村2组5号", "陈庄村王庄自然村2组"},
		{"呼图壁镇园林路", "呼图壁镇园林路"},
	}
	for _, c := range cases {
		if got := Parse(c.in).PlaceName(); got != c.want {
			t.Errorf("Parse(%q).PlaceName() = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestInferGazetteer(t *testing.T) {
	addrs := []string{
		"河南省周口市郸城县城关镇园田路12号",
		"河南省周口市郸城县城关镇东风社区府前街8号",
		"河南省周口市郸城县汲冢镇王庄村3组5号",
		"河南省周口市郸城县汲冢镇新乡村1组",
		"新乡村2组7号", // no township: 新乡村 is a village, 新乡 no township
		"郸城县汲冢镇新乡村1组",
		"", "  ",
		"城关镇陈寨村东三街12号",
		"宜路镇一次", // a township written once only is not listed
	}
	got := InferGazetteer(addrs)
	want := &Gazetteer{
		Prefixes: []string{"河南省", "周口市", "郸城县"},
		Townships: []Township{
			{Name: "城关镇", Communities: []string{"东风社区"}, Villages: []string{"陈寨村"}},
			{Name: "汲冢镇", Villages: []string{"王庄村", "新乡村"}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("InferGazetteer = %+v\nwant %+v", got, want)
	}
	if g := InferGazetteer(nil); !reflect.DeepEqual(g, &Gazetteer{}) {
		t.Errorf("InferGazetteer(nil) = %+v", g)
	}
	// A village of one name in two townships is listed under both.
	g := InferGazetteer([]string{"甲镇林场村1组", "甲镇林场村2组", "乙镇林场村1组", "乙镇林场村3组"})
	for _, tw := range g.Townships {
		if !slices.Equal(tw.Villages, []string{"林场村"}) {
			t.Errorf("%s: villages %v, want [林场村]", tw.Name, tw.Villages)
		}
	}
}

func TestNewParser(t *testing.T) {
	p := NewParser(&Gazetteer{
		Prefixes: []string{"昌吉州", "呼图壁县", "x"},
		Townships: []Township{
			{Name: "芳草湖农场", Villages: []string{"白杨河"}}, // names without a suffix
			{Name: "　大丰镇 "},
			{Name: "大丰镇"}, // listed twice: the first stands
			{Name: "镇"},   // too short: ignored
			{Name: "石梯子哈萨克民族乡", Aliases: []string{"石梯子乡", "石梯子哈萨克民族乡"}},
		},
		Communities: []string{"河西居委会", "雀尔沟村委会"},
	})
	if got := p.Townships(); !slices.Equal(got, []string{"芳草湖农场", "大丰镇", "石梯子哈萨克民族乡"}) {
		t.Errorf("Townships() = %v", got)
	}
	cases := []struct {
		in   string
		want Address
	}{
		{"昌吉州呼图壁县芳草湖农场白杨河3组", Address{Township: "芳草湖农场", Village: "白杨河", Group: "3"}},
		{"石梯子乡东沟村2组", Address{Township: "石梯子哈萨克民族乡", Village: "东沟村", Group: "2"}},
		{"石梯子哈萨克民族乡东沟村2组", Address{Township: "石梯子哈萨克民族乡", Village: "东沟村", Group: "2"}},
		{"大丰镇河西居委会大丰街8号", Address{Township: "大丰镇", Community: "河西居委会", Road: "大丰街", Number: "8"}},
		{"雀尔沟村委会3组", Address{Village: "雀尔沟村", Group: "3"}},
		{"x大丰镇", Address{Extra: "X大丰镇"}}, // a one-character prefix is ignored
	}
	for _, c := range cases {
		if got := p.Parse(c.in); got != c.want {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", c.in, got, c.want)
		}
	}
}

func TestNameForm(t *testing.T) {
	for in, want := range map[string]string{
		"红山村委会": "红山村", "红山村村民委员会": "红山村", "北园社区居委会": "北园社区", "河西居民委员会": "河西居委会",
		"　呼图壁镇 ": "呼图壁镇", "巴彦图嘎查委员会": "巴彦图嘎查", "村": "", "": "", "·镇·": "",
	} {
		if got := NameForm(in); got != want {
			t.Errorf("NameForm(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestListedTownshipWins: a listed community or village that begins with
// a listed township's name (the town's own community) leaves the township
// to the township; one that no township begins keeps the suffix rules off.
func TestListedTownshipWins(t *testing.T) {
	p := NewParser(&Gazetteer{
		Townships: []Township{{Name: "大丰镇", Communities: []string{"大丰镇社区"}}},
		Villages:  []string{"新乡村"},
	})
	for in, want := range map[string]Address{
		"大丰镇社区大丰街8号": {Township: "大丰镇", Community: "大丰镇社区", Road: "大丰街", Number: "8"},
		"新乡镇新乡村3组":   {Township: "新乡镇", Village: "新乡村", Group: "3"},
		"新乡村3组":      {Village: "新乡村", Group: "3"},
	} {
		if got := p.Parse(in); got != want {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", in, got, want)
		}
	}
}
