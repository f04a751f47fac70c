package address

import "unicode/utf8"

// The suffix rules that read the administrative levels of an address without
// a gazetteer: the levels above the county's townships (省, 自治区, 市, 州,
// 地区, 盟, 县, 旗, 区, ...) written before them, and the townships (镇, 乡,
// 街道, 苏木) themselves. Only the 34 provincial-level names are a table: they
// are the same for every county, and people write them without their suffix
// (河南郸城县, 新疆昌吉州).

// provinces are China's provincial-level divisions, full names first.
var provinces = []string{
	"北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
	"江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
	"广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省",
	"内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
	"香港特别行政区", "澳门特别行政区",
}

// provinceShort are the provinces' names without their suffix, as people
// write them before a prefecture or county (河南周口市).
var provinceShort = []string{
	"北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
	"福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
	"甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
}

// provinceByHead indexes provinces and provinceShort by their first rune,
// full names first.
var provinceByHead = func() map[rune][]provinceName {
	m := map[rune][]provinceName{}
	for _, full := range []bool{true, false} {
		names := provinceShort
		if full {
			names = provinces
		}
		for _, s := range names {
			r, _ := utf8.DecodeRuneInString(s)
			m[r] = append(m[r], provinceName{s, full})
		}
	}
	return m
}()

type provinceName struct {
	name string
	full bool
}

// province returns the length of the province name b starts with and
// whether it is a full name, or 0.
func province[T text](b T) (int, bool) {
	if len(b) == 0 || b[0] < utf8.RuneSelf {
		return 0, false
	}
	r, _ := decode(b, 0)
	for _, p := range provinceByHead[r] { // full names first: 北京市 before 北京
		if hasPrefix(b, p.name) {
			return len(p.name), p.full
		}
	}
	return 0, false
}

// Administrative suffix classes.
const (
	adminStrong   = iota + 1 // 省 自治区 自治州 自治县 自治旗 地区 盟 特别行政区: always a division
	adminCity                // 市 州: a city or prefecture
	adminCounty              // 县 旗
	adminDistrict            // 区: a district only after a city or before a township
)

// notDistricts end names that are not districts though they end in 区.
var notDistricts = []string{
	"小区", "社区", "园区", "校区", "片区", "街区", "景区", "厂区", "矿区", "营区", "生活区", "住宅区",
	"商业区", "工业区", "开发区", "示范区", "保护区", "服务区", "东区", "西区", "南区", "北区", "中区",
}

// adminBarrier reports whether r, met inside a leading name, ends the search
// for an administrative suffix: it belongs to a lower level (镇 乡 村 路 ...).
func adminBarrier(r rune) bool {
	switch r {
	case '镇', '乡', '村', '路', '街', '道', '巷', '弄', '号', '组', '队', '社', '屯', '委':
		return true
	}
	return false
}

// adminAt reports the administrative suffix b starts with.
func adminAt[T text](b T) (size, kind int) {
	if len(b) < 3 {
		return 0, 0
	}
	switch r, _ := decode(b, 0); r {
	case '省', '盟':
		return 3, adminStrong
	case '市', '州':
		return 3, adminCity
	case '县', '旗':
		return 3, adminCounty
	case '区':
		return 3, adminDistrict
	case '特', '自', '地':
		for _, s := range [...]string{"特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区"} {
			if hasPrefix(b, s) {
				return len(s), adminStrong
			}
		}
	}
	return 0, 0
}

// adminSegment returns the end of the division name at the start of b by
// the suffix rules, and its kind, or 0: a name of at least one character (two
// for all but 县) ending in an administrative suffix, with no character of a
// lower level in it, followed by more of the address. afterCity says that a
// city or higher level was stripped just before: what follows then only must
// not continue the name (中州路, 市场, 县委). Otherwise a city, county or
// district name must be followed by a structured address (see structured),
// unless lenient.
func adminSegment[T text](b T, afterCity, lenient bool) (int, int) {
	runes := 0
	for i := 0; i < len(b) && b[i] >= utf8.RuneSelf && runes <= 12; {
		r, size := decode(b, i)
		if runes >= 1 {
			if n, kind := adminAt(b[i:]); n > 0 {
				if end := i + n; adminAccept(b, end, runes, kind, afterCity, lenient) {
					return end, kind
				}
			}
		}
		// 新乡市, 镇江市, 乡城县: 镇 or 乡 first, or right before the suffix.
		if runes > 0 && adminBarrier(r) {
			if n, _ := adminAt(b[i+size:]); n == 0 || r != '乡' && r != '镇' {
				return 0, 0
			}
		}
		i += size
		runes++
	}
	return 0, 0
}

