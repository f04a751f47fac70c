package address

import (
	"bytes"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// prefixes are the administrative levels above the county's townships, dropped
// from the start of an address, longest first where one contains another.
var prefixes = []string{
	"中国新疆维吾尔自治区", "中国新疆",
	"新疆维吾尔自治区", "新疆自治区", "新疆",
	"昌吉回族自治州", "昌吉州",
	"呼图壁县",
}

// townships are the official names of the county's townships, as Parse
// reports them.
var townships = []string{
	"呼图壁镇", "大丰镇", "五工台镇", "园户村镇", "二十里店镇", "雀尔沟镇",
	"石梯子哈萨克民族乡",
}

// townshipAliases maps other written forms of a township name to the
// official one. Only a township at the start of an address is rewritten.
var townshipAliases = []struct{ alias, name string }{
	{"石梯子哈萨克族乡", "石梯子哈萨克民族乡"},
	{"石梯子民族乡", "石梯子哈萨克民族乡"},
	{"石梯子乡", "石梯子哈萨克民族乡"},
}

// Townships returns the official names of the county's townships (乡镇) that
// Parse recognises, in code order.
func Townships() []string { return append([]string(nil), townships...) }

// Normalize returns the form of an address used for matching and keys. It
//
//   - folds full-width digits, letters and punctuation to ASCII and ASCII
//     letters to upper case, and circled digits ①…⑳ to digits;
//   - removes spaces, control characters, invalid UTF-8 and punctuation,
//     keeping '-' only between two ASCII letters or digits (12-3号);
//   - drops a leading 新疆(维吾尔自治区), 中国新疆, 昌吉州, 昌吉回族自治州 and
//     呼图壁县 (中国 alone may begin a name such as 中国银行家属院);
//   - rewrites a leading 石梯子乡 (and variants) as 石梯子哈萨克民族乡;
//   - turns Chinese numerals into digits where they number something: before
//     栋/幢/座/号楼, 单元, 室, 组/队 and 期 (三栋 → 3栋, 五组 → 5组), before 号 after
//     a road, village, group, building or unit (园林路十八号 → 园林路18号), and at
//     the end after 栋 or 单元 (a room); a 第 before such a number goes
//     (第三组, 第3组 → 3组). Numerals
//     inside names (二十里店镇, 五工台镇, 二中, 十八户村) are never touched;
//   - writes 幢, 座, 号楼 and # after a building number as 栋 (3#楼 → 3栋);
//   - expands the shorthand B-U-R after a compound or house number, and U-R
//     after 栋, to B栋U单元R室 (锦华苑3-2-501 → 锦华苑3栋2单元501室).
//
// Normalize is idempotent and always returns valid UTF-8. It returns s itself
// when s is already normal.
func Normalize(s string) string {
	// One buffer for both passes (fold never lengthens its input; rewrite
	// lengthens it little: # → 栋, shorthands), on the stack for typical
	// addresses, so that a normal address costs no allocation at all.
	var stack [384]byte
	buf := stack[:0]
	if n := 2*len(s) + 32; n > len(stack) {
		buf = make([]byte, 0, n)
	}
	b := fold(buf[:0:len(s)], s)
	for stripped := true; stripped; {
		stripped = false
		for _, p := range prefixes {
			if bytes.HasPrefix(b, []byte(p)) {
				b = b[len(p):]
				stripped = true
			}
		}
	}
	out := buf[len(s):len(s)]
	for _, t := range townshipAliases {
		if bytes.HasPrefix(b, []byte(t.alias)) {
			out = append(out, t.name...)
			b = b[len(t.alias):]
			break
		}
	}
	out = rewrite(out, b)
	out = dropOrdinals(out)
	if string(out) == s {
		return s
	}
	return string(out)
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
	markAlways   // 栋 幢 座 号楼 单元 室 组 队 期: always a number
	markHouse    // 号: a house number only after a road, village, group, building or unit
	markRoomTail // end of string: a room only after 栋 or 单元
)

// markerAfter classifies the text that follows a run of Chinese numerals.
func markerAfter(b []byte) int {
	if len(b) == 0 {
		return markRoomTail
	}
	for _, m := range [...]string{"栋", "幢", "座", "号楼", "单元", "室", "组", "队", "期"} {
		if bytes.HasPrefix(b, []byte(m)) {
			return markAlways
		}
	}
	if bytes.HasPrefix(b, []byte("号")) {
		return markHouse
	}
	return markNone
}

// houseContext reports whether out ends with something a 号 number belongs
// to: a road suffix, 村 (or 村委会), 组, 队, 栋 or 单元.
func houseContext(out []byte) bool {
	switch lastRune(out) {
	case '路', '街', '道', '巷', '村', '组', '队', '栋':
		return true
	}
	return bytes.HasSuffix(out, []byte("单元")) || bytes.HasSuffix(out, []byte("委会")) ||
		bytes.HasSuffix(out, []byte("委员会"))
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
		r, size := utf8.DecodeRune(b[i:])
		if r == '第' || isHanNumeral(r) {
			start := i
			if r == '第' {
				start += size
			}
			// Collect the run of numerals.
			j, n := start, 0
			for j < len(b) {
				rr, sz := utf8.DecodeRune(b[j:])
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
				switch markerAfter(b[j:]) {
				case markAlways:
					conv = true
				case markHouse:
					conv = houseContext(out)
				case markRoomTail:
					conv = lastRune(out) == '栋' || bytes.HasSuffix(out, []byte("单元"))
				}
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
		default:
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// dropOrdinals removes each 第 followed by digits that number something
// (第3组 → 3组), working from the end so that 第第3组 loses both. A 第 right
// after an ASCII letter or digit stays, so that no run of them grows.
func dropOrdinals(out []byte) []byte {
	di := []byte("第")
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
		if m := markerAfter(out[e:]); m == markAlways || m == markHouse && houseContext(out[:k]) {
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
	case bytes.HasPrefix(b[i:], []byte("号")) && !bytes.HasPrefix(b[i:], []byte("号楼")):
		i += len("号")
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
