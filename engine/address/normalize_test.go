package address

import (
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"园林路１８号", "园林路18号"},
		{"ｃｏｍ公寓１栋", "COM公寓1栋"},
		{" 呼图壁镇　园林路 18 号 ", "呼图壁镇园林路18号"},
		{"呼图壁镇，园林路（18号）、锦华苑。", "呼图壁镇园林路18号锦华苑"},
		{"呼图壁镇\xff园林路", "呼图壁镇园林路"},
		{"锦华苑①栋", "锦华苑1栋"},
		{"锦华苑⑫栋", "锦华苑12栋"},
		{"东风路12--3号", "东风路12-3号"},
		{"东风路12－3号", "东风路12-3号"},
		{"东风路12—3号", "东风路12-3号"},
		{"东风路-12-号", "东风路12号"},
		{"东风路12-3-4号", "东风路12-3-4号"},
		{"呼图壁镇园林路18号锦华苑3幢", "呼图壁镇园林路18号锦华苑3栋"},
		{"锦华苑3号楼", "锦华苑3栋"},
		{"锦华苑A座", "锦华苑A栋"},
		{"锦华苑a座", "锦华苑A栋"},
		{"金座小区", "金座小区"},
		{"锦华苑3#楼2单元", "锦华苑3栋2单元"},
		{"锦华苑3#2单元", "锦华苑3栋2单元"},
		{"#3栋", "3栋"},
		{"锦华苑3-2-501", "锦华苑3栋2单元501室"},
		{"锦华苑3栋2-501室", "锦华苑3栋2单元501室"},
		{"锦华苑3栋2-501号", "锦华苑3栋2单元501室"},
		{"锦华苑3-501", "锦华苑3-501"},
		{"锦华苑3-2-501-1", "锦华苑3-2-501-1"},
		{"锦华苑3栋二单元五〇一", "锦华苑3栋2单元501"},
		{"锦华苑三栋二单元五〇一室", "锦华苑3栋2单元501室"},
		{"二十里店镇二十里店村五组", "二十里店镇二十里店村5组"},
		{"五工台镇五工台村", "五工台镇五工台村"},
		{"大丰镇十八户村", "大丰镇十八户村"},
		{"呼图壁镇二中家属院三号楼", "呼图壁镇二中家属院3栋"},
		{"园林路十八号", "园林路18号"},
		{"某村五组二十三号", "某村5组23号"},
		{"五号渠村", "五号渠村"},
		{"第三组", "3组"},
		{"第一中学", "第一中学"},
		{"锦华苑一百零五栋", "锦华苑105栋"},
		{"锦华苑一百五栋", "锦华苑一百五栋"},
		{"锦华苑第3栋", "锦华苑3栋"},
		{"第1中学", "第1中学"},
		{"建设二路8号", "建设二路8号"},
		{"新疆昌吉回族自治州呼图壁县石梯子乡", "石梯子哈萨克民族乡"},
		{"石梯子哈萨克族乡东沟村", "石梯子哈萨克民族乡东沟村"},
		{"石梯子哈萨克民族乡东沟村", "石梯子哈萨克民族乡东沟村"},
		{"中国新疆呼图壁县大丰镇", "大丰镇"},
		{"新疆维吾尔自治区昌吉州呼图壁县呼图壁县呼图壁镇", "呼图壁镇"},
		{"中国银行家属院", "中国银行家属院"},
		{"abc", "ABC"},
		{"", ""},
	}
	for _, c := range cases {
		if got := county.Normalize(c.in); got != c.want {
			t.Errorf("county.Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestAppendHanNumber(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" = rejected
	}{
		{"一", "1"}, {"两", "2"}, {"十", "10"}, {"十五", "15"}, {"一十五", "15"}, {"二十", "20"},
		{"二十三", "23"}, {"一百", "100"}, {"一百零五", "105"}, {"一百一十", "110"},
		{"二千零二十四", "2024"}, {"九千九百九十九", "9999"}, {"五〇一", "501"}, {"〇一", "01"},
		{"五零二", "502"}, {"一百五", ""}, {"十十", ""}, {"二二十", ""}, {"零十", ""}, {"百", ""},
		{"千百", ""}, {"十百", ""}, {"二十零五", ""}, {"一二三四五六七八九", ""},
	}
	for _, c := range cases {
		got, ok := appendHanNumber(nil, []rune(c.in))
		if c.want == "" {
			if ok {
				t.Errorf("appendHanNumber(%q) = %q, want rejection", c.in, got)
			}
			continue
		}
		if !ok || string(got) != c.want {
			t.Errorf("appendHanNumber(%q) = %q, %v, want %q", c.in, got, ok, c.want)
		}
	}
}

// hanPositional writes n (1–9999) the way Chinese is read aloud: 十五,
// 一百一十, 一千零五, 二千零二十四. It is the reference for appendHanNumber.
func hanPositional(n int) string {
	digits := []rune("零一二三四五六七八九")
	units := []rune("千百十")
	parts := []int{n / 1000, n / 100 % 10, n / 10 % 10}
	var out []rune
	pendingZero := false
	for i, d := range parts {
		if d == 0 {
			if len(out) > 0 {
				pendingZero = true
			}
			continue
		}
		if pendingZero {
			out = append(out, '零')
			pendingZero = false
		}
		if !(i == 2 && d == 1 && len(out) == 0) { // 十五, not 一十五, at the start
			out = append(out, digits[d])
		}
		out = append(out, units[i])
	}
	if d := n % 10; d != 0 {
		if pendingZero {
			out = append(out, '零')
		}
		out = append(out, digits[d])
	}
	return string(out)
}

func TestAppendHanNumberAll(t *testing.T) {
	if hanPositional(2024) != "二千零二十四" || hanPositional(110) != "一百一十" || hanPositional(15) != "十五" {
		t.Fatal("reference formatter broken")
	}
	for n := 1; n <= 9999; n++ {
		s := hanPositional(n)
		got, ok := appendHanNumber(nil, []rune(s))
		if want := itoa(n); !ok || string(got) != want {
			t.Fatalf("appendHanNumber(%q) = %q, %v, want %s", s, got, ok, want)
		}
	}
}

// itoa formats n in decimal without strconv, the function under test's helper.
func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestNormalizeReturnsInput(t *testing.T) {
	s := "呼图壁镇园林路18号锦华苑3栋2单元501室"
	if n := county.Normalize(s); n != s {
		t.Fatalf("county.Normalize(%q) = %q", s, n)
	}
	if allocs := testing.AllocsPerRun(100, func() { county.Parse(s) }); allocs != 0 {
		t.Errorf("Parse of a normal address: %v allocations, want 0", allocs)
	}
	noisy := "新疆昌吉州呼图壁县 呼图壁镇 园林路１８号 锦华苑三号楼二单元五〇一"
	if allocs := testing.AllocsPerRun(100, func() { county.Parse(noisy) }); allocs > 1 {
		t.Errorf("county.Parse(%q): %v allocations, want ≤ 1", noisy, allocs)
	}
}

func TestTownships(t *testing.T) {
	got := county.Townships()
	if want := hutubi.TownshipNames(); !slices.Equal(got, want) {
		t.Fatalf("Townships() = %v, want the gazetteer's %v", got, want)
	}
	got[0] = "changed"
	if county.Townships()[0] != hutubi.Townships[0].Name {
		t.Fatal("Townships returns the parser's own slice")
	}
	for i, name := range county.Townships() {
		if a := county.Parse(name + "园林路1号"); a.Township != name {
			t.Errorf("Parse(%s园林路1号).Township = %q", name, a.Township)
		}
		if r := county.TownshipRank(name); r != i {
			t.Errorf("TownshipRank(%s) = %d, want %d", name, r, i)
		}
	}
	if plain.Townships() != nil || plain.TownshipRank("呼图壁镇") != -1 {
		t.Error("the parser without a gazetteer knows townships")
	}
}
