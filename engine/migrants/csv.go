package migrants

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// File is the CSV's file name.
const File = "migrants.csv"

// bom is the UTF-8 byte order mark that lets Excel recognise the encoding.
const bom = "\uFEFF"

// Header is the header row of migrants.csv.
func Header() []string {
	return []string{"year", "child_id", "household_id", "level", "grade", "group", "migrant", "permit", "disability",
		"placed", "school_id", "school_name", "public", "purchased", "zoned", "zone_school_ids", "distance_m", "reason", "nearest_free",
		"entrant", "private_choice"}
}

// Group names the row's group in the CSV: eligible (migrant with a
// residence permit), no_permit (migrant without one) or disabled (a local
// child with a disability).
func (c *Child) Group() string {
	switch {
	case c.Permit:
		return "eligible"
	case c.Migrant:
		return "no_permit"
	}
	return "disabled"
}

// WriteCSV writes migrants.csv: a UTF-8 byte order mark, the header (see
// Header), then one row per child of the report in its order: the
// entrants (entrant 1), then the pupils of the other grades that the
// county shares count (entrant 0; zoned 0, reason and nearest_free empty).
// The rows of group eligible recount the migrant share: those with public
// or purchased 1 over all of them. Booleans are 1 or 0; distance_m is
// whole metres (empty when unplaced); zone_school_ids are separated by
// "|"; nearest_free lists "school_id:name:metres:places" separated by "|";
// private_choice is 1 at a private school the family chose. Lines end in
// CRLF.
func WriteCSV(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return fmt.Errorf("migrants: %s: %w", File, err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(Header()); err != nil {
		return fmt.Errorf("migrants: %s: %w", File, err)
	}
	b := func(v bool) string {
		if v {
			return "1"
		}
		return "0"
	}
	for i := range r.Children {
		c := &r.Children[i]
		dist := ""
		if c.Placed {
			dist = strconv.FormatFloat(c.DistanceM, 'f', 0, 64)
		}
		var near []string
		for _, f := range c.Nearest {
			near = append(near, fmt.Sprintf("%s:%s:%.0f:%d", oneLine(f.SchoolID), oneLine(f.Name), f.DistanceM, f.Places))
		}
		row := []string{strconv.Itoa(r.Year), oneLine(c.ChildID), oneLine(c.HouseholdID), string(c.Level), strconv.Itoa(c.Grade),
			c.Group(), b(c.Migrant), b(c.Permit), b(c.Disability), b(c.Placed), oneLine(c.SchoolID), oneLine(c.SchoolName),
			b(c.Public), b(c.Purchased), b(c.Zoned), strings.Join(c.ZoneSchoolIDs, "|"), dist, string(c.Reason), strings.Join(near, "|"),
			b(c.Entrant), b(c.Chosen)}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("migrants: %s: %w", File, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("migrants: %s: %w", File, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("migrants: %s: %w", File, err)
	}
	return nil
}

// oneLine turns line breaks into spaces so that every child is one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// Summary writes a short Chinese summary: the county shares of docs/policy.md
// (every pupil of grades 1–9) against policy, each with its entrants
// labelled as such, the migrants without a permit, and the counts of
// entrants not at their zone's school by reason.
func Summary(w io.Writer, r *Report) error {
	var sb strings.Builder
	pct := func(v *float64) string {
		if v == nil {
			return "—"
		}
		return fmt.Sprintf("%.1f%%", *v*100)
	}
	verdict := func(s Share) string {
		if s.Meets {
			return "达标"
		}
		return "未达标"
	}
	fmt.Fprintf(&sb, "%d 年随迁子女和残疾儿童少年入学核查\n", r.Year)
	m := r.Migrants
	fmt.Fprintf(&sb, "持居住证随迁子女（一至九年级在校生）%d 人：公办学校 %d 人，政府购买民办学位 %d 人，自主选择民办学校 %d 人，未入学 %d 人；在公办学校（含政府购买学位）就读比例 %s，标准 ≥%.0f%%，%s。\n",
		m.Children, m.Public, m.Purchased, m.Chosen, m.Unplaced, pct(m.Share), m.Target*100, verdict(m))
	e := r.Eligible
	fmt.Fprintf(&sb, "  其中一年级、七年级新生 %d 人：公办学校 %d 人，政府购买民办学位 %d 人，自主选择民办学校 %d 人，未安置 %d 人；新生中在公办学校（含政府购买学位）就读占 %s。\n",
		e.Children, e.Public, e.Purchased, e.Chosen, e.Unplaced, pct(e.Share))
	n := r.NoPermit
	fmt.Fprintf(&sb, "无居住证随迁子女新生（在持证者之后安排）%d 人：已安置 %d 人（公办 %d，购买学位 %d，自主选择民办 %d），未安置 %d 人；不计入上述比例。\n",
		n.Children, n.Placed, n.Public, n.Purchased, n.Chosen, n.Unplaced)
	d := r.DisabledPupils
	fmt.Fprintf(&sb, "残疾儿童少年（一至九年级）%d 人：入学 %d 人，未入学 %d 人；入学率 %s，标准 ≥%.0f%%，%s。\n",
		d.Children, d.Placed, d.Unplaced, pct(d.Share), d.Target*100, verdict(d))
	dn := r.Disabled
	fmt.Fprintf(&sb, "  其中一年级、七年级新生 %d 人：入学 %d 人，未安置 %d 人。\n", dn.Children, dn.Placed, dn.Unplaced)
	counts := map[Reason]int{}
	for i := range r.Children {
		if r.Children[i].Entrant {
			counts[r.Children[i].Reason]++
		}
	}
	for _, reason := range []Reason{ReasonZoneFull, ReasonNoZone, ReasonNoPlace} {
		if counts[reason] > 0 {
			fmt.Fprintf(&sb, "  新生%s：%d 人\n", reason.Chinese(), counts[reason])
		}
	}
	_, err := io.WriteString(w, sb.String())
	if err != nil {
		return fmt.Errorf("migrants: summary: %w", err)
	}
	return nil
}
