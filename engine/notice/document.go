package notice

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// This file writes the zone part of the enrollment notice (招生公告) as a
// whole: a title, then per level a heading and one numbered paragraph per
// zone, each paragraph being Zone.Text.

// MultiSchool marks the name of a multi-school zone (多校划片) in the notice.
const MultiSchool = "（多校划片）"

// Groups tells which schools share a zone (多校划片): Groups[level][schoolID]
// is the zone_id of the school's zone, as zones.geojson's zone_id property
// gives it. A school that is absent, or whose zone_id is "", has a zone of
// its own. zones.csv cannot say it: it lists each school of a multi-school
// zone with the zone's whole description.
type Groups map[string]map[string]string

// GroupsOf collects the zone_id of every zone of zs (zones.geojson's
// features, or a dataset's zones in force) that has one.
func GroupsOf(zs []dataset.Zone) Groups {
	g := Groups{}
	for _, z := range zs {
		if z.ZoneID == "" {
			continue
		}
		l := string(z.Level)
		if g[l] == nil {
			g[l] = map[string]string{}
		}
		g[l][z.SchoolID] = z.ZoneID
	}
	return g
}

// Document is the zone part of an enrollment notice: a title line, then for
// each plan (level) a numbered heading (一、小学招生片区) and one numbered
// paragraph per zone (（一）呼图壁县第一小学：…。), in the order of
// Plans and of their Zones. zones.csv keeps the dataset's order of schools,
// which is the order customary in notices.
//
// The schools of a multi-school zone (Groups) are written once, at the place
// of the first of them, their names joined by 、 and followed by
// （多校划片）; their descriptions must be the same.
type Document struct {
	Title  string // the first line; "" for none (see Title)
	Plans  []Plan // one per level, each level once
	Groups Groups // optional
	// Feeders, optional, end each primary zone's paragraph with its
	// junior school: 对口初中：….
	Feeders Feeders
}

// Section is one level's part of a Document.
type Section struct {
	Level      string
	Heading    string // without its number: 小学招生片区
	Paragraphs []Paragraph
}

// Paragraph is one numbered paragraph: the zone of one school or of the
// schools of a multi-school zone.
type Paragraph struct {
	// ZoneID is the zone_id of a multi-school zone, "" for a single school.
	ZoneID string
	// Schools are the ids of the zone's schools, in Plan order.
	Schools []string
	// Zone is the description; its SchoolName is the name written before
	// the items: the school's, or the schools' joined by 、 and followed
	// by MultiSchool. Its SchoolID is the first school's.
	Zone Zone
}

// Text is the paragraph without its number: Zone.Text.
func (p Paragraph) Text() string { return p.Zone.Text() }

