package dataset

import (
	"bufio"
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// excelUTF8 says how Excel saves a CSV file as UTF-8.
const excelUTF8 = " (Excel: 另存为 → CSV UTF-8 (逗号分隔))"

// guessEncoding names the likely encoding of text that is not UTF-8:
// "UTF-16" (a UTF-16 byte order mark, or NUL bytes in a quarter of it, as
// Excel's "Unicode text" writes), "GBK" (as Excel writes CSV on Chinese
// Windows: more of its bytes above ASCII fail as UTF-8 than make UTF-8
// characters, and it decodes as GB 18030, GBK's superset, without a
// replacement character and into two Chinese characters or more), or ""
// when neither fits: a stray byte in UTF-8 text is no encoding's.
func guessEncoding(b []byte) string {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return "UTF-16"
	}
	if len(b) >= 2 && bytes.Count(b, []byte{0})*4 >= len(b) {
		return "UTF-16"
	}
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	if invalid <= valid {
		return ""
	}
	s, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil || bytes.ContainsRune(s, utf8.RuneError) {
		return ""
	}
	han := 0
	for _, r := range string(s) {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	if han >= 2 {
		return "GBK"
	}
	return ""
}

// notUTF8 is the message for text in another encoding, or "invalid
// UTF-8" when there is no guess.
func notUTF8(guess string) string {
	switch guess {
	case "GBK":
		return "not UTF-8: looks like GBK (GB 18030), as Excel saves CSV on Chinese Windows: save it as UTF-8"
	case "UTF-16":
		return "not UTF-8: looks like UTF-16, as Excel saves \"Unicode text\": save it as UTF-8"
	}
	return "invalid UTF-8"
}

// sniffCSV looks at the start of a CSV file, after its byte order mark,
// for what makes it unreadable as a whole: text in another encoding (UTF-16,
// or GBK where the first bytes that are not UTF-8 decode as GBK), or line
// ends that are CR alone. It returns the line and the message, or "" when
// the start looks like UTF-8 text with LF or CRLF line ends. Bytes that are
// not UTF-8 but not GBK either are left for the cells to report.
func sniffCSV(br *bufio.Reader) (line int, msg string) {
	p, err := br.Peek(br.Size())
	full := err == nil
	if len(p) == 0 {
		return 0, ""
	}
	if g := guessEncoding(p[:min(len(p), 4096)]); g == "UTF-16" {
		return 1, notUTF8(g) + excelUTF8
	}
	if i := firstInvalidUTF8(p, full); i >= 0 {
		// Decode whole lines only, so that a character cut at the end of
		// what was peeked does not spoil the guess.
		text := p
		if full {
			if j := bytes.LastIndexByte(p, '\n'); j > i {
				text = p[:j+1]
			}
		}
		if g := guessEncoding(text); g != "" {
			return 1 + bytes.Count(p[:i], []byte{'\n'}), notUTF8(g) + excelUTF8
		}
	}
	if bytes.IndexByte(p, '\n') < 0 {
		if i := bytes.IndexByte(p, '\r'); i >= 0 && i < len(bytes.TrimRight(p, "\r"))-1 {
			return 1, "line ends are CR alone (as classic Mac OS wrote them), so the file reads as one line: save it with LF or CRLF line ends"
		}
	}
	return 0, ""
}

// firstInvalidUTF8 returns the offset of the first byte of b that is not
// UTF-8, or −1. When b is cut from a longer text (full), a character
// incomplete at its end is not counted.
func firstInvalidUTF8(b []byte, full bool) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			if full && !utf8.FullRune(b[i:]) {
				return -1
			}
			return i
		}
		i += size
	}
	return -1
}

// separators are what a CSV file written with another separator than the
// comma shows in its one-field header.
var separators = []struct{ sep, name string }{
	{";", `";" (a semicolon)`},
	{"\t", "a tab"},
	{"，", `"，" (a full-width comma)`},
	{"|", `"|" (a vertical bar)`},
}

// otherSeparator names the separator a one-field header seems to use, or
// "".
func otherSeparator(header string) string {
	for _, s := range separators {
		if strings.Contains(header, s.sep) {
			return s.name
		}
	}
	return ""
}
