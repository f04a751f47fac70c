package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/geocode"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// Source is one input file: its name (for messages, and .xlsx by its
// extension) and its bytes.
type Source struct {
	Name string
	Data []byte
}

// Input is what Import reads.
type Input struct {
	Schools, Households, Children Source
	Mapping                       *Mapping // nil: the synonyms alone
	// Reference and Roads place the addresses without coordinates
	// (engine/geocode); without them only rows with lon/lat are placed.
	Reference []geocode.Point
	// Roads is the county's road layer, or nil: its named roads guide the
	// interpolation of house numbers, and the dataset written carries it.
	Roads *roads.Network
	// CoarseOK places a household whose address is known only to its
	// township at the township's middle; without it such a row is
	// rejected.
	CoarseOK bool
	// Salt keys the hashes of the ids (HMAC-SHA-256): the same salt gives
	// the same child the same id. At least 16 bytes.
	Salt []byte
}

// ReportRow is one line of import-report.csv: a row rejected, changed or
// skipped, with the field and the reason. No reason repeats a name or an id
// number.
type ReportRow struct {
	File   string
	Line   int
	Field  string
	Action string // "rejected", "changed", "skipped", "dropped" or "note"
	Reason string
}

// Placed is one address placed (or not) by the geocoder, for geocode.csv.
type Placed struct {
	ID, Address string
	Result      geocode.Result
	Given       bool // lon/lat were in the file
}

// Result is an import's outcome.
type Result struct {
	Dataset *dataset.Dataset
	Report  []ReportRow
	Placed  []Placed
	// Summary lines for the command's output: counts, the base year and
	// how it was found, the values not understood.
	Summary []string
}

// dateFault is the report's word on a birth date not read: the date itself,
// personal, is not repeated.
const dateFault = "not understood (accepted: an Excel date, 2015/9/1, 2015-09-01, 2015年9月1日, 20150901)"

// Report actions.
const (
	Rejected = "rejected"
	Changed  = "changed"
	Skipped  = "skipped"
	Dropped  = "dropped"
	Note     = "note"
)

type importer struct {
	in      Input
	m       *Mapping
	res     *Result
	probs   dataset.Problems
	geo     *geocode.Geocoder
	unknown map[string]map[string]int // field → value → rows
}

func (im *importer) report(file string, line int, field, action, format string, args ...any) {
	im.res.Report = append(im.res.Report, ReportRow{file, line, field, action, fmt.Sprintf(format, args...)})
}

