package address

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// genAddress writes a random address in one of the local forms, with its
// parts in random variant spellings (prefixes, township short names,
// Chinese or full-width numerals, building markers, shorthands, noise), and
// returns it with the Address a reader would fill in.
func genAddress(r *rand.Rand) (string, Address) {
	var b strings.Builder
	var want Address
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	noise := func() {
		if r.IntN(4) == 0 {
			b.WriteString(pick(" ", "　", "，", "、", "\t", "（", "）", "·"))
		}
	}
	// number writes n as digits, full-width digits or (when han) Chinese.
	number := func(n int, han bool) {
		switch k := r.IntN(3); {
		case k == 0 && han:
			b.WriteString(hanPositional(n))
		case k == 1:
			for _, c := range strconv.Itoa(n) {
				b.WriteRune(c - '0' + '０')
			}
		default:
			b.WriteString(strconv.Itoa(n))
		}
	}
	if r.IntN(3) == 0 {
		b.WriteString(pick("新疆", "新疆维吾尔自治区", "中国新疆"))
		noise()
	}
	if r.IntN(3) == 0 {
		b.WriteString(pick("昌吉州", "昌吉回族自治州"))
	}
	if r.IntN(2) == 0 {
		b.WriteString("呼图壁县")
		noise()
	}
	if r.IntN(5) > 0 {
		i := r.IntN(len(hutubi.Townships) + 2)
		if i >= len(hutubi.Townships) {
			b.WriteString(pick("石梯子乡", "石梯子哈萨克族乡"))
			want.Township = "石梯子哈萨克民族乡"
		} else {
			b.WriteString(hutubi.Townships[i].Name)
			want.Township = hutubi.Townships[i].Name
		}
		noise()
	}
	if r.IntN(3) == 0 { // village
		v := pick("红山村", "十八户村", "园户村", "二十里店村", "福海新村", "五工台村", "宁州户村")
		b.WriteString(v)
		b.WriteString(pick("", "", "村委会"))
		want.Village = v
		noise()
		if r.IntN(4) > 0 {
			g := 1 + r.IntN(20)
			if r.IntN(2) == 0 {
				b.WriteString("第")
			}
			number(g, true)
			b.WriteString(pick("组", "队"))
			want.Group = strconv.Itoa(g)
			noise()
		}
		if r.IntN(2) == 0 {
			n := 1 + r.IntN(200)
			number(n, true)
			b.WriteString("号")
			want.Number = strconv.Itoa(n)
		}
		return b.String(), want
	}
	hasRoad := r.IntN(3) > 0
	if hasRoad {
		want.Road = pick("园林路", "东风路", "大丰街", "世纪大道", "建设二路", "新村路", "北京南路")
		b.WriteString(want.Road)
		noise()
		if r.IntN(4) > 0 {
			n := 1 + r.IntN(300)
			sub := r.IntN(4) == 0
			number(n, !sub) // 八十七-6号 is not written
			want.Number = strconv.Itoa(n)
			if sub {
				sub := 1 + r.IntN(9)
				b.WriteString(pick("-", "－", "—"))
				b.WriteString(strconv.Itoa(sub))
				want.Number += "-" + strconv.Itoa(sub)
			}
			b.WriteString("号")
			noise()
		}
	}
	if !hasRoad || r.IntN(2) == 0 {
		want.Compound = pick("锦华苑", "东方小区", "丰收家园", "金街花园", "二中家属院", "SOHO公寓", "天道酬勤苑")
		if !hasRoad && want.Compound == "金街花园" && want.Township == "" && r.IntN(2) == 0 {
			want.Compound = "锦华苑"
		}
		b.WriteString(want.Compound)
		if strings.HasSuffix(want.Compound, "园") || strings.HasSuffix(want.Compound, "苑") {
			b.WriteString(pick("", "小区")) // 锦华苑小区 is 锦华苑
		}
		noise()
	}
	if r.IntN(4) == 0 {
		return b.String(), want
	}
	bld, unit, room := 1+r.IntN(30), 1+r.IntN(6), (1+r.IntN(18))*100+1+r.IntN(4)
	want.Building = strconv.Itoa(bld)
	switch r.IntN(3) {
	case 0: // B-U-R shorthand (needs a compound or house number before it)
		if want.Compound != "" || want.Number != "" {
			b.WriteString(strconv.Itoa(bld) + pick("-", "－") + strconv.Itoa(unit) + "-" + strconv.Itoa(room) + pick("", "室"))
			want.Unit, want.Room = strconv.Itoa(unit), strconv.Itoa(room)
			return b.String(), want
		}
		fallthrough
	case 1: // B栋U-R
		number(bld, true)
		b.WriteString(pick("栋", "幢", "号楼", "座"))
		b.WriteString(strconv.Itoa(unit) + "-" + strconv.Itoa(room))
		want.Unit, want.Room = strconv.Itoa(unit), strconv.Itoa(room)
		return b.String(), want
	}
	if r.IntN(2) == 0 {
		number(bld, true)
		b.WriteString(pick("栋", "幢", "号楼", "座"))
	} else {
		b.WriteString(strconv.Itoa(bld) + pick("#", "#楼", "＃"))
	}
	noise()
	if r.IntN(3) > 0 {
		number(unit, true)
		b.WriteString("单元")
		want.Unit = strconv.Itoa(unit)
	}
	if r.IntN(2) == 0 {
		switch r.IntN(3) {
		case 0:
			b.WriteString(strconv.Itoa(room))
		case 1:
			b.WriteString(strconv.Itoa(room) + "室")
		default: // 五〇一
			for _, c := range strconv.Itoa(room) {
				b.WriteRune([]rune("〇一二三四五六七八九")[c-'0'])
			}
		}
		want.Room = strconv.Itoa(room)
	}
	return b.String(), want
}

