package dataset

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong with (or, as a warning, worth knowing about) a
// dataset, at a line of one of its files.
type Problem struct {
	// File is the file as the user knows it: its name within the fs.FS given
	// to Load, or joined with the folder given to LoadDir or WithDisplayDir.
	File string
	// Line is the 1-based physical line of File where the record at fault
	// starts; the header is line 1 of a CSV file. A problem of the whole file
	// (a missing file, an empty file, a missing column, a file that is not a
	// FeatureCollection) is reported at line 1. Line 0 is the file or folder
	// as a whole, without a line: one that is not a regular file, a folder
	// not found, references not checked against a file with errors.
	Line int
	// Msg says what is wrong, naming the column or key and the bad value.
	Msg string
}

// String renders the problem as FILE:LINE: message, or FILE: message at
// line 0.
func (p Problem) String() string {
	if p.Line == 0 {
		return p.File + ": " + p.Msg
	}
	return p.File + ":" + strconv.Itoa(p.Line) + ": " + p.Msg
}

// Problems is every problem Load found in a dataset: first those that keep
// a file or a record of it from being read (a missing or unreadable file,
// another encoding, malformed CSV, a bad header), then the others, each
// group sorted by file and then by line. It is the error Load returns; use
// errors.As to get at the list.
type Problems []Problem

// Error renders one FILE:LINE: message a line, in the order of the list.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// sortProblems orders problems by file and then line, keeping the order in
// which they were found within a line.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if c := cmp.Compare(a.File, b.File); c != 0 {
			return c
		}
		return cmp.Compare(a.Line, b.Line)
	})
}

// MaxLineBytes is the longest line, in bytes without its newline, that Load
// reads from a dataset file; a longer line is a problem, and the rest of its
// file is not read.
const MaxLineBytes = 1 << 20

// errLongLine reports a line longer than MaxLineBytes.
type errLongLine struct{ line int }

func (e *errLongLine) Error() string {
	return fmt.Sprintf("dataset: line %d longer than %d bytes", e.line, MaxLineBytes)
}

// lineLimiter passes a reader through until a line exceeds max bytes, and
// then fails with *errLongLine, so that no reader above it (bufio, csv) ever
// buffers more than max bytes of one line.
type lineLimiter struct {
	r    io.Reader
	max  int
	cur  int // bytes of the current line read so far, without '\n'
	line int // 1-based number of the current line
	err  error
}

func newLineLimiter(r io.Reader) *lineLimiter {
	return &lineLimiter{r: r, max: MaxLineBytes, line: 1}
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	b := p[:n]
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '\n')
		seg := j
		if j < 0 {
			seg = len(b) - i
		}
		if l.cur+seg > l.max {
			l.err = &errLongLine{line: l.line}
			return i + (l.max - l.cur), l.err
		}
		if j < 0 {
			l.cur += seg
			break
		}
		l.cur = 0
		l.line++
		i += j + 1
	}
	return n, err
}

// longLine reports whether err is, or wraps, a too-long line, and its line.
func longLine(err error) (int, bool) {
	var e *errLongLine
	if errors.As(err, &e) {
		return e.line, true
	}
	return 0, false
}

// lineCounter converts increasing byte offsets of b to 1-based line numbers
// in time linear in the input overall.
type lineCounter struct {
	b    []byte
	off  int
	line int
}

func newLineCounter(b []byte) *lineCounter { return &lineCounter{b: b, line: 1} }

// at returns the line of offset off. Offsets before the last one asked
// restart the count.
func (c *lineCounter) at(off int) int {
	off = max(0, min(off, len(c.b)))
	if off < c.off {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.b[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

// invalidUTF8Line returns the line of the first invalid UTF-8 sequence of b,
// or 0 when b is valid UTF-8.
func invalidUTF8Line(b []byte) int {
	if utf8.Valid(b) {
		return 0
	}
	line := 1
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			if b[i] == '\n' {
				line++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		i += size
	}
	return line
}
