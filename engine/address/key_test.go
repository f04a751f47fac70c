package address

import "testing"

func TestKey(t *testing.T) {
	cases := []struct{ in, want string }{
		{"呼图壁镇园林路18号锦华苑3栋2单元501室", "呼图壁镇|锦华苑"},
		{"新疆呼图壁县呼图壁镇锦华苑5幢", "呼图壁镇|锦华苑"},
		{"锦华苑3栋", "|锦华苑"},
		{"二十里店镇某某村5组23号", "二十里店镇|某某村|5"},
		{"二十里店镇某某村委会五队7号", "二十里店镇|某某村|5"},
		{"雀尔沟镇西沟村", "雀尔沟镇|西沟村|"},
		{"呼图壁镇东风路12-3号", "呼图壁镇|东风路|12-3"},
		{"呼图壁镇东风路１２号", "呼图壁镇|东风路|12"},
		{"园林路18号对面", "|园林路|18"},
		{"呼图壁镇园林路", "呼图壁镇园林路"},
		{"呼图壁镇园林路3栋", "呼图壁镇园林路3栋"},
		{"石梯子乡东沟村2组", "石梯子哈萨克民族乡|东沟村|2"},
		{"", ""},
	}
	for _, c := range cases {
		if got := county.Parse(c.in).Key(); got != c.want {
			t.Errorf("county.Parse(%q).Key() = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStreet(t *testing.T) {
	cases := []struct {
		in     string
		road   string
		number int
		ok     bool
	}{
		{"呼图壁镇东风路12号", "东风路", 12, true},
		{"呼图壁镇东风路12-3号", "东风路", 12, true},
		{"呼图壁镇东风路3巷5号", "东风路3巷", 5, true},
		{"呼图壁镇园林路十八号锦华苑", "园林路", 18, true},
		{"东风路2147483647号", "东风路", 2147483647, true},
		{"东风路2147483648号", "东风路", 0, false},
		{"东风路99999999999号", "东风路", 0, false},
		{"呼图壁镇园林路", "园林路", 0, false},
		{"锦华苑3栋", "", 0, false},
		{"某村5组23号", "", 0, false},
	}
	for _, c := range cases {
		road, number, ok := county.Parse(c.in).Street()
		if road != c.road || number != c.number || ok != c.ok {
			t.Errorf("county.Parse(%q).Street() = %q, %d, %v, want %q, %d, %v", c.in, road, number, ok, c.road, c.number, c.ok)
		}
	}
}

func TestString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"石梯子乡白杨河村二队", "石梯子哈萨克民族乡白杨河村2组"},
		{"锦华苑3-2-501", "锦华苑3栋2单元501室"},
		{"锦华苑3#2单元501号", "锦华苑3栋2单元501室"},
		{"大丰镇社区", "大丰镇社区"},
		{"园户村镇园户村村委会三队十二号", "园户村镇园户村3组12号"},
		{"新疆昌吉州呼图壁县 呼图壁镇 水晶社区 园林路18号院", "呼图壁镇水晶社区园林路18号"},
		{"锦华苑5层", "锦华苑5层"},
	}
	for _, c := range cases {
		if got := county.Parse(c.in).String(); got != c.want {
			t.Errorf("county.Parse(%q).String() = %q, want %q", c.in, got, c.want)
		}
	}
}