// TestParseGenerated checks Parse on random addresses of known content, and
// the invariants: Normalize is idempotent, county.Parse(county.Normalize(s)) == county.Parse(s),
// every field is a substring of county.Normalize(s), and String parses back.
func TestParseGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(2024, 652323))
	for i := range 20000 {
		s, want := genAddress(r)
		n := county.Normalize(s)
		if nn := county.Normalize(n); nn != n {
			t.Fatalf("#%d: Normalize not idempotent: %q -> %q -> %q", i, s, n, nn)
		}
		if !utf8.ValidString(n) {
			t.Fatalf("#%d: county.Normalize(%q) = %q is not valid UTF-8", i, s, n)
		}
		got := county.Parse(s)
		if got != want {
			t.Fatalf("#%d: county.Parse(%q)\n got %#v\nwant %#v", i, s, got, want)
		}
		if pn := county.Parse(n); pn != got {
			t.Fatalf("#%d: county.Parse(county.Normalize(%q)) = %#v, Parse = %#v", i, s, pn, got)
		}
		checkFields(t, s, got, n)
		if b := county.Parse(got.String()); b != got {
			t.Fatalf("#%d: county.Parse(%q).String() = %q parses to %#v", i, s, got.String(), b)
		}
	}
}

// TestNormalizeRandomText checks idempotence and UTF-8 validity on random
// mixes of address characters, markers, numerals, division suffixes, ASCII
// and noise, and that String parses back when Parse understood everything
// (Extra is empty), with and without the county's gazetteer.
func TestNormalizeRandomText(t *testing.T) {
	alphabet := []string{
		"呼图壁县", "新疆", "昌吉州", "呼图壁镇", "石梯子乡", "园户村镇", "二十里店镇", "村", "组", "队", "路", "街",
		"道", "巷", "号", "号楼", "楼", "栋", "幢", "座", "单元", "室", "期", "第", "一", "二", "十", "百", "千", "零",
		"〇", "两", "五", "苑", "小区", "社区", "委会", "院", "1", "2", "0", "A", "b", "-", "－", "—", "#", "＃",
		" ", "　", "，", "(", "①", "⑳", "\xff", "\u200b", "１", "ｂ", "锦", "华",
		"弄", "社", "附", "房", "街道", "居委会", "居民委员会", "村民委员会", "自然村", "屯", "嘎查", "苏木", "胡同",
		"县", "市", "区", "省", "州", "旗", "盟", "自治区", "河南", "上海市", "中国", "北", "大道", "段", "小组",
		"城", "场", "花园", "乡", "镇", "新",
	}
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 50000 {
		var b strings.Builder
		for range r.IntN(14) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		for _, p := range parsers {
			n := p.Normalize(s)
			if nn := p.Normalize(n); nn != n {
				t.Fatalf("#%d: Normalize not idempotent: %q -> %q -> %q", i, s, n, nn)
			}
			if !utf8.ValidString(n) {
				t.Fatalf("#%d: Normalize(%q) = %q is not valid UTF-8", i, s, n)
			}
			checkParse(t, p, s)
		}
	}
}
