package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Kind is one of the three files a bureau gives.
type Kind string

// The kinds of file.
const (
	Schools    Kind = "schools"    // 学校信息表
	Households Kind = "households" // 户籍、居住登记 (the public-security list)
	Children   Kind = "children"   // 学籍 (the student register)
)

// Kinds lists the kinds in the order Import reads them.
var Kinds = []Kind{Schools, Households, Children}

// Fields are what a column can mean, by kind; Synonyms gives the headers
// recognised for each. A field a kind does not list is not read from it.
var Fields = map[Kind][]string{
	Schools: {"school_id", "name", "address", "type", "seats", "primary_seats", "junior_seats",
		"public", "area_type", "boarding", "lon", "lat", "drop"},
	Households: {"household", "address", "hukou", "permit", "community", "lon", "lat", "drop"},
	Children: {"student_id", "id_number", "birth_date", "grade", "school", "household", "address",
		"hukou_address", "hukou", "permit", "needs", "drop"},
}

// Synonyms are the Chinese headers recognised for each field, by kind,
// compared after spaces, line breaks, brackets and * marks are removed. drop
// names columns read and thrown away (names, telephones): listing them keeps
// them out of the warnings, never out of the checks that nothing personal is
// written.
var Synonyms = map[Kind]map[string][]string{
	Schools: {
		"school_id":     {"学校标识码", "学校代码", "标识码", "学校编码", "学校编号", "school_id"},
		"name":          {"学校名称", "学校", "校名", "单位名称", "name"},
		"address":       {"地址", "学校地址", "校址", "详细地址", "所在地址", "address"},
		"type":          {"办学类型", "学校类型", "学段", "学校类别"},
		"seats":         {"学位数", "学位", "核定学位数", "学位总数", "总学位数"},
		"primary_seats": {"小学学位数", "学位数小学", "小学学位", "primary_seats"},
		"junior_seats":  {"初中学位数", "学位数初中", "初中学位", "junior_seats"},
		"public":        {"办学性质", "举办者类型", "公办民办", "公民办"},
		"area_type":     {"城乡分类", "城乡类型", "所在地城乡类型", "area_type"},
		"boarding":      {"寄宿制", "是否寄宿制", "寄宿制学校", "boarding"},
		"lon":           {"经度", "lon", "longitude"},
		"lat":           {"纬度", "lat", "latitude"},
		"drop":          {"序号", "校长", "联系电话", "电话", "备注"},
	},
	Households: {
		"household": {"户号", "户编号", "户籍编号", "家庭编号", "household_id"},
		"address":   {"住址", "现住址", "地址", "居住地址", "现居住地址", "详细地址", "address"},
		"hukou":     {"户口性质", "户籍性质", "户籍类型", "户口类型", "户籍类别", "hukou"},
		"permit":    {"居住证", "是否持有居住证", "持居住证", "居住证号", "居住证编号", "permit"},
		"community": {"社区", "所属社区", "社区居委会", "村委会", "社区村委会", "社区（村）", "community"},
		"lon":       {"经度", "lon", "longitude"},
		"lat":       {"纬度", "lat", "latitude"},
		"drop":      {"序号", "户主姓名", "户主", "姓名", "户主身份证号", "身份证号", "联系电话", "电话", "备注"},
	},
	Children: {
		"student_id":    {"学籍号", "全国学籍号", "学籍辅号", "学生编号", "child_id"},
		"id_number":     {"身份证号", "身份证件号", "身份证件号码", "身份证号码", "公民身份号码"},
		"birth_date":    {"出生日期", "出生年月", "出生年月日", "生日"},
		"grade":         {"年级", "就读年级", "所在年级", "grade"},
		"school":        {"就读学校", "学校名称", "学校", "学校标识码", "school_id"},
		"household":     {"户号", "家庭编号", "household_id"},
		"address":       {"现住址", "居住地址", "家庭住址", "现居住地址", "家庭地址", "住址"},
		"hukou_address": {"户籍地址", "户口所在地", "户籍所在地", "户籍地"},
		"hukou":         {"户口性质", "户籍性质", "户籍类型", "户口类型"},
		"permit":        {"居住证", "是否持有居住证", "持居住证", "居住证号"},
		"needs":         {"残疾类型", "是否残疾", "残疾情况", "随班就读", "needs"},
		"drop":          {"序号", "姓名", "学生姓名", "性别", "民族", "班级", "监护人", "监护人姓名", "父亲姓名", "母亲姓名", "联系电话", "电话", "备注"},
	},
}

// required are the fields without which a kind's file cannot be read.
var required = map[Kind][]string{
	Schools:    {"name"},
	Households: {"address"},
	Children:   {"grade"},
}

// headerText is a header cell as compared with the synonyms.
func headerText(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u3000', '\n', '\r', '\t', '*', '（', '）', '(', ')', '：', ':':
			return -1
		}
		return r
	}, s)
}

// Header is a table's header found: the field of each column ("" when not
// read), the line where the data starts and the header lines.
type Header struct {
	Fields    []string // by column
	Names     []string // the header text of each column, as written
	Line      int      // the header row's line (its first row, of two)
	DataStart int      // index in Table.Rows of the first data row
	Unknown   []string // headers not recognised, ignored
}

