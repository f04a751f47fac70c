package notice

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine/address"
)

// header is the header row of zones.csv.
var header = []string{"level", "school_id", "school_name", "kind", "township", "name", "detail"}

// Header returns the header row of zones.csv: level, school_id,
// school_name, kind, township, name, detail.
func Header() []string { return slices.Clone(header) }

// The kinds of zones.csv, in the order rows are written.
const (
	KindCommunity = "community" // name: the community; detail empty
	KindCompound  = "compound"  // detail: empty, or 部分 when split with another zone
	KindStreet    = "street"    // name: the road; detail: ranges, 1-35;单号37-75;双号40-52 (a single number: 7)
	KindVillage   = "village"   // detail: 全村, or groups, 1-3;5;7(部分)
	KindAddress   = "address"   // name: a home's full address; detail empty
)

// Details of zones.csv.
const (
	detailAll     = "全村"
	detailPartial = "部分"
	groupPartial  = "(部分)"
)

// Plan is the zone descriptions of one level, as zones.csv holds them.
type Plan struct {
	Level string // primary or junior (dataset.Level), or any other non-empty name
	Zones []Zone
}

// check reports what WritePlans cannot write so that ReadCSV reads it back.
func (p Plan) check() error {
	if p.Level == "" {
		return errors.New("notice: zones.csv: empty level (accepted: primary, junior)")
	}
	if strings.ContainsAny(p.Level, "\r\n") {
		return fmt.Errorf("notice: zones.csv: line break in level %q", p.Level)
	}
	for _, z := range p.Zones {
		fail := func(format string, args ...any) error {
			return fmt.Errorf("notice: zones.csv: %s school %q: %s", p.Level, z.SchoolID, fmt.Sprintf(format, args...))
		}
		if z.SchoolID == "" {
			return fail("empty school id")
		}
		if s := breakIn(z); s != "" {
			return fail("line break in %q", s)
		}
		for _, c := range z.Communities {
			if c == "" {
				return fail("empty community name")
			}
		}
		for _, c := range z.Compounds {
			if c.Name == "" {
				return fail("empty compound name")
			}
		}
		for _, s := range z.Streets {
			if s.Road == "" {
				return fail("empty road")
			}
			if len(s.Ranges) == 0 {
				return fail("street %s without ranges", s.Road)
			}
			for _, r := range s.Ranges {
				if !r.valid() {
					return fail("street %s: bad range %d-%d of parity %d (accepted: 0 ≤ From ≤ To ≤ %d; 单号 and 双号 from and to numbers of their parity, From < To)",
						s.Road, r.From, r.To, r.Parity, maxNumber)
				}
			}
		}
		for _, v := range z.Villages {
			if v.Name == "" {
				return fail("empty village name")
			}
			if v.All {
				continue
			}
			if len(v.Groups) == 0 || len(v.Groups) > maxGroups {
				return fail("village %s with no groups, or more than %d, and not All", v.Name, maxGroups)
			}
			for i, g := range v.Groups {
				if g < 0 || g > maxNumber || i > 0 && g <= v.Groups[i-1] {
					return fail("village %s: groups %v (accepted: ascending, 0 to %d)", v.Name, v.Groups, maxNumber)
				}
			}
			for _, g := range v.Partial {
				if !containsInt(v.Groups, g) {
					return fail("village %s: partial group %d not among its groups %v", v.Name, g, v.Groups)
				}
			}
		}
		for _, a := range z.Addresses {
			if a == "" {
				return fail("empty address")
			}
		}
	}
	return nil
}

// breakIn returns the first text of z that holds a line break, which
// zones.csv cannot carry, or "".
func breakIn(z Zone) string {
	texts := []string{z.SchoolID, z.SchoolName}
	texts = append(texts, z.Communities...)
	texts = append(texts, z.Addresses...)
	for _, c := range z.Compounds {
		texts = append(texts, c.Township, c.Name)
	}
	for _, s := range z.Streets {
		texts = append(texts, s.Township, s.Road)
	}
	for _, v := range z.Villages {
		texts = append(texts, v.Township, v.Name)
	}
	for _, s := range texts {
		if strings.ContainsAny(s, "\r\n") {
			return s
		}
	}
	return ""
}

// bom is the UTF-8 byte order mark that lets Excel recognise the encoding.
const bom = "\uFEFF"

// WriteCSV writes zones.csv for one level: a UTF-8 byte order mark, the
// header, then one row per (level, school, item) with columns level,
// school_id, school_name, kind, township, name, detail (see the Kind
// constants), in zone order and, within a zone, in the order of Text. Lines
// end in CRLF (RFC 4180). Zone.Households is not written. The township of an
// address row is read from the canonical address by the suffix rules
// (address.Parse): the zones carry no dataset whose gazetteer it could use.
func WriteCSV(w io.Writer, level string, zones []Zone) error {
	return WritePlans(w, []Plan{{Level: level, Zones: zones}})
}

