package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Row is one row of a table: its cells, and the line (CSV: the physical line
// where the record starts, 1-based) or the row number (xlsx, as Excel shows
// it) for messages.
type Row struct {
	Line  int
	Cells []string
}

// Table is a file as rows of text cells, before its header is found.
type Table struct {
	File     string // the file's name as the user gave it, for messages
	Encoding string // "xlsx", "UTF-8", "UTF-8 with BOM" or "GB 18030"
	Sheet    string // the sheet read (xlsx), else ""
	Rows     []Row
}

// ReadTable reads a .xlsx file (sheet by name or 1-based index, "" for the
// first) or, for any other name, a CSV file whose encoding it detects. name is
// the file's name for messages and to tell the kinds apart. Problems are
// dataset.Problems at the file's lines.
func ReadTable(name string, r io.Reader, sheet string) (*Table, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, dataset.Problems{{File: name, Msg: err.Error()}}
	}
	if strings.EqualFold(filepath.Ext(name), ".xlsx") {
		return readXLSX(name, b, sheet)
	}
	if sheet != "" {
		return nil, dataset.Problems{{File: name, Msg: fmt.Sprintf("a sheet (%q) is given but the file is CSV, which has none", sheet)}}
	}
	return readCSV(name, b)
}

// DecodeText returns the text of a CSV file as UTF-8 and the encoding it was
// in: UTF-8 (with or without a byte order mark), or GBK and GB 18030 (GBK is
// a subset of GB 18030, so both are read as GB 18030). Text that is neither
// is an error naming the byte offset (0-based) where each reading fails.
func DecodeText(b []byte) (string, string, error) {
	if rest, ok := bytes.CutPrefix(b, []byte{0xEF, 0xBB, 0xBF}); ok {
		if i := dataset.FirstInvalidUTF8(rest); i >= 0 {
			return "", "", fmt.Errorf("a UTF-8 byte order mark, but byte offset %d (0x%02X) is not UTF-8", i+3, rest[i])
		}
		return string(rest), "UTF-8 with BOM", nil
	}
	i := dataset.FirstInvalidUTF8(b)
	if i < 0 {
		return string(b), "UTF-8", nil
	}
	if dataset.GuessEncoding(b[:min(len(b), 4096)]) == "UTF-16" {
		return "", "", errors.New("UTF-16 (Excel's \"Unicode text\"), which is not read: save it as CSV UTF-8 (逗号分隔) or as .xlsx")
	}
	j := firstInvalidGB18030(b)
	if j < 0 {
		s, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err == nil {
			return string(s), "GB 18030", nil
		}
		j = 0
	}
	return "", "", fmt.Errorf("neither UTF-8 (byte offset %d, 0x%02X, is not UTF-8) nor GBK/GB 18030 (byte offset %d, 0x%02X, is not GB 18030): save it as CSV UTF-8 (逗号分隔)",
		i, b[i], j, b[j])
}

// firstInvalidGB18030 returns the offset of the first byte of b that does not
// begin or continue a GB 18030 character (one byte 0x00–0x80, two bytes
// 0x81–0xFE then 0x40–0x7E or 0x80–0xFE, four bytes 0x81–0xFE 0x30–0x39
// 0x81–0xFE 0x30–0x39), or −1.
func firstInvalidGB18030(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c <= 0x80:
			i++
			continue
		case c == 0xFF:
			return i
		}
		if i+1 >= len(b) {
			return i
		}
		t := b[i+1]
		switch {
		case (t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE):
			i += 2
		case t >= 0x30 && t <= 0x39:
			if i+3 >= len(b) || b[i+2] < 0x81 || b[i+2] > 0xFE || b[i+3] < 0x30 || b[i+3] > 0x39 {
				return i
			}
			i += 4
		default:
			return i
		}
	}
	return -1
}

func readCSV(name string, b []byte) (*Table, error) {
	text, enc, err := DecodeText(b)
	if err != nil {
		return nil, dataset.Problems{{File: name, Line: 1, Msg: err.Error()}}
	}
	t := &Table{File: name, Encoding: enc}
	if !strings.Contains(text, "\n") && strings.Contains(text, "\r") {
		return nil, dataset.Problems{{File: name, Line: 1, Msg: "line ends are CR alone, so the file reads as one line: save it with LF or CRLF line ends"}}
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	var probs dataset.Problems
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				probs = append(probs, dataset.Problem{File: name, Line: pe.StartLine, Msg: "malformed CSV: " + pe.Err.Error()})
				if len(probs) >= 20 {
					break
				}
				continue
			}
			return nil, dataset.Problems{{File: name, Msg: err.Error()}}
		}
		line, _ := cr.FieldPos(0)
		for k := range rec {
			rec[k] = strings.TrimSpace(rec[k])
		}
		t.Rows = append(t.Rows, Row{Line: line, Cells: rec})
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return t, nil
}

func readXLSX(name string, b []byte, sheet string) (*Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, dataset.Problems{{File: name, Msg: "not an .xlsx workbook: " + err.Error()}}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, dataset.Problems{{File: name, Msg: "the workbook has no sheet"}}
	}
	pick := sheets[0]
	if sheet != "" {
		pick = ""
		if n, err := strconv.Atoi(sheet); err == nil && n >= 1 && n <= len(sheets) {
			pick = sheets[n-1]
		}
		for _, s := range sheets {
			if s == sheet {
				pick = s
			}
		}
		if pick == "" {
			return nil, dataset.Problems{{File: name, Msg: fmt.Sprintf("no sheet %q (the sheets: %s; or give an index 1–%d)",
				sheet, strings.Join(sheets, ", "), len(sheets))}}
		}
	}
	rows, err := f.GetRows(pick, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, dataset.Problems{{File: name, Msg: fmt.Sprintf("sheet %s: %v", pick, err)}}
	}
	// Merged cells read as their value in every cell they cover.
	merged, err := f.GetMergeCells(pick)
	if err != nil {
		return nil, dataset.Problems{{File: name, Msg: fmt.Sprintf("sheet %s: %v", pick, err)}}
	}
	for _, m := range merged {
		c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r1-r0 > 1000 || c1-c0 > 1000 {
			continue
		}
		v := m.GetCellValue()
		for r := r0; r <= r1; r++ {
			for r > len(rows) {
				rows = append(rows, nil)
			}
			for c := c0; c <= c1; c++ {
				for c > len(rows[r-1]) {
					rows[r-1] = append(rows[r-1], "")
				}
				rows[r-1][c-1] = v
			}
		}
	}
	t := &Table{File: name, Encoding: "xlsx", Sheet: pick}
	for i, cells := range rows {
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
			if !utf8.ValidString(cells[k]) {
				cells[k] = strings.ToValidUTF8(cells[k], "\uFFFD")
			}
		}
		t.Rows = append(t.Rows, Row{Line: i + 1, Cells: cells})
	}
	return t, nil
}
