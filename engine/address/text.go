package address

import "unicode/utf8"

// text is the normalised text the rules read: a string, or the bytes of
// Normalize's buffer before they become one.
type text interface{ ~string | ~[]byte }

func hasPrefix[T text](s T, p string) bool { return len(s) >= len(p) && string(s[:len(p)]) == p }

func hasSuffix[T text](s T, p string) bool {
	return len(s) >= len(p) && string(s[len(s)-len(p):]) == p
}

// decode returns the rune at s[i] and its size. s is valid UTF-8 (folded
// text); an invalid byte reads as utf8.RuneError of size 1.
func decode[T text](s T, i int) (rune, int) {
	c := s[i]
	switch {
	case c < utf8.RuneSelf:
		return rune(c), 1
	case c >= 0xE0 && c < 0xF0 && i+2 < len(s):
		return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	case c >= 0xC0 && c < 0xE0 && i+1 < len(s):
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	case c >= 0xF0 && i+3 < len(s):
		return rune(c&0x07)<<18 | rune(s[i+1]&0x3F)<<12 | rune(s[i+2]&0x3F)<<6 | rune(s[i+3]&0x3F), 4
	}
	return utf8.RuneError, 1
}