// adminAccept decides a candidate division name b[:end] of runes characters
// before its suffix.
func adminAccept[T text](b T, end, runes, kind int, afterCity, lenient bool) bool {
	seg, rest := b[:end], b[end:]
	if len(rest) == 0 || rest[0] < utf8.RuneSelf {
		return false
	}
	if kind != adminCounty && runes < 2 || runes < 2 && hasSuffix(seg, "旗") {
		return false // 红旗路
	}
	if kind == adminCity && hasSuffix(seg, "超市") {
		return false
	}
	if kind == adminDistrict {
		for _, s := range notDistricts {
			if hasSuffix(seg, s) {
				return false
			}
		}
	}
	if follower(rest) {
		// 郸城县城关镇 is 郸城县 + 城关镇, 郸城县府前街8号 is 郸城县 +
		// 府前街8号; 老县城小区 and 中州大道 are no divisions.
		return structured(rest)
	}
	if kind == adminStrong || afterCity || lenient {
		return true
	}
	return structured(rest)
}

// structured reports whether rest begins with what follows a division in an
// address: another division, a township, a road with a house number, a
// community or a village. 中州大道12号 and 神州花园3栋 are not divisions.
func structured[T text](rest T) bool {
	if n, _ := province(rest); n > 0 {
		return true
	}
	if n, _ := adminSegment(rest, false, true); n > 0 {
		return true
	}
	if townshipEnd(rest, 0) > 0 {
		return true
	}
	he := 0
	for he < len(rest) && rest[he] >= utf8.RuneSelf {
		he++
	}
	run := rest[:he]
	for _, c := range [...]string{"社区", "居委会"} {
		for i := 0; i+len(c) <= len(run); i++ {
			if hasPrefix(run[i:], c) {
				return true
			}
		}
	}
	// A village: a 村, 嘎查 or 屯, its committee, ending the run before a
	// number or the end (红山村5组, 巴彦图嘎查委员会3组, 王庄村王家屯12号).
	numberNext := he == len(rest) || isDigit(rest[he])
	for i := 0; i < he; {
		r, size := decode(run, i)
		end := 0
		switch {
		case r == '村', r == '屯':
			end = i + size
		case r == '嘎' && hasPrefix(run[i:], "嘎查"):
			end = i + len("嘎查")
		}
		if end > 0 && i > 0 {
			for _, t := range villageTails {
				if hasPrefix(run[end:], t) {
					end += len(t)
					break
				}
			}
			if end == he && numberNext || end < he && hasPrefix(run[end:], "委") {
				return true
			}
		}
		i += size
	}
	// A road of a name of two or more characters, then a number, its
	// direction between them (南海大道北238号).
	runes := 0
	for i := 0; i < he; {
		r, size := decode(run, i)
		if runes >= 2 && roadSuffix(r) {
			j := i
			for j < he {
				if r, size := decode(run, j); roadSuffix(r) {
					j += size
					continue
				}
				break
			}
			if j < he {
				if r, size := decode(run, j); isDirection(r) {
					j += size
				}
			}
			return j == he && he < len(rest) && isDigit(rest[he])
		}
		i += size
		runes++
	}
	return false
}

// followerWords, and the characters of follower, written right after a name
// ending in an administrative suffix, may make it part of a longer name
// (中州路, 神州花园, 市场, 县委, 中州大道) rather than a division.
var followerWords = []string{"花园", "家园", "小区", "公寓", "大厦", "广场", "中心", "胡同", "小学", "中学",
	"医院", "学校", "新村", "商场", "大道", "大街", "东路", "西路", "南路", "北路", "中路", "东街", "西街",
	"南街", "北街"}