// Col returns the column of a field, or −1.
func (h *Header) Col(field string) int { return slices.Index(h.Fields, field) }

// lookup returns the field of a header text for a kind: the mapping's
// columns first, then the synonyms.
func lookup(kind Kind, m *Mapping, text string) string {
	t := headerText(text)
	if t == "" {
		return ""
	}
	if m != nil {
		for k, v := range m.file(kind).Columns {
			if headerText(k) == t {
				return v
			}
		}
	}
	for _, f := range Fields[kind] {
		for _, s := range Synonyms[kind][f] {
			if strings.EqualFold(s, t) {
				return f
			}
		}
	}
	return ""
}

// maxTitleRows is how far down FindHeader looks for the header row.
const maxTitleRows = 20

// FindHeader finds the header row of a table: among the first rows, the first
// that names the most fields (at least two, or the kind's one required
// field), below any title rows. A header of two rows (学位数 merged over 小学 |
// 初中) is read as one: each column's name is the upper cell's and the lower
// one's together.
func FindHeader(t *Table, kind Kind, m *Mapping) (*Header, error) {
	best, bestN := -1, 0
	for i := 0; i < len(t.Rows) && i < maxTitleRows; i++ {
		n := 0
		seen := map[string]bool{}
		for _, c := range t.Rows[i].Cells {
			if f := lookup(kind, m, c); f != "" && f != "drop" && !seen[f] {
				seen[f] = true
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	if best < 0 || bestN < 2 && len(t.Rows) > 0 {
		want := make([]string, 0, 4)
		for _, f := range required[kind] {
			want = append(want, Synonyms[kind][f][0])
		}
		line := 1
		if len(t.Rows) > 0 {
			line = t.Rows[0].Line
		}
		return nil, dataset.Problems{{File: t.File, Line: line, Msg: fmt.Sprintf(
			"no header row found in the first %d rows: a %s file's header names columns such as %s (docs/import.md lists them; a mapping file names others)",
			maxTitleRows, kind, strings.Join(want, ", "))}}
	}
	upper := t.Rows[best].Cells
	h := &Header{Line: t.Rows[best].Line, DataStart: best + 1}
	width := len(upper)
	var lower []string
	if best+1 < len(t.Rows) {
		lower = secondHeader(kind, m, upper, t.Rows[best+1].Cells)
		if lower != nil {
			h.DataStart++
			width = max(width, len(lower))
			upper = fillRight(upper, width)
		}
	}
	h.Fields = make([]string, width)
	h.Names = make([]string, width)
	var probs dataset.Problems
	first := map[string]int{}
	for k := range width {
		u, l := "", ""
		if k < len(upper) {
			u = upper[k]
		}
		if k < len(lower) {
			l = lower[k]
		}
		f, name := lookup(kind, m, u), u
		if l != "" && l != u {
			for _, cand := range []string{u + l, l + u, l} {
				if g := lookup(kind, m, cand); g != "" {
					f, name = g, cand
					break
				}
			}
		}
		h.Names[k] = name
		if f == "" {
			if name != "" {
				h.Unknown = append(h.Unknown, name)
			}
			continue
		}
		if f != "drop" {
			if j, dup := first[f]; dup {
				probs = append(probs, dataset.Problem{File: t.File, Line: h.Line, Msg: fmt.Sprintf(
					"columns %q and %q both give %s: keep one, or name one in the mapping file", h.Names[j], name, f)})
				continue
			}
			first[f] = k
		}
		h.Fields[k] = f
	}
	for _, f := range required[kind] {
		if h.Col(f) < 0 {
			probs = append(probs, dataset.Problem{File: t.File, Line: h.Line, Msg: fmt.Sprintf(
				"no column for %s (headers recognised: %s)", f, strings.Join(Synonyms[kind][f], ", "))})
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return h, nil
}

// secondHeader returns the row below a header when it is a second header
// row: one of its cells, with the cell above, names a field (学位数 over
// 小学), and each of its other cells repeats the cell above (a cell merged
// down) or names a field alone. Else nil: the row is data.
func secondHeader(kind Kind, m *Mapping, upper, lower []string) []string {
	up := fillRight(upper, len(lower))
	combined := false
	for k, c := range lower {
		switch {
		case c == "" || c == up[k]:
		case lookup(kind, m, up[k]+c) != "" || lookup(kind, m, c+up[k]) != "":
			combined = true
		case lookup(kind, m, c) != "":
		default:
			return nil
		}
	}
	if !combined {
		return nil
	}
	return lower
}

// fillRight returns the header cells widened to n, each blank cell after a
// named one given its name (a merged cell saved as CSV keeps its value in
// its first cell only).
func fillRight(cells []string, n int) []string {
	out := make([]string, max(n, len(cells)))
	copy(out, cells)
	for k := 1; k < len(out); k++ {
		if out[k] == "" {
			out[k] = out[k-1]
		}
	}
	return out
}