// WritePlans writes several levels into one zones.csv, under one header.
func WritePlans(w io.Writer, plans []Plan) error {
	for _, p := range plans {
		if err := p.check(); err != nil {
			return err
		}
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return fmt.Errorf("notice: zones.csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("notice: zones.csv: %w", err)
	}
	for _, p := range plans {
		for _, z := range p.Zones {
			row := func(kind, town, name, detail string) error {
				return cw.Write([]string{p.Level, z.SchoolID, z.SchoolName, kind, town, name, detail})
			}
			for _, c := range z.Communities {
				if err := row(KindCommunity, "", c, ""); err != nil {
					return fmt.Errorf("notice: zones.csv: %w", err)
				}
			}
			for _, c := range z.Compounds {
				d := ""
				if c.Partial {
					d = detailPartial
				}
				if err := row(KindCompound, c.Township, c.Name, d); err != nil {
					return fmt.Errorf("notice: zones.csv: %w", err)
				}
			}
			for _, s := range z.Streets {
				if err := row(KindStreet, s.Township, s.Road, FormatRanges(s.Ranges)); err != nil {
					return fmt.Errorf("notice: zones.csv: %w", err)
				}
			}
			for _, v := range z.Villages {
				if err := row(KindVillage, v.Township, v.Name, formatGroups(v)); err != nil {
					return fmt.Errorf("notice: zones.csv: %w", err)
				}
			}
			for _, a := range z.Addresses {
				if err := row(KindAddress, address.Parse(a).Township, a, ""); err != nil {
					return fmt.Errorf("notice: zones.csv: %w", err)
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("notice: zones.csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("notice: zones.csv: %w", err)
	}
	return nil
}

// FormatRanges writes ranges as zones.csv does: From-To, or one number when
// From = To, separated by ';', a range of odd or even numbers preceded by
// 单号 or 双号 (1-35;单号37-75;双号40-52).
func FormatRanges(rs []Range) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(r.Parity.Prefix())
		b.WriteString(strconv.Itoa(r.From))
		if r.To != r.From {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(r.To))
		}
	}
	return b.String()
}

// ParseRanges reads ranges written as FormatRanges writes them. Each range
// needs 0 ≤ From ≤ To, and From < To both of its parity after 单号 or 双号;
// spaces around numbers are allowed.
func ParseRanges(s string) ([]Range, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("notice: no ranges (accepted: N or N-M, separated by ';', e.g. 1-35;单号37-75;40)")
	}
	var out []Range
	for part := range strings.SplitSeq(s, ";") {
		var r Range
		body := strings.TrimSpace(part)
		for _, p := range []Parity{Odd, Even} {
			if rest, ok := strings.CutPrefix(body, p.Prefix()); ok {
				body, r.Parity = rest, p
			}
		}
		from, to, isRange := strings.Cut(body, "-")
		a, ok := atoi(strings.TrimSpace(from))
		b := a
		if isRange {
			b, ok = atoiAnd(ok, strings.TrimSpace(to))
		}
		r.From, r.To = a, b
		if !ok || !r.valid() {
			return nil, fmt.Errorf("notice: bad range %q (accepted: N or N-M with 0 ≤ N ≤ M, or 单号N-M and 双号N-M with N < M both odd or even, separated by ';')", part)
		}
		out = append(out, r)
	}
	return out, nil
}

func atoiAnd(ok bool, s string) (int, bool) {
	n, ok2 := atoi(s)
	return n, ok && ok2
}

// formatGroups writes a village's detail: 全村, or its group runs with
// partial groups marked, 1-3;5;7(部分).
func formatGroups(v Village) string {
	if v.All {
		return detailAll
	}
	var b strings.Builder
	for i, g := range groupRuns(v) {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(FormatRanges([]Range{g.Range}))
		if g.partial {
			b.WriteString(groupPartial)
		}
	}
	return b.String()
}

// maxGroups is the most groups a village of zones.csv may list.
const maxGroups = 10000

// parseGroups reads a village detail into v.
func parseGroups(s string, v *Village) error {
	if s == detailAll {
		v.All = true
		return nil
	}
	if strings.TrimSpace(s) == "" {
		return errors.New("notice: no groups (accepted: 全村, or N, N-M and N(部分) separated by ';', e.g. 1-3;5)")
	}
	for part := range strings.SplitSeq(s, ";") {
		p, isPartial := strings.CutSuffix(part, groupPartial)
		rs, err := ParseRanges(p)
		if err != nil || len(rs) != 1 || rs[0].Parity != All || isPartial && rs[0].From != rs[0].To {
			return fmt.Errorf("notice: bad groups %q (accepted: 全村, or N, N-M and N(部分) separated by ';')", part)
		}
		if rs[0].To-rs[0].From >= maxGroups-len(v.Groups) {
			return fmt.Errorf("notice: groups %q: more than %d groups", s, maxGroups)
		}
		for g := rs[0].From; g <= rs[0].To; g++ {
			if len(v.Groups) > 0 && g <= v.Groups[len(v.Groups)-1] {
				return fmt.Errorf("notice: groups %q not ascending", s)
			}
			v.Groups = append(v.Groups, g)
			if isPartial {
				v.Partial = append(v.Partial, g)
			}
		}
	}
	return nil
}

// ReadCSV reads a zones.csv that WriteCSV or WritePlans wrote, with or
// without the byte order mark, its columns in any order (others are
// ignored); a repeated header row, as from concatenated files, is skipped.
// It returns one Plan per level in order of appearance, each with one Zone
// per school in order of appearance and the items in row order. Households
// is 0. Compounds and streets are Qualified as Describe qualifies them:
// when the level's rows name them in several townships.
func ReadCSV(r io.Reader) ([]Plan, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("notice: zones.csv: empty file (a header is required: " + strings.Join(header, ",") + ")")
	}
	if err != nil {
		return nil, fmt.Errorf("notice: zones.csv: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, bom))
		if _, dup := col[h]; dup && h != "" {
			return nil, fmt.Errorf("notice: zones.csv: column %q twice", h)
		}
		col[h] = i
	}
	idx := make([]int, len(header))
	for i, h := range header {
		j, ok := col[h]
		if !ok {
			return nil, fmt.Errorf("notice: zones.csv: no column %q (required: %s)", h, strings.Join(header, ","))
		}
		idx[i] = j
	}

	var plans []Plan
	planOf := map[string]int{}
	zoneOf := map[[2]string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("notice: zones.csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == len(head) && isHeader(rec, head) {
			continue
		}
		for _, f := range rec {
			if strings.ContainsAny(f, "\r\n") {
				return nil, fmt.Errorf("notice: zones.csv:%d: line break inside a field", line)
			}
		}
		get := func(i int) string {
			if idx[i] < len(rec) {
				return rec[idx[i]]
			}
			return ""
		}
		level, id, name, kind, town, item, detail := get(0), get(1), get(2), get(3), get(4), get(5), get(6)
		fail := func(format string, args ...any) error {
			return fmt.Errorf("notice: zones.csv:%d: %s", line, fmt.Sprintf(format, args...))
		}
		switch {
		case level == "":
			return nil, fail("empty level (accepted: primary, junior)")
		case id == "":
			return nil, fail("empty school_id")
		case item == "":
			return nil, fail("empty name")
		}
		p, ok := planOf[level]
		if !ok {
			p = len(plans)
			planOf[level] = p
			plans = append(plans, Plan{Level: level})
		}
		k := [2]string{level, id}
		zi, ok := zoneOf[k]
		if !ok {
			zi = len(plans[p].Zones)
			zoneOf[k] = zi
			plans[p].Zones = append(plans[p].Zones, Zone{SchoolID: id, SchoolName: name})
		}
		z := &plans[p].Zones[zi]
		if z.SchoolName != name {
			return nil, fail("school %s named both %q and %q", id, z.SchoolName, name)
		}
		switch kind {
		case KindCommunity:
			if detail != "" || town != "" {
				return nil, fail("community %q with a township or detail (accepted: both empty)", item)
			}
			z.Communities = append(z.Communities, item)
		case KindCompound:
			if detail != "" && detail != detailPartial {
				return nil, fail("compound detail %q (accepted: empty, %s)", detail, detailPartial)
			}
			z.Compounds = append(z.Compounds, Compound{Township: town, Name: item, Partial: detail == detailPartial})
		case KindStreet:
			rs, err := ParseRanges(detail)
			if err != nil {
				return nil, fail("street %s: %v", item, err)
			}
			z.Streets = append(z.Streets, Street{Township: town, Road: item, Ranges: rs})
		case KindVillage:
			v := Village{Township: town, Name: item}
			if err := parseGroups(detail, &v); err != nil {
				return nil, fail("village %s: %v", item, err)
			}
			z.Villages = append(z.Villages, v)
		case KindAddress:
			if detail != "" {
				return nil, fail("address %q with a detail (accepted: empty)", item)
			}
			z.Addresses = append(z.Addresses, item)
		default:
			return nil, fail("unknown kind %q (accepted: %s, %s, %s, %s, %s)", kind,
				KindCommunity, KindCompound, KindStreet, KindVillage, KindAddress)
		}
	}
	for _, p := range plans {
		qualify(p.Zones)
	}
	return plans, nil
}

func isHeader(rec, head []string) bool {
	for i := range rec {
		if strings.TrimSpace(strings.TrimPrefix(rec[i], bom)) != strings.TrimSpace(strings.TrimPrefix(head[i], bom)) {
			return false
		}
	}
	return true
}
