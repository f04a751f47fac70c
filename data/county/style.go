package county

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Style is how the addresses of a county are written: the customs of one
// province.
type Style string

// The address styles.
const (
	Henan     Style = "henan"     // 河南 plains county: 城关镇, 号楼, 号院, 附 numbers, 组
	Guangdong Style = "guangdong" // 广东 city district: 街道, 座 with letters, 房, 城中村 lanes, 队
	Sichuan   Style = "sichuan"   // 四川: 社 for village groups, rooms as N号 after 单元
	Shanghai  Style = "shanghai"  // 上海/浙江: 弄 lanes, 幢, 室
	Beijing   Style = "beijing"   // 北京: 号楼, 号院, 胡同, bare room numbers
	Dongbei   Style = "dongbei"   // 东北: 屯 natural villages, 组
	Xinjiang  Style = "xinjiang"  // 新疆: 队 for village groups, like the default county
)

// Styles lists every style.
var Styles = []Style{Henan, Guangdong, Sichuan, Shanghai, Beijing, Dongbei, Xinjiang}

// ParseStyle reads a style name.
func ParseStyle(s string) (Style, error) {
	for _, st := range Styles {
		if string(st) == s {
			return st, nil
		}
	}
	names := make([]string, len(Styles))
	for i, st := range Styles {
		names[i] = string(st)
	}
	return "", fmt.Errorf("county: unknown style %q (accepted: %s)", s, strings.Join(names, ", "))
}

// styleInfo holds what a style writes.
type styleInfo struct {
	prefix      []string  // province, city, county: written together or not at all
	origin      orb.Point // where the county lies (WGS84 lon, lat)
	seat        string    // the county seat's township (or 街道)
	townSuffix  []string  // suffixes of the other townships
	group       []string  // markers of a village group, the first most common
	building    []string  // markers of a building, written after its number
	room        string    // marker of a room ("" writes the bare number)
	letters     bool      // buildings of compounds are lettered (A座) as often as numbered
	fu          bool      // street houses may have 附 numbers (261号附1号)
	yuan        bool      // compounds may be courtyards named by their number (126号院)
	lane        bool      // compounds are often lanes (380弄)
	tun         bool      // village groups are often 屯 (natural villages)
	prefixP     float64   // share of addresses that write the prefixes
	townP       float64   // share of town addresses that write the township
	communityP  float64   // share of town addresses that write the community
	hanNumeralP float64   // share of group and building numbers written in Chinese numerals
	fullWidthP  float64   // share of addresses typed with full-width digits
}

var styles = map[Style]styleInfo{
	Henan: {prefix: []string{"河南省", "周口市", "郸城县"}, origin: orb.Point{115.18, 33.64}, seat: "城关镇",
		townSuffix: []string{"镇", "乡"}, group: []string{"组", "村民小组"}, building: []string{"号楼", "栋"}, room: "室",
		fu: true, yuan: true, prefixP: 0.35, townP: 0.8, communityP: 0.1, hanNumeralP: 0.3, fullWidthP: 0.03},
	Guangdong: {prefix: []string{"广东省", "广州市", "白云区"}, origin: orb.Point{113.27, 23.17}, seat: "景泰街道",
		townSuffix: []string{"街道"}, group: []string{"队", "经济社"}, building: []string{"座", "栋"}, room: "房",
		letters: true, prefixP: 0.3, townP: 0.9, communityP: 0.2, hanNumeralP: 0.05, fullWidthP: 0.05},
	Sichuan: {prefix: []string{"四川省", "阿坝藏族羌族自治州", "汶川县"}, origin: orb.Point{103.45, 31.35}, seat: "威州镇",
		townSuffix: []string{"镇", "乡"}, group: []string{"社", "组"}, building: []string{"栋", "幢"}, room: "号",
		prefixP: 0.4, townP: 0.85, communityP: 0.2, hanNumeralP: 0.4, fullWidthP: 0.02},
	Shanghai: {prefix: []string{"上海市", "闵行区"}, origin: orb.Point{121.38, 31.11}, seat: "莘庄镇",
		townSuffix: []string{"镇", "街道"}, group: []string{"组", "队"}, building: []string{"号", "幢"}, room: "室",
		lane: true, prefixP: 0.5, townP: 0.6, communityP: 0.05, hanNumeralP: 0.1, fullWidthP: 0.02},
	Beijing: {prefix: []string{"北京市", "朝阳区"}, origin: orb.Point{116.47, 39.99}, seat: "望京街道",
		townSuffix: []string{"街道", "乡"}, group: []string{"组"}, building: []string{"号楼"}, room: "",
		yuan: true, prefixP: 0.5, townP: 0.7, communityP: 0.15, hanNumeralP: 0.05, fullWidthP: 0.02},
	Dongbei: {prefix: []string{"黑龙江省", "哈尔滨市", "双城区"}, origin: orb.Point{126.31, 45.38}, seat: "承旭街道",
		townSuffix: []string{"镇", "乡"}, group: []string{"组"}, building: []string{"栋", "号楼"}, room: "室",
		tun: true, prefixP: 0.3, townP: 0.85, communityP: 0.1, hanNumeralP: 0.35, fullWidthP: 0.03},
	Xinjiang: {prefix: []string{"新疆维吾尔自治区", "昌吉回族自治州", "玛纳斯县"}, origin: orb.Point{86.21, 44.30}, seat: "玛纳斯镇",
		townSuffix: []string{"镇", "乡"}, group: []string{"队", "组"}, building: []string{"栋", "幢"}, room: "室",
		prefixP: 0.25, townP: 0.9, communityP: 0.1, hanNumeralP: 0.2, fullWidthP: 0.02},
}

