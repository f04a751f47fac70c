package address

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize returns the form of an address used for matching and keys. It
//
//   - folds full-width digits, letters and punctuation to ASCII and ASCII
//     letters to upper case, and circled digits ①…⑳ to digits;
//   - removes spaces, control characters, invalid UTF-8 and punctuation,
//     keeping '-' only between two ASCII letters or digits (12-3号);
//   - drops the divisions above the townships written first: the
//     gazetteer's prefixes, then by the suffix rules 中国, the provinces (in
//     full or short: 河南省, 河南), and names ending in 自治区, 自治州, 地区,
//     盟, 市, 州, 县, 旗 or 区 (a 区 only after a city or before a township)
//     that are followed by more of an address (中国银行家属院, 中州路 and
//     神州花园 stay);
//   - rewrites a township's alias at the start as its official name
//     (石梯子乡 → 石梯子哈萨克民族乡, when the gazetteer says so);
//   - turns Chinese numerals into digits where they number something: before
//     栋/幢/座/号楼, 单元, 室, 组/队/小组/村民小组 and 期 (三栋 → 3栋, 五组 →
//     5组), before 社 after a village (红光村三社 → 红光村3社), before 巷, 弄 and
//     段 after a road, before 号 after a road, lane, village, group,
//     building, unit or 附 (园林路十八号 → 园林路18号), and at the end after 栋
//     or 单元 (a room); a 第 before such a number goes (第三组, 第3组 → 3组).
//     Numerals inside names (二十里店镇, 五工台镇, 二中, 十八户村) are never
//     touched;
//   - writes 幢, 座, 号楼 and # after a building number as 栋 (3#楼 → 3栋), 房
//     after a room number at the end as 室 (502房 → 502室), 261号附1号 as
//     261附1号, and 居民委员会 as 居委会; drops a village committee's tail
//     (红山村委会, 红山村村委会, 红山村民委员会 → 红山村; 巴彦图嘎查委员会 →
//     巴彦图嘎查), but before a natural village ending in 村 writes it 委会
//     (陈庄村村民委员会王庄村 → 陈庄村委会王庄村);
//   - expands the shorthand B-U-R after a compound or house number, and U-R
//     after 栋, to B栋U单元R室 (锦华苑3-2-501 → 锦华苑3栋2单元501室).
//
// Normalize is idempotent and always returns valid UTF-8. It returns s itself
// when s is already normal.
func (p *Parser) Normalize(s string) string {
	// One buffer for both passes (fold never lengthens its input; rewrite
	// lengthens it little: # → 栋, shorthands), on the stack for typical
	// addresses, so that a normal address costs no allocation at all.
	var stack [384]byte
	buf := stack[:0]
	if n := 2*len(s) + 32; n > len(stack) {
		buf = make([]byte, 0, n)
	}
	b := fold(buf[:0:len(s)], s)
	out := normalText(buf[len(s):len(s)], b)
	// The divisions are stripped from the rewritten text: what follows them
	// reads the same with or without them (none of them ends a road,
	// village, group or building that a number would belong to), so that
	// Normalize stays idempotent.
	out = p.stripPrefixes(out)
	for _, a := range p.aliases {
		if hasPrefix(out, a.alias) && listed(p, out, 0, nameTownship) < 0 {
			return a.name + string(out[len(a.alias):])
		}
	}
	if string(out) == s {
		return s
	}
	return string(out)
}

// placeAt reports whether a listed name of any kind begins b.
func (p *Parser) placeAt(b []byte) bool {
	return listed(p, b, 0, nameTownship|nameAlias|nameCommunity|nameVillage) >= 0
}

// stripPrefixes drops the divisions written before the township: the
// gazetteer's prefixes and those of the suffix rules, in any order, until a
// listed name or something else begins the address.
func (p *Parser) stripPrefixes(b []byte) []byte {
	for {
		n := len(b)
		for _, pre := range p.prefixes {
			if hasPrefix(b, pre) && !p.placeAt(b) {
				b = b[len(pre):]
			}
		}
		if len(b) > 0 && b[0] >= utf8.RuneSelf {
			b = stripAdmin(b, p)
		}
		if len(b) == n {
			return b
		}
	}
}