// Sections groups the zones of each plan into paragraphs. It is an error for
// a plan to have an empty level or a level another plan has, or for the
// schools of a multi-school zone to have different descriptions.
func (d Document) Sections() ([]Section, error) {
	var out []Section
	seen := map[string]bool{}
	for _, p := range d.Plans {
		if p.Level == "" {
			return nil, fmt.Errorf("notice: plan with an empty level (accepted: %s, %s)", dataset.Primary, dataset.Junior)
		}
		if seen[p.Level] {
			return nil, fmt.Errorf("notice: level %s twice", p.Level)
		}
		seen[p.Level] = true
		ids := d.Groups[p.Level]
		size := map[string]int{} // schools of each zone_id in Groups
		for _, id := range ids {
			if id != "" {
				size[id]++
			}
		}
		s := Section{Level: p.Level, Heading: LevelHeading(p.Level)}
		at := map[string]int{} // zone_id → paragraph
		var names [][]string
		for _, z := range p.Zones {
			name := z.SchoolName
			if name == "" {
				name = z.SchoolID
			}
			id := ids[z.SchoolID]
			if k, ok := at[id]; ok && id != "" {
				par := &s.Paragraphs[k]
				if sameItems(par.Zone, z) {
					par.Schools = append(par.Schools, z.SchoolID)
					names[k] = append(names[k], name)
					continue
				}
				return nil, fmt.Errorf("notice: %s multi-school zone %s: schools %s and %s have different descriptions (a multi-school zone is one zone: give its schools the same items)",
					p.Level, id, par.Schools[0], z.SchoolID)
			}
			if id != "" {
				at[id] = len(s.Paragraphs)
			}
			s.Paragraphs = append(s.Paragraphs, Paragraph{ZoneID: id, Schools: []string{z.SchoolID}, Zone: z})
			names = append(names, []string{name})
		}
		for k := range s.Paragraphs {
			par := &s.Paragraphs[k]
			par.Zone.SchoolName = strings.Join(names[k], itemSep)
			if par.ZoneID != "" && (len(names[k]) > 1 || size[par.ZoneID] > 1) {
				par.Zone.SchoolName += MultiSchool
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// sameItems reports whether two zones are described by the same words,
// whatever their schools.
func sameItems(a, b Zone) bool {
	a.SchoolID, a.SchoolName, b.SchoolID, b.SchoolName = "", "", "", ""
	return a.Text() == b.Text()
}

// WriteText writes the document as UTF-8 plain text with LF line ends: the
// title, a blank line, then each section's numbered heading (一、小学招生片区)
// followed by its numbered paragraphs one a line ((一)…), sections separated
// by a blank line. Nothing is written when Sections fails.
//
//	呼图壁县2022年义务教育招生片区
//
//	一、小学招生片区
//	（一）呼图壁县第一小学：幸福社区全部；锦华苑。
//	（二）呼图壁县第二小学、呼图壁县第三小学（多校划片）：东风路1—35号。
//
//	二、初中招生片区
//	（一）呼图壁县第一中学：幸福社区全部；锦华苑；东风路1—35号。
func (d Document) WriteText(w io.Writer) error {
	return d.write(w, func(s string) string { return s }, "", "", "")
}

// WriteMarkdown writes the document as Markdown: the title as a level-1
// heading, each section's numbered heading as a level-2 heading, each
// paragraph as a Markdown paragraph; Markdown's special characters in the
// names are escaped. Nothing is written when Sections fails.
func (d Document) WriteMarkdown(w io.Writer) error {
	return d.write(w, markdownEscape, "# ", "## ", "\n")
}

// write renders the document with esc applied to every text, title and
// heading prefixed as given and parSep after each paragraph line.
func (d Document) write(w io.Writer, esc func(string) string, title, heading, parSep string) error {
	secs, err := d.Sections()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	first := true
	blank := func() {
		if !first {
			bw.WriteString("\n")
		}
		first = false
	}
	if d.Title != "" {
		blank()
		bw.WriteString(title + esc(d.Title) + "\n")
	}
	for i, s := range secs {
		blank()
		bw.WriteString(heading + SectionNumber(i+1) + esc(s.Heading) + "\n")
		if parSep != "" {
			bw.WriteString(parSep)
		}
		for j, p := range s.Paragraphs {
			bw.WriteString(ItemNumber(j+1) + esc(p.Text()+d.feederText(s.Level, p)) + "\n")
			if parSep != "" && j < len(s.Paragraphs)-1 {
				bw.WriteString(parSep)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("notice: %w", err)
	}
	return nil
}

// markdownEscape puts a backslash before the characters that Markdown may
// read as markup.
func markdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>#|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Title returns the notice's title: <county><year>年义务教育招生片区, the
// county left out when "" and the year when not positive
// (Title("呼图壁县", 2022) is 呼图壁县2022年义务教育招生片区). The county is
// the dataset's name up to a space or an opening parenthesis, so that a
// note such as "呼图壁县 (synthetic)" stays out of the title. A space
// separates a county whose name ends in a Latin letter or ASCII
// punctuation (Hutubi) from what follows.
func Title(county string, year int) string {
	county = strings.TrimSpace(county)
	if i := strings.IndexAny(county, " (（"); i > 0 {
		county = county[:i]
	}
	var b strings.Builder
	b.WriteString(county)
	if county != "" {
		if r, _ := utf8.DecodeLastRuneInString(county); r < utf8.RuneSelf && (r < '0' || r > '9') {
			b.WriteByte(' ')
		}
	}
	if year > 0 {
		b.WriteString(strconv.Itoa(year))
		b.WriteString("年")
	}
	b.WriteString("义务教育招生片区")
	return b.String()
}

// LevelHeading returns a level's heading without its number: 小学招生片区
// for primary, 初中招生片区 for junior, else the level's name followed by
// 招生片区.
func LevelHeading(level string) string {
	if l, err := dataset.ParseLevel(level); err == nil {
		return l.Chinese() + "招生片区"
	}
	return level + "招生片区"
}

// SectionNumber numbers a section: 一、 for 1, 十一、 for 11.
func SectionNumber(n int) string { return Numeral(n) + "、" }

// ItemNumber numbers a paragraph: （一） for 1, （二十一） for 21, with
// full-width brackets.
func ItemNumber(n int) string { return "（" + Numeral(n) + "）" }

var digitsZh = [10]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// Numeral writes n in Chinese numerals as documents number their items:
// 一, 十, 十一, 二十, 二十一, 一百, 一百零一, 一百一十, 一千零一十, 一万,
// 十万零一. From 0 to 99999999; other numbers in Arabic digits.
func Numeral(n int) string {
	switch {
	case n < 0 || n > 99999999:
		return strconv.Itoa(n)
	case n == 0:
		return digitsZh[0]
	}
	hi, lo := n/10000, n%10000
	if hi == 0 {
		return numeral4(lo, true)
	}
	s := numeral4(hi, true) + "万"
	if lo > 0 {
		if lo < 1000 {
			s += digitsZh[0]
		}
		s += numeral4(lo, false)
	}
	return s
}

// numeral4 writes 1 ≤ n ≤ 9999; lead is set when nothing precedes it, so
// that 10 to 19 begin with 十 rather than 一十.
func numeral4(n int, lead bool) string {
	var b strings.Builder
	units := [4]string{"千", "百", "十", ""}
	started, zero := false, false
	for i, p := range [4]int{1000, 100, 10, 1} {
		d := n / p % 10
		if d == 0 {
			zero = zero || started
			continue
		}
		if zero {
			b.WriteString(digitsZh[0])
			zero = false
		}
		if !(d == 1 && p == 10 && !started && lead) {
			b.WriteString(digitsZh[d])
		}
		b.WriteString(units[i])
		started = true
	}
	return b.String()
}

// DescribeZones describes one level's zone plan in which several schools
// may share a zone. zoneOf[h] is the zone holding household h
// (ds.Households[h]), an index into members, or -1 (so is an index out of
// range, or a household beyond the end of zoneOf); members[k] are the
// schools of zone k, indexes into ds.Schools (more than one for a
// multi-school zone). It returns what zones.csv holds: one Zone per school of
// a zone with at least one household, in ds.Schools order, the schools of a
// multi-school zone each with the zone's description under its own id and
// name. A school listed in several zones takes the first.
func DescribeZones(ds *dataset.Dataset, zoneOf []int, members [][]int) []Zone {
	// Describe each zone under its first valid school.
	head := make([]int, len(members))
	zoneOfSchool := make([]int, len(ds.Schools))
	for j := range zoneOfSchool {
		zoneOfSchool[j] = -1
	}
	for k, ms := range members {
		head[k] = -1
		for _, j := range ms {
			if j < 0 || j >= len(ds.Schools) || zoneOfSchool[j] >= 0 {
				continue
			}
			zoneOfSchool[j] = k
			if head[k] < 0 {
				head[k] = j
			}
		}
	}
	schoolOf := make([]int, len(ds.Households))
	for h := range schoolOf {
		schoolOf[h] = -1
		if h < len(zoneOf) && zoneOf[h] >= 0 && zoneOf[h] < len(members) {
			schoolOf[h] = head[zoneOf[h]]
		}
	}
	// Describe returns the zones in ds.Schools order, so the n-th zone
	// with households is that of the n-th such school.
	byHead := map[int]Zone{}
	zs := Describe(ds, schoolOf)
	n := 0
	for j := range ds.Schools {
		if n < len(zs) && zs[n].SchoolID == ds.Schools[j].ID {
			byHead[j] = zs[n]
			n++
		}
	}
	var out []Zone
	for j, k := range zoneOfSchool {
		if k < 0 {
			continue
		}
		z, ok := byHead[head[k]]
		if !ok {
			continue
		}
		z.SchoolID, z.SchoolName = ds.Schools[j].ID, ds.Schools[j].Name
		out = append(out, z)
	}
	return out
}