// parts are the pieces of one address, before a style writes them.
type parts struct {
	township  string
	community string
	village   string // with its 村
	group     int    // village group number; 0 for none
	tun       string // natural village (屯) instead of a numbered group
	road      string
	number    int // house number on the road or in the village; 0 for none
	fu        int // 附 number; 0 for none
	yuan      bool
	lane      int // 弄 number; 0 for none
	compound  string
	building  string // building number or letter
	unit      int
	room      int
}

// writer writes the addresses of one county in its style.
type writer struct {
	st  styleInfo
	rng *rand.Rand
}

// write writes an address. town marks an address in a town (compound or
// street), where the township is sometimes left out; village addresses
// always write it.
func (w *writer) write(p parts, town bool) string {
	st, rng := w.st, w.rng
	var b strings.Builder
	if rng.Float64() < st.prefixP {
		for _, x := range st.prefix {
			b.WriteString(x)
		}
	}
	if p.township != "" && (!town || rng.Float64() < st.townP) {
		b.WriteString(p.township)
	}
	if p.community != "" && town && rng.Float64() < st.communityP {
		b.WriteString(p.community)
	}
	num := func(n int) string {
		if rng.Float64() < st.hanNumeralP && n <= 99 {
			return hanNumber(n)
		}
		return strconv.Itoa(n)
	}
	if p.village != "" {
		b.WriteString(p.village)
		switch {
		case p.tun != "":
			b.WriteString(p.tun)
		case p.group > 0:
			m := st.group[0]
			if len(st.group) > 1 && rng.IntN(4) == 0 {
				m = st.group[1]
			}
			b.WriteString(num(p.group))
			b.WriteString(m)
		}
	}
	if p.road != "" {
		b.WriteString(p.road)
		if p.lane > 0 {
			b.WriteString(strconv.Itoa(p.lane))
			b.WriteString("弄")
		}
		if p.number > 0 {
			b.WriteString(strconv.Itoa(p.number))
			b.WriteString("号")
			if p.yuan {
				b.WriteString("院")
			}
			if p.fu > 0 {
				b.WriteString("附")
				b.WriteString(strconv.Itoa(p.fu))
				b.WriteString("号")
			}
		}
	} else if p.number > 0 {
		b.WriteString(strconv.Itoa(p.number))
		b.WriteString("号")
	}
	if p.compound != "" {
		b.WriteString(p.compound)
	}
	if p.building != "" {
		b.WriteString(p.building)
		m := st.building[0]
		if len(st.building) > 1 && rng.IntN(3) == 0 {
			m = st.building[1]
		}
		if m == "座" && !isLetter(p.building) {
			m = "栋"
		}
		b.WriteString(m)
		if p.unit > 0 {
			b.WriteString(strconv.Itoa(p.unit))
			b.WriteString("单元")
		}
		if p.room > 0 {
			b.WriteString(strconv.Itoa(p.room))
			b.WriteString(st.room)
		}
	}
	s := b.String()
	if rng.Float64() < st.fullWidthP {
		s = fullWidth(s)
	}
	return s
}

func isLetter(s string) bool { return len(s) == 1 && s[0] >= 'A' && s[0] <= 'Z' }

// hanNumber writes 1–99 in Chinese numerals (十二, 二十, 五).
func hanNumber(n int) string {
	const d = "零一二三四五六七八九"
	digit := func(k int) string { return string([]rune(d)[k]) }
	switch {
	case n < 10:
		return digit(n)
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digit(n-10)
	case n%10 == 0:
		return digit(n/10) + "十"
	}
	return digit(n/10) + "十" + digit(n%10)
}

// fullWidth writes ASCII digits and letters as their full-width forms.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
			return r + 0xFEE0
		}
		return r
	}, s)
}