// fold appends s to dst with characters folded and noise removed (the first
// two steps of Normalize).
func fold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			dst = appendASCII(dst, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= 0x4E00 && r <= 0x9FFF: // CJK unified ideographs: kept
			dst = append(dst, s[i-size:i]...)
		case r == utf8.RuneError && size == 1:
			// invalid UTF-8: dropped
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			dst = appendASCII(dst, byte(r-0xFEE0))
		case r >= 0x2460 && r <= 0x2473: // ①…⑳
			dst = strconv.AppendInt(dst, int64(r-0x2460+1), 10)
		case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE58, r == 0xFE63,
			r == 0x30FC, r == 0xFF70: // dashes, minus, ー
			dst = append(dst, '-')
		case unicode.IsSpace(r), unicode.IsControl(r), unicode.Is(unicode.Cf, r),
			unicode.IsPunct(r), unicode.IsSymbol(r):
			// noise: dropped
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	// Keep '-' only between two ASCII alphanumerics and '#' only after one.
	w := 0
	for i, c := range dst {
		switch c {
		case '-':
			if w == 0 || !isAlnum(dst[w-1]) {
				continue
			}
			j := i + 1
			for j < len(dst) && dst[j] == '-' {
				j++
			}
			if j == len(dst) || !isAlnum(dst[j]) {
				continue
			}
		case '#':
			if w == 0 || !isAlnum(dst[w-1]) {
				continue
			}
		}
		dst[w] = c
		w++
	}
	return dst[:w]
}

