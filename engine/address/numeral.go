package address

import "strconv"

// hanDigit returns the value 0–9 of a Chinese numeral digit (〇零一二…九, 两),
// or -1 when r is not one.
func hanDigit(r rune) int {
	switch r {
	case '〇', '零':
		return 0
	case '一':
		return 1
	case '二', '两':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	}
	return -1
}

// hanUnit returns the place value of 十, 百 or 千, or 0 when r is not one.
func hanUnit(r rune) int {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	case '千':
		return 1000
	}
	return 0
}

// isHanNumeral reports whether r is a Chinese numeral digit or place unit.
func isHanNumeral(r rune) bool { return hanDigit(r) >= 0 || hanUnit(r) > 0 }

// maxHanRun is the longest run of Chinese numerals converted to digits;
// longer runs are left as text.
const maxHanRun = 8

// appendHanNumber appends the Arabic digits of the Chinese numeral run to dst
// and reports whether the run was a well-formed number. Runs without a place
// unit are read digit by digit (五〇一 → 501, keeping leading zeros); runs
// with 十/百/千 are read positionally (二十三 → 23, 一百零五 → 105). Ambiguous
// colloquial forms such as 一百五 (150 or 105?) are rejected. On failure dst
// is returned unchanged.
func appendHanNumber(dst []byte, run []rune) ([]byte, bool) {
	if len(run) == 0 || len(run) > maxHanRun {
		return dst, false
	}
	positional := false
	for _, r := range run {
		if hanUnit(r) > 0 {
			positional = true
			break
		}
	}
	if !positional {
		for _, r := range run {
			d := hanDigit(r)
			if d < 0 {
				return dst, false
			}
			dst = append(dst, byte('0'+d))
		}
		return dst, true
	}
	total, cur, last := 0, -1, 10000
	zero := false // a 零 since the last place unit
	for _, r := range run {
		if d := hanDigit(r); d == 0 {
			if cur != -1 || last > 1000 || last < 100 { // 零 only fills a gap after 百 or 千
				return dst, false
			}
			zero = true
		} else if d > 0 {
			if cur != -1 {
				return dst, false
			}
			cur = d
		} else {
			u := hanUnit(r)
			if u >= last {
				return dst, false
			}
			if cur == -1 {
				if u != 10 || total != 0 || zero {
					return dst, false
				}
				cur = 1 // 十五 = 15
			}
			total += cur * u
			cur, last, zero = -1, u, false
		}
	}
	if cur != -1 {
		if last > 10 && !zero {
			return dst, false // 一百五: 150 colloquially, 105 literally
		}
		total += cur
	}
	return strconv.AppendInt(dst, int64(total), 10), true
}
