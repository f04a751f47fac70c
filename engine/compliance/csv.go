package compliance

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// Header is the header row of compliance.csv.
func Header() []string {
	return []string{"year", "scope", "school_id", "name", "level", "key", "value", "limit", "pass", "text"}
}

// bom is the UTF-8 byte order mark that lets Excel recognise the encoding.
const bom = "\uFEFF"

// WriteCSV writes compliance.csv: a UTF-8 byte order mark, the header (see
// Header), then one row per year and check in the order given: year, scope,
// school_id, name, level, key, value, limit (shortest decimal that reads
// back to the same float64; empty when nil), pass (1, 0, or empty when
// skipped), text. Lines end in CRLF (RFC 4180); a line break inside a field
// (a school name with one) is written as a space, so that every check is
// one line.
func WriteCSV(w io.Writer, reports []Report) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return fmt.Errorf("compliance: compliance.csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(Header()); err != nil {
		return fmt.Errorf("compliance: compliance.csv: %w", err)
	}
	for _, r := range reports {
		for _, c := range r.Checks {
			pass := "0"
			switch {
			case c.Skipped:
				pass = ""
			case c.Pass:
				pass = "1"
			}
			row := []string{strconv.Itoa(c.Year), oneLine(c.Scope), oneLine(c.SchoolID), oneLine(c.Name), oneLine(c.Level),
				oneLine(c.Key), formatNum(c.Value), formatNum(c.Limit), pass, oneLine(c.Text)}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("compliance: compliance.csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("compliance: compliance.csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("compliance: compliance.csv: %w", err)
	}
	return nil
}

func formatNum(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