// appendASCII appends an ASCII character as Normalize keeps it: letters
// upper-cased, digits, '-' and '#' kept, everything else dropped.
func appendASCII(dst []byte, c byte) []byte {
	switch {
	case c >= 'a' && c <= 'z':
		return append(dst, c-'a'+'A')
	case c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '#':
		return append(dst, c)
	}
	return dst
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// lastRune returns the last rune of b, or -1 when b is empty.
func lastRune(b []byte) rune {
	if len(b) == 0 {
		return -1
	}
	r, _ := utf8.DecodeLastRune(b)
	return r
}

// numeral marker kinds: what follows a run of Chinese numerals.
const (
	markNone     = iota
	markAlways   // 栋 幢 座 号楼 单元 室 组 队 小组 村民小组 期: always a number
	markHouse    // 号: a house number only in a house context (see houseContext)
	markGroup    // 社: a village group only after a village
	markLane     // 巷 弄 段: only after a road
	markRoomTail // end of string: a room only after 栋 or 单元
)

// markerAfter classifies the text that follows a run of Chinese numerals (a
// 附 and its number count as 号: 二百六十一附一号).
func markerAfter(b []byte) int {
	if len(b) == 0 {
		return markRoomTail
	}
	for _, m := range [...]string{"栋", "幢", "座", "号楼", "单元", "室", "组", "队", "期", "小组", "村民小组"} {
		if bytes.HasPrefix(b, []byte(m)) {
			return markAlways
		}
	}
	switch {
	case bytes.HasPrefix(b, []byte("号")), annexAt(b):
		return markHouse
	case bytes.HasPrefix(b, []byte("社")) && !bytes.HasPrefix(b, []byte("社区")),
		bytes.HasPrefix(b, []byte("经济社")), bytes.HasPrefix(b, []byte("经济合作社")), bytes.HasPrefix(b, []byte("合作社")):
		return markGroup
	case bytes.HasPrefix(b, []byte("巷")), bytes.HasPrefix(b, []byte("弄")), bytes.HasPrefix(b, []byte("段")):
		return markLane
	}
	return markNone
}

// markerContext reports whether a numeral before a marker of kind m, written
// after out, numbers something.
func markerContext(m int, out []byte) bool {
	switch m {
	case markAlways:
		return true
	case markHouse:
		return houseContext(out)
	case markGroup:
		return groupContext(out)
	case markLane:
		return roadContext(out)
	case markRoomTail:
		return lastRune(out) == '栋' || bytes.HasSuffix(out, []byte("单元"))
	}
	return false
}

// houseContext reports whether out ends with something a 号 number belongs
// to: a road (with its direction: 大道北), lane or section, a village
// (村, 村委会, 嘎查, 屯), a group (组, 队, 社), 栋, 单元, or 附.
func houseContext(out []byte) bool {
	switch lastRune(out) {
	case '路', '街', '道', '巷', '村', '组', '队', '栋', '弄', '附', '屯', '社', '同', '查', '段':
		return true
	case '东', '西', '南', '北', '中':
		return roadContext(out[:len(out)-len("东")])
	}
	return bytes.HasSuffix(out, []byte("单元")) || bytes.HasSuffix(out, []byte("委会")) ||
		bytes.HasSuffix(out, []byte("委员会"))
}

// groupContext reports whether out ends with a village: 村, 屯, 嘎查 or a
// village committee.
func groupContext(out []byte) bool {
	switch lastRune(out) {
	case '村', '屯':
		return true
	}
	return bytes.HasSuffix(out, []byte("嘎查")) || bytes.HasSuffix(out, []byte("委会")) ||
		bytes.HasSuffix(out, []byte("委员会"))
}

// roadContext reports whether out ends with a road suffix (路, 街, 道, 巷,
// 胡同).
func roadContext(out []byte) bool {
	switch lastRune(out) {
	case '路', '街', '道', '巷':
		return true
	}
	return bytes.HasSuffix(out, []byte("胡同"))
}

// rewrite appends b to out with numerals converted and building markers and
// hyphen shorthands rewritten (the last three steps of Normalize). b has been
// through fold.
func rewrite(out, b []byte) []byte {
	var run [maxHanRun]rune
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == '#' { // fold keeps '#' only after an alphanumeric
				out = append(out, "栋"...)
				i++
				if bytes.HasPrefix(b[i:], []byte("楼")) {
					i += len("楼")
				}
				continue
			}
			if isAlnum(c) && (len(out) == 0 || !isAlnum(out[len(out)-1]) && out[len(out)-1] != '-') {
				if o, n, ok := shorthand(out, b[i:]); ok {
					out, i = o, i+n
					continue
				}
			}
			out = append(out, c)
			i++
			continue
		}
		r, size := decode(b, i)
		if r == '第' || isHanNumeral(r) {
			start := i
			if r == '第' {
				start += size
			}
			// Collect the run of numerals.
			j, n := start, 0
			for j < len(b) {
				rr, sz := decode(b, j)
				if !isHanNumeral(rr) {
					break
				}
				if n < len(run) {
					run[n] = rr
				}
				n++
				j += sz
			}
			if n == 0 { // a 第 not followed by Chinese numerals
				out = append(out, b[i:i+size]...)
				i += size
				continue
			}
			conv := false
			// A numeral right after an ASCII letter or digit is not a number
			// of its own: converting it would lengthen that run.
			if n <= len(run) && (len(out) == 0 || !isAlnum(out[len(out)-1])) {
				conv = markerContext(markerAfter(b[j:]), out)
			}
			if conv {
				if o, ok := appendHanNumber(out, run[:n]); ok {
					out, i = o, j
					continue
				}
			}
			out = append(out, b[i:j]...)
			i = j
			continue
		}
		afterAlnum := len(out) > 0 && isAlnum(out[len(out)-1])
		switch {
		case afterAlnum && (r == '幢' || r == '座'):
			out = append(out, "栋"...)
		case afterAlnum && r == '号' && bytes.HasPrefix(b[i+size:], []byte("楼")):
			out = append(out, "栋"...)
			size += len("楼")
		case afterAlnum && r == '号' && annexAt(b[i+size:]):
			// 261号附1号: the 号 before 附 goes.
		case afterAlnum && r == '房' && i+size == len(b):
			out = append(out, "室"...)
		case r == '居' && bytes.HasPrefix(b[i:], []byte("居民委员会")):
			out = append(out, "居委会"...)
			size = len("居民委员会")
		default:
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// normalText appends the folded text b to out rewritten as Normalize
// rewrites it (all but the divisions and aliases).
func normalText(out, b []byte) []byte {
	start := len(out)
	out = rewrite(out, b)
	tail := dropTails(dropOrdinals(out[start:]))
	return out[:start+len(tail)]
}

// dropTails removes the tails of committees: a village committee's
// (红山村委会 → 红山村, but 委会 is written before a natural village ending in
// 村: 陈庄村村民委员会王庄村 → 陈庄村委会王庄村) and the 居委会 after a
// community (北园社区居委会 → 北园社区). It works in place on the rewritten
// text, so that what it decides from reads the same on a second pass.
func dropTails(out []byte) []byte {
	if !bytes.Contains(out, []byte("委")) {
		return out
	}
	w := 0
	for i := 0; i < len(out); {
		if out[i] >= utf8.RuneSelf {
			if villageOwner(out[:w]) {
				if t := committeeTail(out[i:]); t > 0 {
					if hamletAfter(out[i+t:]) {
						w += copy(out[w:], "委会")
					}
					i += t
					continue
				}
			}
			if bytes.HasSuffix(out[:w], []byte("社区")) && bytes.HasPrefix(out[i:], []byte("居委会")) {
				i += len("居委会")
				continue
			}
		}
		_, size := utf8.DecodeRune(out[i:])
		w += copy(out[w:], out[i:i+size])
		i += size
	}
	return out[:w]
}

// villageOwner reports whether out ends with what a committee tail (村委会)
// belongs to: a name ending in 村, 屯 or 嘎查.
func villageOwner(out []byte) bool {
	r, size := utf8.DecodeLastRune(out)
	switch {
	case r == '村', r == '屯':
	case r == '查' && bytes.HasSuffix(out, []byte("嘎查")):
		size = len("嘎查")
	default:
		return false
	}
	if len(out) == size {
		return false // 村 alone
	}
	before, _ := utf8.DecodeLastRune(out[:len(out)-size])
	// A name, not 3村, 3号村 or 第村.
	return before >= 0x4E00 && before <= 0x9FFF && !strings.ContainsRune(notInPlaceNames, before)
}

// notInPlaceNames are characters of committees, numbers and buildings that
// no village or natural village name holds (刘楼村 and 桃园村 are names).
const notInPlaceNames = "委会号组队社栋室元期第附座幢弄"

// committeeTail returns the length of the village committee's tail b
// starts with (村民委员会, 村委会, 民委员会, 委员会, 委会), or 0.
func committeeTail(b []byte) int {
	for _, t := range villageTails {
		if bytes.HasPrefix(b, []byte(t)) {
			return len(t)
		}
	}
	return 0
}

// hamletAfter reports whether b starts with a natural village written after
// its village's committee: a run of at least two Han characters ending in
// 村 (not 自然村), with no character of a committee, road, compound or
// building in it, then the end or a non-Han character.
func hamletAfter(b []byte) bool {
	e := 0
	for e < len(b) && b[e] >= utf8.RuneSelf {
		e++
	}
	h := b[:e]
	if utf8.RuneCount(h) < 2 || !bytes.HasSuffix(h, []byte("村")) || bytes.HasSuffix(h, []byte("自然村")) {
		return false
	}
	return !bytes.ContainsAny(h, notInPlaceNames)
}

// annexAt reports whether b starts with 附 and a number (附1, 附一, 附第一):
// the annex of a house number (261号附1号).
func annexAt(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("附")) {
		return false
	}
	b = b[len("附"):]
	if len(b) > 0 && isDigit(b[0]) {
		return true
	}
	r, _ := utf8.DecodeRune(b)
	return isHanNumeral(r) || r == '第'
}

// dropOrdinals removes each 第 followed by digits that number something
// (第3组 → 3组), working from the end so that 第第3组 loses both. A 第 right
// after an ASCII letter or digit stays, so that no run of them grows.
func dropOrdinals(out []byte) []byte {
	di := []byte("第")
	if bytes.Index(out, di) < 0 {
		return out
	}
	for end := len(out); ; {
		k := bytes.LastIndex(out[:end], di)
		if k < 0 {
			return out
		}
		end = k
		j := k + len(di)
		e := j
		for e < len(out) && isDigit(out[e]) {
			e++
		}
		if e == j || k > 0 && isAlnum(out[k-1]) {
			continue
		}
		if m := markerAfter(out[e:]); m != markRoomTail && markerContext(m, out[:k]) {
			out = append(out[:k], out[j:]...)
		}
	}
}

// shorthand rewrites the building-unit-room shorthand at the start of b
// (which begins an ASCII alphanumeric run): U-R after 栋, and B-U-R after
// anything but a road, village or group (where a hyphenated number is a
// house number), each followed by the end, 室 or 号. It returns the new out,
// the bytes of b consumed, and whether it applied.
func shorthand(out, b []byte) ([]byte, int, bool) {
	var parts [3][]byte
	n, i := 0, 0
	for {
		j := i
		for j < len(b) && isAlnum(b[j]) {
			j++
		}
		if j == i || n == len(parts) {
			return out, 0, false
		}
		parts[n] = b[i:j]
		n++
		i = j
		if i < len(b) && b[i] == '-' {
			i++
			continue
		}
		break
	}
	switch {
	case i == len(b):
	case bytes.HasPrefix(b[i:], []byte("室")):
		i += len("室")
	case bytes.HasPrefix(b[i:], []byte("号")) && !bytes.HasPrefix(b[i:], []byte("号楼")) && !annexAt(b[i+len("号"):]):
		i += len("号")
	case bytes.HasPrefix(b[i:], []byte("房")) && i+len("房") == len(b):
		i += len("房")
	default:
		return out, 0, false
	}
	prev := lastRune(out)
	switch {
	case n == 2 && prev == '栋':
		out = append(out, parts[0]...)
		out = append(out, "单元"...)
		out = append(out, parts[1]...)
	case n == 3 && !houseContext(out) && prev != '室':
		out = append(out, parts[0]...)
		out = append(out, "栋"...)
		out = append(out, parts[1]...)
		out = append(out, "单元"...)
		out = append(out, parts[2]...)
	default:
		return out, 0, false
	}
	return append(out, "室"...), i, true
}
