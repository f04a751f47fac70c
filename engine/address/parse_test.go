package address

import (
	"testing"
)

// parseCases are written by hand: each expected Address is what a reader of
// the address would fill in.
var parseCases = []struct {
	in   string
	want Address
}{
	// County seat apartments.
	{"呼图壁镇园林路18号锦华苑3栋2单元501室", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Compound: "锦华苑", Building: "3", Unit: "2", Room: "501"}},
	{"呼图壁镇园林路18号锦华苑3栋2单元", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Compound: "锦华苑", Building: "3", Unit: "2"}},
	{"呼图壁镇东方小区5栋1单元302室", Address{Township: "呼图壁镇", Compound: "东方小区", Building: "5", Unit: "1", Room: "302"}},
	{"呼图壁镇园林路18号锦华苑3栋2单元501号", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Compound: "锦华苑", Building: "3", Unit: "2", Room: "501"}},
	{"呼图壁镇园林路18号锦华苑3栋502", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Compound: "锦华苑", Building: "3", Room: "502"}},
	{"呼图壁镇园林路18号ＳＯＨＯ公寓", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Compound: "SOHO公寓"}},
	{"呼图壁镇园林路18号金街花园3栋", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Compound: "金街花园", Building: "3"}},
	{"呼图壁镇二中家属院3号楼", Address{Township: "呼图壁镇", Compound: "二中家属院", Building: "3"}},
	{"中国银行家属院2栋", Address{Compound: "中国银行家属院", Building: "2"}},
	// Single houses on a street.
	{"呼图壁镇东风路12号", Address{Township: "呼图壁镇", Road: "东风路", Number: "12"}},
	{"呼图壁镇东风路12-3号", Address{Township: "呼图壁镇", Road: "东风路", Number: "12-3"}},
	{"呼图壁镇东风路3巷5号", Address{Township: "呼图壁镇", Road: "东风路3巷", Number: "5"}},
	{"呼图壁镇世纪大道66号", Address{Township: "呼图壁镇", Road: "世纪大道", Number: "66"}},
	{"呼图壁镇北京南路3号", Address{Township: "呼图壁镇", Road: "北京南路", Number: "3"}},
	{"呼图壁镇南街5号", Address{Township: "呼图壁镇", Road: "南街", Number: "5"}},
	{"呼图壁镇建设二路8号", Address{Township: "呼图壁镇", Road: "建设二路", Number: "8"}},
	{"呼图壁镇五一路十号", Address{Township: "呼图壁镇", Road: "五一路", Number: "10"}},
	{"呼图壁镇新村路12号", Address{Township: "呼图壁镇", Road: "新村路", Number: "12"}},
	{"呼图壁镇园林路", Address{Township: "呼图壁镇", Road: "园林路"}},
	{"呼图壁镇园林路3栋", Address{Township: "呼图壁镇", Road: "园林路", Building: "3"}},
	{"呼图壁镇园林路18号院3栋", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Building: "3"}},
	// Villages.
	{"二十里店镇某某村5组23号", Address{Township: "二十里店镇", Village: "某某村", Group: "5", Number: "23"}},
	{"二十里店镇二十里店村三组", Address{Township: "二十里店镇", Village: "二十里店村", Group: "3"}},
	{"二十里店镇二十里店村委会五组", Address{Township: "二十里店镇", Village: "二十里店村", Group: "5"}},
	{"二十里店镇十四户村6组31号", Address{Township: "二十里店镇", Village: "十四户村", Group: "6", Number: "31"}},
	{"二十里店镇东滩村3队", Address{Township: "二十里店镇", Village: "东滩村", Group: "3"}},
	{"呼图壁县二十里店镇宁州户村4组", Address{Township: "二十里店镇", Village: "宁州户村", Group: "4"}},
	{"五工台镇五工台村一组十二号", Address{Township: "五工台镇", Village: "五工台村", Group: "1", Number: "12"}},
	{"五工台镇福海新村委会2组", Address{Township: "五工台镇", Village: "福海新村", Group: "2"}},
	{"大丰镇十八户村村委会二组7号", Address{Township: "大丰镇", Village: "十八户村", Group: "2", Number: "7"}},
	{"大丰镇红山村委会3组", Address{Township: "大丰镇", Village: "红山村", Group: "3"}},
	{"雀尔沟镇西沟村", Address{Township: "雀尔沟镇", Village: "西沟村"}},
	{"红山村5组", Address{Village: "红山村", Group: "5"}},
	// A village whose name holds 村, in a township whose name does too.
	{"园户村镇园户村村7组122号", Address{Township: "园户村镇", Village: "园户村村", Group: "7", Number: "122"}},
	{"园户村村7组", Address{Village: "园户村村", Group: "7"}},
	{"某村23号", Address{Village: "某村", Number: "23"}},
	// 园户村镇 is a township whose name contains 村; 园林路 is a road, not a compound.
	{"园户村镇园户村3组15号", Address{Township: "园户村镇", Village: "园户村", Group: "3", Number: "15"}},
	{"园户村镇园户村村委会三队十二号", Address{Township: "园户村镇", Village: "园户村", Group: "3", Number: "12"}},
	{"园户村镇园林路8号", Address{Township: "园户村镇", Road: "园林路", Number: "8"}},
	{"园林路8号", Address{Road: "园林路", Number: "8"}},
	// Townships: short forms and prefixes.
	{"石梯子乡白杨河村2组", Address{Township: "石梯子哈萨克民族乡", Village: "白杨河村", Group: "2"}},
	{"石梯子哈萨克民族乡东沟村1组", Address{Township: "石梯子哈萨克民族乡", Village: "东沟村", Group: "1"}},
	{"石梯子哈萨克族乡多斯特克村", Address{Township: "石梯子哈萨克民族乡", Village: "多斯特克村"}},
	{"新疆昌吉州呼图壁县呼图壁镇园林路18号", Address{Township: "呼图壁镇", Road: "园林路", Number: "18"}},
	{"新疆维吾尔自治区昌吉回族自治州呼图壁县大丰镇大丰街8号", Address{Township: "大丰镇", Road: "大丰街", Number: "8"}},
	{"呼图壁县呼图壁镇", Address{Township: "呼图壁镇"}},
	// Township town centres.
	{"大丰镇大丰街8号", Address{Township: "大丰镇", Road: "大丰街", Number: "8"}},
	{"大丰镇大丰街8号丰收家园2栋", Address{Township: "大丰镇", Road: "大丰街", Number: "8", Compound: "丰收家园", Building: "2"}},
	{"大丰镇大丰街丰收家园", Address{Township: "大丰镇", Road: "大丰街", Compound: "丰收家园"}},
	// Communities.
	{"呼图壁镇水晶社区园林路18号", Address{Township: "呼图壁镇", Community: "水晶社区", Road: "园林路", Number: "18"}},
	{"呼图壁镇西河社区居委会", Address{Township: "呼图壁镇", Community: "西河社区"}},
	{"大丰镇社区", Address{Township: "大丰镇", Community: "大丰镇社区"}},
	// Missing township; compound only.
	{"园林路18号锦华苑3栋", Address{Road: "园林路", Number: "18", Compound: "锦华苑", Building: "3"}},
	{"锦华苑", Address{Compound: "锦华苑"}},
	{"东方小区", Address{Compound: "东方小区"}},
	// Compound names that look like roads or villages.
	{"呼图壁镇东风路小区2栋", Address{Township: "呼图壁镇", Compound: "东风路小区", Building: "2"}},
	{"呼图壁镇天道酬勤苑3栋", Address{Township: "呼图壁镇", Compound: "天道酬勤苑", Building: "3"}},
	{"呼图壁镇金街花园3栋", Address{Township: "呼图壁镇", Compound: "金街花园", Building: "3"}},
	{"呼图壁镇幸福新村3栋", Address{Township: "呼图壁镇", Compound: "幸福新村", Building: "3"}},
	{"锦华苑二期5栋", Address{Compound: "锦华苑2期", Building: "5"}},
	{"呼图壁镇锦华苑小区3栋", Address{Township: "呼图壁镇", Compound: "锦华苑", Building: "3"}},
	{"呼图壁镇丰收家园小区", Address{Township: "呼图壁镇", Compound: "丰收家园"}},
	{"呼图壁镇花园小区", Address{Township: "呼图壁镇", Compound: "花园小区"}},
	// Full-width characters, spaces, punctuation.
	{"园林路１８号", Address{Road: "园林路", Number: "18"}},
	{"ＡＢＣ公寓１栋", Address{Compound: "ABC公寓", Building: "1"}},
	{"abc公寓b栋", Address{Compound: "ABC公寓", Building: "B"}},
	{"呼图壁镇 园林路 18号 锦华苑 3栋", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Compound: "锦华苑", Building: "3"}},
	{"呼图壁镇园林路18号，锦华苑（3栋）", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Compound: "锦华苑", Building: "3"}},
	{"  呼图壁镇\t东风路　12－3号 ", Address{Township: "呼图壁镇", Road: "东风路", Number: "12-3"}},
	{"锦华苑①栋②单元", Address{Compound: "锦华苑", Building: "1", Unit: "2"}},
	// Building markers: 幢, 号楼, 座, #.
	{"锦华苑3幢2单元", Address{Compound: "锦华苑", Building: "3", Unit: "2"}},
	{"锦华苑3号楼2单元501", Address{Compound: "锦华苑", Building: "3", Unit: "2", Room: "501"}},
	{"锦华苑A座1单元101室", Address{Compound: "锦华苑", Building: "A", Unit: "1", Room: "101"}},
	{"锦华苑3#2单元501室", Address{Compound: "锦华苑", Building: "3", Unit: "2", Room: "501"}},
	{"锦华苑3#楼", Address{Compound: "锦华苑", Building: "3"}},
	{"锦华苑3＃楼2单元", Address{Compound: "锦华苑", Building: "3", Unit: "2"}},
	// Chinese numerals.
	{"呼图壁镇园林路十八号锦华苑三栋二单元五〇一室", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Compound: "锦华苑", Building: "3", Unit: "2", Room: "501"}},
	{"呼图壁镇锦华苑十二栋一单元", Address{Township: "呼图壁镇", Compound: "锦华苑", Building: "12", Unit: "1"}},
	{"锦华苑第三栋", Address{Compound: "锦华苑", Building: "3"}},
	{"锦华苑三号楼二单元五〇一", Address{Compound: "锦华苑", Building: "3", Unit: "2", Room: "501"}},
	{"锦华苑二栋一单元五百零二室", Address{Compound: "锦华苑", Building: "2", Unit: "1", Room: "502"}},
	// Hyphen shorthands.
	{"锦华苑3-2-501", Address{Compound: "锦华苑", Building: "3", Unit: "2", Room: "501"}},
	{"锦华苑3栋2-501", Address{Compound: "锦华苑", Building: "3", Unit: "2", Room: "501"}},
	{"呼图壁镇园林路18号锦华苑3—2—501", Address{Township: "呼图壁镇", Road: "园林路", Number: "18", Compound: "锦华苑", Building: "3", Unit: "2", Room: "501"}},
	{"东方小区3#2-501", Address{Compound: "东方小区", Building: "3", Unit: "2", Room: "501"}},
	// What is not understood is kept.
	{"锦华苑3-501", Address{Compound: "锦华苑", Extra: "3-501"}},
	{"锦华苑5层", Address{Compound: "锦华苑", Extra: "5层"}},
	{"园林路18号对面", Address{Road: "园林路", Number: "18", Extra: "对面"}},
	{"呼图壁镇", Address{Township: "呼图壁镇"}},
	{"", Address{}},
}

func TestParse(t *testing.T) {
	if len(parseCases) < 60 {
		t.Fatalf("only %d cases", len(parseCases))
	}
	for _, c := range parseCases {
		if got := county.Parse(c.in); got != c.want {
			t.Errorf("county.Parse(%q)\n got %#v\nwant %#v", c.in, got, c.want)
		}
	}
}

// TestParseStringRoundTrip checks that the canonical written form parses back
// to the same address.
func TestParseStringRoundTrip(t *testing.T) {
	for _, c := range parseCases {
		a := county.Parse(c.in)
		if b := county.Parse(a.String()); b != a {
			t.Errorf("county.Parse(%q).String() = %q parses to %#v, want %#v", c.in, a.String(), b, a)
		}
	}
}