func follower[T text](rest T) bool {
	r, _ := decode(rest, 0)
	switch r {
	case '路', '街', '道', '巷', '弄', '村', '屯', '场', '民', '政', '委', '府', '级', '直', '属', '郊',
		'区', '城':
		return true
	}
	for _, w := range followerWords {
		if hasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// stripAdmin returns b without the administrative prefix the suffix rules
// find at its start: 中国, provinces, and divisions ending in an
// administrative suffix, repeatedly, until a name of p's gazetteer begins
// b.
func stripAdmin(b []byte, p *Parser) []byte {
	afterCity := false
	for len(b) > 0 && b[0] >= utf8.RuneSelf && !p.placeAt(b) {
		if hasPrefix(b, "中国") {
			rest := b[len("中国"):]
			n, _ := province(rest)
			if n == 0 {
				n, _ = adminSegment(rest, false, false)
			}
			if n > 0 {
				b = rest
				continue
			}
		}
		if n, full := province(b); n > 0 {
			rest := b[n:]
			ok := false
			if full {
				ok = len(rest) > 0 && rest[0] >= utf8.RuneSelf && (!follower(rest) || structured(rest))
			} else {
				// 北京南路 is a road: a short name needs a division or
				// township after it.
				m, _ := adminSegment(rest, true, false)
				ok = m > 0 || townshipEnd(rest, 0) > 0
			}
			if ok {
				b, afterCity = rest, true
				continue
			}
		}
		n, kind := adminSegment(b, afterCity, false)
		if n == 0 {
			break
		}
		b = b[n:]
		afterCity = kind == adminStrong || kind == adminCity
	}
	return b
}

// townshipSuffix returns the length of the township suffix (镇, 乡, 街道,
// 苏木) n starts with, or 0.
func townshipSuffix[T text](n T) int {
	for _, s := range [...]string{"镇", "乡", "街道", "苏木"} {
		if hasPrefix(n, s) {
			return len(s)
		}
	}
	return 0
}

// townshipEnd returns the end of the township name (…镇, …乡, …街道, …苏木) at
// pos of n by the suffix rules, or -1: a name of one to twelve characters
// without a road, group, house or committee character in it (but 华阳路街道,
// 宜路镇, 园户村镇), whose suffix is not followed by one that makes it part of
// another name (新乡村 is a village, 新镇路 a road, 新镇小区 a compound).
func townshipEnd[T text](n T, pos int) int {
	runes := 0
	for i := pos; i < len(n) && n[i] >= utf8.RuneSelf && runes <= 12; {
		r, size := decode(n, i)
		if runes >= 1 {
			end := -1
			switch r {
			case '镇', '乡':
				end = i + size
			case '街', '苏':
				if s := townshipSuffix(n[i:]); s > 0 {
					end = i + s
				}
			}
			if end > 0 && !townshipFollower(n, end) {
				return end
			}
		}
		switch r {
		case '巷', '弄', '号', '组', '队', '社', '委':
			return -1
		case '路', '村':
			// 华阳路街道, 宜路镇, 仙霞新村街道, 园户村镇: a 路 or 村 inside
			// the name only right before the suffix.
			if townshipSuffix(n[i+size:]) == 0 {
				return -1
			}
		case '街':
			if !hasPrefix(n[i:], "街道") {
				return -1
			}
		}
		i += size
		runes++
	}
	return -1
}

// townshipFollower reports whether what follows a township suffix at end
// makes the name part of something else.
func townshipFollower[T text](n T, end int) bool {
	if end == len(n) {
		return false
	}
	r, _ := decode(n, end)
	switch r {
	case '村', '路', '街', '道', '巷', '弄', '屯', '区', '场', '委', '级', '镇', '乡':
		return true
	case '小', '花', '家', '公', '新', '广', '大', '山', '宿': // the first characters of bareSuffixes
	default:
		return false
	}
	rest := n[end:]
	for _, b := range bareSuffixes {
		if hasPrefix(rest, b) && (len(rest) == len(b) || rest[len(b)] < utf8.RuneSelf) {
			return true
		}
	}
	return false
}