func (im *importer) problem(file string, line int, format string, args ...any) {
	im.probs = append(im.probs, dataset.Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// sheet is a file's data rows with their header.
type sheet struct {
	t *Table
	h *Header
}

func (s *sheet) cell(r Row, field string) string {
	if c := s.h.Col(field); c >= 0 && c < len(r.Cells) {
		return r.Cells[c]
	}
	return ""
}

func (s *sheet) has(field string) bool { return s.h.Col(field) >= 0 }

// Import reads the three files and returns the dataset they make. Problems
// that keep a file from being read, or leave the dataset without a school
// or a household, are a dataset.Problems; row-level faults go to the report.
func Import(in Input) (*Result, error) {
	if len(in.Salt) < 16 {
		return nil, errors.New("importer: a salt of at least 16 bytes is needed")
	}
	im := &importer{in: in, m: in.Mapping, res: &Result{}, unknown: map[string]map[string]int{}}
	if im.m == nil {
		im.m = &Mapping{}
	}
	sheets := map[Kind]*sheet{}
	for _, k := range Kinds {
		src := map[Kind]Source{Schools: in.Schools, Households: in.Households, Children: in.Children}[k]
		t, err := ReadTable(src.Name, bytes.NewReader(src.Data), im.m.file(k).Sheet)
		if err != nil {
			im.fail(err)
			continue
		}
		h, err := FindHeader(t, k, im.m)
		if err != nil {
			im.fail(err)
			continue
		}
		for _, u := range h.Unknown {
			im.report(t.File, h.Line, u, Dropped, "column %q not recognised: not read (name it in the mapping file to read it)", u)
		}
		sheets[k] = &sheet{t, h}
	}
	if len(im.probs) > 0 {
		return nil, im.probs
	}
	var named []geocode.Road
	if in.Roads != nil {
		for _, r := range in.Roads.Roads() {
			if r.Name != "" {
				named = append(named, geocode.Road{Name: r.Name, Line: r.Line})
			}
		}
	}
	im.geo = geocode.New(im.parser(sheets), in.Reference, named)
	d := &dataset.Dataset{Roads: in.Roads}
	im.schools(d, sheets[Schools])
	hh := im.households(d, sheets[Households])
	im.children(d, sheets[Children], hh)
	if len(im.probs) > 0 {
		return nil, im.probs
	}
	if len(d.Schools) == 0 {
		im.problem(in.Schools.Name, 0, "no school read")
	}
	if len(d.Households) == 0 {
		im.problem(in.Households.Name, 0, "no household placed")
	}
	if len(im.probs) > 0 {
		return nil, im.probs
	}
	d.Meta.Name = im.m.Name
	if d.Meta.Name == "" {
		d.Meta.Name = "imported"
	}
	d.Meta.BaseYear = im.baseYear(d)
	d.Index()
	im.unknownValues()
	// The folder must load: what Load refuses is a bug of the import,
	// reported rather than written.
	files, err := d.Files()
	if err != nil {
		return nil, err
	}
	fsys := fstest.MapFS{}
	for n, b := range files {
		fsys[n] = &fstest.MapFile{Data: b}
	}
	if _, err := dataset.Load(fsys); err != nil {
		return nil, fmt.Errorf("importer: the dataset made does not load:\n%w", err)
	}
	im.res.Dataset = d
	im.summary(d)
	return im.res, nil
}

func (im *importer) fail(err error) {
	var ps dataset.Problems
	if errors.As(err, &ps) {
		im.probs = append(im.probs, ps...)
		return
	}
	im.probs = append(im.probs, dataset.Problem{Msg: err.Error()})
}

// parser reads every address with the place names the addresses
// themselves and the reference's give (address.InferGazetteer).
func (im *importer) parser(sheets map[Kind]*sheet) *address.Parser {
	var addrs []string
	for _, p := range im.in.Reference {
		addrs = append(addrs, p.Address)
	}
	for _, s := range sheets {
		if !s.has("address") {
			continue
		}
		for _, r := range s.t.Rows[s.h.DataStart:] {
			addrs = append(addrs, s.cell(r, "address"))
		}
	}
	return address.NewParser(address.InferGazetteer(addrs))
}

// totalRow reports whether a row is a total (合计, 小计, 总计) row.
func totalRow(r Row) bool {
	for _, c := range r.Cells {
		t := headerText(c)
		if t == "合计" || t == "小计" || t == "总计" || t == "总数" {
			return true
		}
	}
	return false
}

func blankRow(r Row) bool {
	for _, c := range r.Cells {
		if c != "" {
			return false
		}
	}
	return true
}

// rows returns the data rows of a sheet, skipping blank rows and
// reporting total rows.
func (im *importer) rows(s *sheet) []Row {
	var out []Row
	for _, r := range s.t.Rows[s.h.DataStart:] {
		switch {
		case blankRow(r):
		case totalRow(r):
			im.report(s.t.File, r.Line, "", Skipped, "a total row (合计/小计)")
		default:
			out = append(out, r)
		}
	}
	return out
}

// point reads lon/lat columns when the file has them and the row fills
// them; ok false when it does not.
func (im *importer) point(s *sheet, r Row) (orb.Point, bool, string) {
	if !s.has("lon") || !s.has("lat") || s.cell(r, "lon") == "" && s.cell(r, "lat") == "" {
		return orb.Point{}, false, ""
	}
	lon, err1 := strconv.ParseFloat(s.cell(r, "lon"), 64)
	lat, err2 := strconv.ParseFloat(s.cell(r, "lat"), 64)
	if err1 != nil || err2 != nil || math.IsNaN(lon) || math.IsNaN(lat) || lon < 73 || lon > 136 || lat < 3 || lat > 54 {
		return orb.Point{}, false, fmt.Sprintf("lon %q, lat %q not a point in China (lon 73–136, lat 3–54)", s.cell(r, "lon"), s.cell(r, "lat"))
	}
	return orb.Point{lon, lat}, true, ""
}

// locate places an address: its lon/lat when given, else the geocoder's
// point. ok is false, with the reason, when it cannot be placed (a township
// point counts only with CoarseOK).
func (im *importer) locate(id string, s *sheet, r Row, addr string) (orb.Point, bool, string) {
	if p, ok, bad := im.point(s, r); ok {
		im.res.Placed = append(im.res.Placed, Placed{ID: id, Address: addr, Given: true})
		return p, true, ""
	} else if bad != "" {
		return orb.Point{}, false, bad
	}
	if addr == "" {
		return orb.Point{}, false, "no address and no lon/lat"
	}
	res := im.geo.Locate(addr)
	im.res.Placed = append(im.res.Placed, Placed{ID: id, Address: addr, Result: res})
	switch {
	case !res.Placed():
		return orb.Point{}, false, "address not placed: " + res.Reason
	case res.Confidence == geocode.Township && !im.in.CoarseOK:
		return orb.Point{}, false, "address known only to its township (" + res.Reason + "); --coarse-ok places it at the township's middle"
	}
	return res.Loc, true, ""
}

func (im *importer) schools(d *dataset.Dataset, s *sheet) {
	f := s.t.File
	names := map[string]int{}
	ids := map[string]int{}
	for _, r := range im.rows(s) {
		name := s.cell(r, "name")
		if name == "" {
			im.report(f, r.Line, "name", Rejected, "no school name")
			continue
		}
		id := s.cell(r, "school_id")
		if id == "" {
			id = fmt.Sprintf("s%03d", len(d.Schools)+1)
		}
		if l, dup := ids[id]; dup {
			im.report(f, r.Line, "school_id", Rejected, "duplicate school %q (first at line %d)", id, l)
			continue
		}
		if l, dup := names[name]; dup {
			im.report(f, r.Line, "name", Rejected, "duplicate school name %q (first at line %d)", name, l)
			continue
		}
		sc := dataset.School{ID: id, Name: name, Address: s.cell(r, "address"), Public: true, Line: r.Line}
		if !im.seats(&sc, s, r) {
			continue
		}
		switch v := s.cell(r, "public"); {
		case strings.Contains(v, "民办"):
			sc.Public = false
		case v == "" || strings.Contains(v, "公办"):
		default:
			im.unknownValue("public", v)
		}
		switch v := s.cell(r, "area_type"); {
		case strings.HasPrefix(v, "城区") || v == "urban":
			sc.AreaType = dataset.Urban
		case strings.HasPrefix(v, "镇区") || v == "town":
			sc.AreaType = dataset.Town
		case strings.HasPrefix(v, "乡村") || v == "rural":
			sc.AreaType = dataset.Rural
		case v != "":
			im.unknownValue("area_type", v)
		}
		if v := s.cell(r, "boarding"); v == "是" || v == "1" || strings.HasPrefix(v, "寄宿") {
			sc.Boarding = true
		}
		loc, ok, why := im.locate(id, s, r, sc.Address)
		if !ok {
			im.problem(f, r.Line, "school %s: %s", name, why)
			continue
		}
		sc.Loc = loc
		ids[id], names[name] = r.Line, r.Line
		d.Schools = append(d.Schools, sc)
	}
}

// seats fills a school's primary and junior seats from the columns of
// each, or from 学位数 and 办学类型.
func (im *importer) seats(sc *dataset.School, s *sheet, r Row) bool {
	f := s.t.File
	num := func(field string) (int, bool) {
		v := strings.ReplaceAll(s.cell(r, field), ",", "")
		if v == "" {
			return 0, true
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n < 0 || n != math.Trunc(n) || n > 1e6 {
			im.report(f, r.Line, field, Rejected, "%q is not a whole number of seats", s.cell(r, field))
			return 0, false
		}
		return int(n), true
	}
	p, ok1 := num("primary_seats")
	j, ok2 := num("junior_seats")
	all, ok3 := num("seats")
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	typ := s.cell(r, "type")
	if p == 0 && j == 0 && all > 0 {
		switch {
		case strings.Contains(typ, "九年一贯") || strings.Contains(typ, "一贯制"):
			sc.NineYear = true
			// Six grades of nine are primary.
			p = int(math.Round(float64(all) * 6 / 9))
			j = all - p
			im.report(f, r.Line, "seats", Changed, "a nine-year school's %d seats split 6:3 by grades: %d primary, %d junior (give 小学学位数 and 初中学位数 to set them)", all, p, j)
		case strings.Contains(typ, "初中") || strings.Contains(typ, "初级中学") || strings.Contains(typ, "完全中学") || strings.Contains(typ, "中学"):
			j = all
		case strings.Contains(typ, "小学"):
			p = all
		default:
			im.report(f, r.Line, "type", Rejected, "办学类型 %q does not say primary or junior for its %d seats (accepted: 小学, 初级中学, 完全中学, 九年一贯制学校)", typ, all)
			return false
		}
	}
	if strings.Contains(typ, "九年一贯") {
		sc.NineYear = true
	}
	if p == 0 && j == 0 {
		im.report(f, r.Line, "seats", Rejected, "no seats: give 学位数 with 办学类型, or 小学学位数 and 初中学位数")
		return false
	}
	sc.PrimarySeats, sc.JuniorSeats = p, j
	return true
}

// hh is a household read, by its key.
type hhIndex struct {
	byKey  map[string]int // hashed 户号 → index in d.Households
	byAddr map[string]int // normalised address → index
	parser *address.Parser
}

func (im *importer) households(d *dataset.Dataset, s *sheet) *hhIndex {
	f := s.t.File
	x := &hhIndex{byKey: map[string]int{}, byAddr: map[string]int{}, parser: im.geo.Parser()}
	lines := map[string]int{}
	for _, r := range im.rows(s) {
		addr := s.cell(r, "address")
		key := s.cell(r, "household")
		var id string
		if key != "" {
			id = hashID(im.in.Salt, "h", "household", key)
		} else if addr != "" {
			id = hashID(im.in.Salt, "h", "address", x.parser.Normalize(addr))
		} else {
			im.report(f, r.Line, "address", Rejected, "no address and no household number")
			continue
		}
		if l, dup := lines[id]; dup {
			im.report(f, r.Line, "household", Rejected, "duplicate household (first at line %d)", l)
			continue
		}
		h, ok := im.household(id, s, r, addr)
		if !ok {
			continue
		}
		h.Community = s.cell(r, "community")
		lines[id] = r.Line
		x.add(d, h, key != "")
	}
	return x
}

func (x *hhIndex) add(d *dataset.Dataset, h dataset.Household, keyed bool) int {
	i := len(d.Households)
	d.Households = append(d.Households, h)
	x.byKey[h.ID] = i
	if n := x.parser.Normalize(h.Address); n != "" {
		if _, ok := x.byAddr[n]; !ok {
			x.byAddr[n] = i
		}
	}
	return i
}

// household makes a household of a row: hukou, permit and its place.
func (im *importer) household(id string, s *sheet, r Row, addr string) (dataset.Household, bool) {
	f := s.t.File
	h := dataset.Household{ID: id, Address: addr, Hukou: dataset.Local, Line: r.Line}
	if v := s.cell(r, "hukou"); v != "" {
		if hk, ok := im.hukou(v); ok {
			h.Hukou = dataset.Hukou(hk)
		} else {
			im.unknownValue("hukou", v)
			im.report(f, r.Line, "hukou", Changed, "户口性质 %q not understood: taken as local (name it in the mapping file's hukou:)", v)
		}
	}
	if v := s.cell(r, "permit"); v != "" {
		if p, ok := im.permit(v); ok {
			h.Permit = p == "1"
		} else {
			im.unknownValue("permit", v)
			im.report(f, r.Line, "permit", Changed, "居住证 %q not understood: taken as none (name it in the mapping file's permit:)", v)
		}
	}
	if h.Hukou == dataset.Local {
		h.Permit = false
	}
	loc, ok, why := im.locate(id, s, r, addr)
	if !ok {
		im.report(f, r.Line, "address", Rejected, "%s", why)
		return h, false
	}
	h.Loc = loc
	if addr == "" {
		h.Address = "(no address)"
	}
	return h, true
}

func (im *importer) hukou(v string) (string, bool) {
	if h, ok := im.m.Hukou[v]; ok {
		return h, true
	}
	h, ok := hukouWords[headerText(v)]
	return h, ok
}

func (im *importer) permit(v string) (string, bool) {
	if p, ok := im.m.Permit[v]; ok {
		return p, true
	}
	if p, ok := permitWords[strings.ToLower(headerText(v))]; ok {
		return p, true
	}
	// A permit's number: it has one.
	if len(v) >= 6 && strings.IndexFunc(v, func(r rune) bool { return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') }) < 0 {
		return "1", true
	}
	return "", false
}

func (im *importer) unknownValue(field, v string) {
	if im.unknown[field] == nil {
		im.unknown[field] = map[string]int{}
	}
	im.unknown[field][v]++
}

func (im *importer) unknownValues() {
	for _, field := range []string{"hukou", "permit", "public", "area_type"} {
		vs := im.unknown[field]
		if len(vs) == 0 {
			continue
		}
		keys := make([]string, 0, len(vs))
		for v := range vs {
			keys = append(keys, v)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, v := range keys {
			parts[i] = fmt.Sprintf("%q (%d rows)", v, vs[v])
		}
		im.res.Summary = append(im.res.Summary, fmt.Sprintf("%s values not understood: %s", field, strings.Join(parts, ", ")))
		im.report("", 0, field, Note, "values not understood: %s", strings.Join(parts, ", "))
	}
}

func (im *importer) children(d *dataset.Dataset, s *sheet, x *hhIndex) {
	f := s.t.File
	seen := map[string]int{}
	byName := map[string]string{}
	for _, sc := range d.Schools {
		byName[headerText(sc.Name)] = sc.ID
	}
	for _, r := range im.rows(s) {
		sid, idn := s.cell(r, "student_id"), s.cell(r, "id_number")
		var birth int
		if idn != "" {
			if t, err := IDBirth(idn); err != nil {
				im.report(f, r.Line, "id_number", Changed, "身份证号: %v; not used", err)
				idn = ""
			} else {
				birth = t.Year()
			}
		}
		if v := s.cell(r, "birth_date"); v != "" {
			t, err := ParseDate(v)
			switch {
			case err != nil && birth == 0:
				im.report(f, r.Line, "birth_date", Rejected, "出生日期 %s", dateFault)
				continue
			case err != nil:
				im.report(f, r.Line, "birth_date", Changed, "出生日期 %s; the 身份证号's year taken", dateFault)
			case birth != 0 && t.Year() != birth:
				im.report(f, r.Line, "birth_date", Changed, "出生日期's year %d differs from the 身份证号's %d: the 身份证号's taken", t.Year(), birth)
			case birth == 0:
				birth = t.Year()
			}
		}
		if birth == 0 {
			im.report(f, r.Line, "birth_date", Rejected, "no birth year: neither a valid 身份证号 nor a 出生日期")
			continue
		}
		var id string
		switch {
		case sid != "":
			id = hashID(im.in.Salt, "c", "student", sid)
		case idn != "":
			id = hashID(im.in.Salt, "c", "citizen", idn)
		default:
			im.report(f, r.Line, "student_id", Rejected, "no 学籍号 and no valid 身份证号 to know the child by")
			continue
		}
		if l, dup := seen[id]; dup {
			im.report(f, r.Line, "student_id", Rejected, "the same child as line %d", l)
			continue
		}
		c := dataset.Child{ID: id, BirthYear: birth, Line: r.Line}
		school := s.cell(r, "school")
		switch g := s.cell(r, "grade"); {
		case g == "" && school == "":
			c.Grade = 0
		case g == "":
			im.report(f, r.Line, "grade", Rejected, "a pupil of %q without a grade", school)
			continue
		default:
			grade, err := ParseGrade(g)
			if err != nil {
				im.report(f, r.Line, "grade", Rejected, "%v", err)
				continue
			}
			c.Grade = grade
		}
		if school != "" {
			sc := d.School(school)
			if sc == nil {
				if id, ok := byName[headerText(school)]; ok {
					sc = d.School(id)
				}
			}
			switch {
			case sc == nil:
				im.report(f, r.Line, "school", Rejected, "school %q is not in the schools file", school)
				continue
			case c.Grade == 0:
				im.report(f, r.Line, "school", Changed, "a school (%s) given for a child not at school: dropped", sc.Name)
			case !sc.HasLevel(dataset.LevelOfGrade(c.Grade)):
				im.report(f, r.Line, "school", Rejected, "grade %d at %s, which has no %s section", c.Grade, sc.Name, dataset.LevelOfGrade(c.Grade).Chinese())
				continue
			default:
				c.SchoolID = sc.ID
			}
		} else if c.Grade > 0 {
			im.report(f, r.Line, "school", Rejected, "a pupil in grade %d without a school", c.Grade)
			continue
		}
		if v := s.cell(r, "needs"); v != "" && v != "无" && v != "否" && v != "none" {
			c.Disability = true
		}
		hi, ok := im.childHome(d, s, r, x)
		if !ok {
			continue
		}
		c.HouseholdID = d.Households[hi].ID
		seen[id] = r.Line
		d.Children = append(d.Children, c)
	}
}

// childHome finds a child's household: by its 户号, else by its address in
// the households file, else a household made of the child's own row.
func (im *importer) childHome(d *dataset.Dataset, s *sheet, r Row, x *hhIndex) (int, bool) {
	f := s.t.File
	addr := s.cell(r, "address")
	if key := s.cell(r, "household"); key != "" {
		if i, ok := x.byKey[hashID(im.in.Salt, "h", "household", key)]; ok {
			return i, true
		}
	}
	n := x.parser.Normalize(addr)
	if i, ok := x.byAddr[n]; ok && n != "" {
		return i, true
	}
	if addr == "" {
		im.report(f, r.Line, "address", Rejected, "no 现住址 and no household of the households file")
		return 0, false
	}
	id := hashID(im.in.Salt, "h", "address", n)
	h, ok := im.household(id, s, r, addr)
	if !ok {
		return 0, false
	}
	im.report(f, r.Line, "household", Changed, "no household of the households file at this address: one made of the child's row")
	return x.add(d, h, false), true
}

// baseYear is the mapping's base_year, else the year most pupils' birth
// years and grades give (a pupil of grade g born in b entered grade 1 in
// b + 6 and is in grade g in b + 5 + g).
func (im *importer) baseYear(d *dataset.Dataset) int {
	if im.m.BaseYear != 0 {
		im.res.Summary = append(im.res.Summary, fmt.Sprintf("base year %d (the mapping file's)", im.m.BaseYear))
		return im.m.BaseYear
	}
	votes := map[int]int{}
	for _, c := range d.Children {
		if c.Grade > 0 {
			votes[c.BirthYear+5+c.Grade]++
		}
	}
	best, n := 0, 0
	for y, v := range votes {
		if v > n || v == n && y > best {
			best, n = y, v
		}
	}
	if best == 0 {
		best = dataset.MinBaseYear
		for _, c := range d.Children {
			best = max(best, c.BirthYear)
		}
	}
	im.res.Summary = append(im.res.Summary, fmt.Sprintf("base year %d, from the pupils' birth years and grades (%d of them agree; base_year: in the mapping file sets it)", best, n))
	return best
}

func (im *importer) summary(d *dataset.Dataset) {
	counts := map[string]int{}
	for _, r := range im.res.Report {
		counts[r.Action]++
	}
	conf := map[string]int{}
	for _, p := range im.res.Placed {
		switch {
		case p.Given:
			conf["given"]++
		case p.Result.Placed():
			conf[string(p.Result.Confidence)]++
		default:
			conf["not placed"]++
		}
	}
	var cs []string
	for _, k := range []string{"given", "exact", "interpolated", "compound", "village", "township", "not placed"} {
		if conf[k] > 0 {
			cs = append(cs, fmt.Sprintf("%s %d", k, conf[k]))
		}
	}
	im.res.Summary = append([]string{
		fmt.Sprintf("%d schools, %d households, %d children", len(d.Schools), len(d.Households), len(d.Children)),
		fmt.Sprintf("addresses: %s", strings.Join(cs, ", ")),
		fmt.Sprintf("report: %d rows rejected, %d changed, %d skipped, %d columns dropped", counts[Rejected], counts[Changed], counts[Skipped], counts[Dropped]),
	}, im.res.Summary...)
}

// ReportCSV renders the report as import-report.csv: file, line, field,
// action, reason.
func ReportCSV(rows []ReportRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"file", "line", "field", "action", "reason"})
	for _, r := range rows {
		line := ""
		if r.Line > 0 {
			line = strconv.Itoa(r.Line)
		}
		_ = w.Write([]string{r.File, line, r.Field, r.Action, r.Reason})
	}
	w.Flush()
	return b.Bytes()
}

// GeocodeCSV renders where each address was placed: id, address,
// confidence (given: lon/lat in the file), distance_m, reason.
func GeocodeCSV(ps []Placed) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"id", "address", "confidence", "distance_m", "reason"})
	for _, p := range ps {
		conf := string(p.Result.Confidence)
		if p.Given {
			conf = "given"
		}
		_ = w.Write([]string{p.ID, p.Address, conf, geocode.FormatDistance(p.Result), p.Result.Reason})
	}
	w.Flush()
	return b.Bytes()
}
