package dataset

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"go.yaml.in/yaml/v3"

	"github.com/hutubi-edu/zoning/geo"
)

// MaxOutsideBoundary is how far, in metres, a school or home may lie outside
// the dataset's boundary before Load reports it.
const MaxOutsideBoundary = 10_000

// Option adjusts Load.
type Option func(*loadOptions)

type loadOptions struct {
	dir         string
	fixGeometry bool // WithFixGeometry
}

// WithDisplayDir makes Load name files in its messages as dir joined with
// their name within the fs.FS, e.g. data/x/children.csv, so that the user
// sees the paths they know. LoadDir sets it to its folder.
func WithDisplayDir(dir string) Option {
	return func(o *loadOptions) { o.dir = dir }
}

// LoadDir reads and validates the dataset folder dir. Problems name files
// joined with dir. See Load.
func LoadDir(dir string) (*Dataset, error) {
	return LoadDirContext(context.Background(), dir)
}

// Load reads and validates the dataset folder at the root of fsys (os.DirFS
// of a folder, or an embedded FS): dataset.yaml, schools.csv, households.csv,
// children.csv, the boundary file dataset.yaml names, and zones.geojson when
// present, as docs/dataset-format.md defines them.
//
// It checks everything before it returns: when anything is wrong the error is
// a Problems listing every problem found, each as FILE:LINE: message, and the
// dataset is nil. Messages name files by their name within fsys unless
// WithDisplayDir says otherwise.
//
// Text is UTF-8, a leading byte order mark is skipped, and no line may be
// longer than MaxLineBytes. CSV files follow RFC 4180, columns in any order,
// with a header row; spaces around a cell are ignored, and a blank cell of an
// optional column means absent. Unknown columns and keys are ignored and
// reported in Dataset.Warnings.
//
// Coordinates are checked as given (longitude −180..180, latitude −90..90,
// inside China: longitude 73–136, latitude 3–54; a point that would be in
// China with the two swapped is reported as such), then converted to WGS84
// when dataset.yaml says crs: gcj02 or bd09; schools and homes more than
// MaxOutsideBoundary metres outside the converted boundary are problems.
// On success the dataset's lookups are built (Dataset.Index) and its
// Boundary is nil when dataset.yaml names none.
//
// Problems that keep a file, or a record of it, from being read come first
// (see Problems), and references to a file with such problems are not
// checked: a problem at line 0 says so. Plausibility is checked as
// docs/dataset-format.md says: a base_year outside MinBaseYear–MaxBaseYear,
// a birth year after the base year's school year or too late for the grade
// are problems; a pupil younger or older than usual, an intake above the
// section's seats, and without a boundary a home or campus far from the
// homes, are warnings.
func Load(fsys fs.FS, opts ...Option) (*Dataset, error) {
	return LoadContext(context.Background(), fsys, opts...)
}

// load is LoadContext's work.
func load(ctx context.Context, fsys fs.FS, opts []Option) (*Dataset, error) {
	var o loadOptions
	for _, opt := range opts {
		opt(&o)
	}
	l := &loader{
		fsys: fsys,
		dir:  o.dir,
		d:    &Dataset{FixGeometry: o.fixGeometry},
		crs:  geo.WGS84,

		fixGeometry: o.fixGeometry,
	}
	l.ctx = ctx
	l.fsys = regularFS{fsys}
	if l.noFolder() {
		return nil, l.firstThings()
	}
	for _, step := range []func(){l.loadMeta, l.loadBoundary, l.loadSchools, l.loadHouseholds, l.loadChildren, l.loadZones, l.loadRoads, l.zoneOverlaps, l.plausible} {
		if ctx.Err() != nil {
			return nil, stoppedError(ctx)
		}
		step()
	}
	if ctx.Err() != nil {
		return nil, stoppedError(ctx)
	}
	l.notChecked()
	l.flushCapped()
	if len(l.probs) > 0 {
		// What keeps a file from being read comes first: what follows may
		// be its consequence.
		return nil, l.firstThings()
	}
	sortProblems(l.warns)
	l.d.Warnings = l.warns
	l.d.Index()
	return l.d, nil
}

type loader struct {
	fsys  fs.FS
	dir   string
	d     *Dataset
	probs []Problem
	warns []Problem

	crs          geo.CRS
	metaBoundary int  // line of the boundary key in dataset.yaml
	metaRoads    int  // line of the roads key
	metaBarriers int  // line of the barriers key
	roadsKey     bool // dataset.yaml has a roads key, valid or not
	near         *geo.PolygonDistancer
	fixGeometry  bool // WithFixGeometry: repair invalid polygons

	// Ids seen. schoolsOK and householdsOK say whether the whole file was
	// read, so that references to it can be checked.
	schools, households     idSet
	schoolsOK, householdsOK bool

	ctx context.Context
	// first holds the structural problems, reported first (structural).
	first map[Problem]bool
	// capped counts the warnings of a file and kind (cappedWarn).
	capped map[[2]string]*cappedCount
	// csvRead holds the CSV files whose rows were read and checked.
	csvRead map[string]bool
}

// name returns a file's name as the user knows it.
func (l *loader) name(file string) string {
	if l.dir == "" {
		return file
	}
	return filepath.Join(l.dir, filepath.FromSlash(file))
}

func (l *loader) problem(file string, line int, format string, args ...any) {
	l.probs = append(l.probs, Problem{File: l.name(file), Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) warn(file string, line int, format string, args ...any) {
	l.warns = append(l.warns, Problem{File: l.name(file), Line: line, Msg: fmt.Sprintf(format, args...)})
}

// readText reads a whole text file through the line limit, checks its UTF-8
// and strips a byte order mark. It reports problems itself and returns ok =
// false after one; a missing file is returned as fs.ErrNotExist for the
// caller to judge.
func (l *loader) readText(file string) (b []byte, ok bool, err error) {
	f, err := l.open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, fs.ErrNotExist
	}
	if err != nil {
		return nil, false, nil
	}
	defer f.Close()
	return l.readFrom(file, f)
}

// readFrom is readText on a reader: the line limit, the UTF-8 check and the
// byte order mark.
func (l *loader) readFrom(file string, r io.Reader) (b []byte, ok bool, err error) {
	b, err = io.ReadAll(newLineLimiter(ctxReader{l.ctx, r}))
	if line, long := longLine(err); long {
		l.structural(file, line, "line longer than 1 MiB (%d bytes)", MaxLineBytes)
		return nil, false, nil
	}
	if err != nil {
		if !l.stopped() {
			l.structural(file, 1, "cannot read: %v", unwrapPath(err))
		}
		return nil, false, nil
	}
	b = bytes.TrimPrefix(b, bom)
	if line := invalidUTF8Line(b); line > 0 {
		l.structural(file, line, "%s", notUTF8(guessEncoding(b)))
		return nil, false, nil
	}
	return b, true, nil
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// unwrapPath drops the path of a *fs.PathError, which names the file in the
// FS rather than as the user knows it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ---- dataset.yaml ----

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlParserErrors are the messages of the YAML library's parser, whose
// line numbers count from 0 where its scanner's count from 1.
var yamlParserErrors = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

func (l *loader) loadMeta() {
	b, ok, err := l.readText(MetaFile)
	if errors.Is(err, fs.ErrNotExist) {
		l.structural(MetaFile, 1, "missing file")
		return
	}
	if !ok {
		return
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		msg, line := err.Error(), 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
			if yamlParserErrors[msg] {
				// The YAML library numbers parser (not scanner) errors
				// from 0.
				line++
			}
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		l.structural(MetaFile, line, "unparseable YAML: %s", msg)
		return
	}
	if len(doc.Content) == 0 {
		l.problem(MetaFile, 1, "empty file: want the keys name, base_year, crs, boundary, places, roads, barriers")
		return
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		l.problem(MetaFile, root.Line, "not a mapping of keys (accepted: name, base_year, crs, boundary, places, roads, barriers)")
		return
	}
	first := map[string]int{}
	baseYear := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		for v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if prev, dup := first[k.Value]; dup {
			l.problem(MetaFile, k.Line, "duplicate key %q (first at line %d)", k.Value, prev)
			continue
		}
		first[k.Value] = k.Line
		scalar := v.Kind == yaml.ScalarNode
		null := scalar && v.Tag == "!!null"
		switch k.Value {
		case "name":
			if !scalar {
				l.problem(MetaFile, v.Line, "name must be text")
			} else if !null {
				l.d.Meta.Name = v.Value
			}
		case "base_year":
			baseYear = true
			if y, ok := fourDigits(v.Value); scalar && ok {
				if l.checkBaseYear(v.Line, y) {
					l.d.Meta.BaseYear = y
				}
			} else {
				l.problem(MetaFile, v.Line, "base_year %q is not a year (four digits)", v.Value)
			}
		case "crs":
			val := ""
			if scalar && !null {
				val = v.Value
			}
			crs, err := geo.ParseCRS(val)
			if !scalar || err != nil {
				l.problem(MetaFile, v.Line, "unknown crs %q (accepted: wgs84, gcj02, bd09)", v.Value)
				continue
			}
			l.crs = crs
			l.d.Meta.CRS = crs
		case "boundary":
			switch {
			case !scalar:
				l.problem(MetaFile, v.Line, "boundary must be a file name")
			case null || v.Value == "":
			case !fs.ValidPath(v.Value):
				l.problem(MetaFile, v.Line, "boundary %q is not a path inside the dataset folder (relative, with / separators, no ..)", v.Value)
			default:
				l.d.Meta.Boundary = v.Value
				l.metaBoundary = v.Line
			}
		case "places":
			l.loadPlaces(v)
		case "roads", "barriers":
			l.roadKey(k.Value, v)
		default:
			l.warn(MetaFile, k.Line, "unknown key %q ignored (accepted: name, base_year, crs, boundary, places, roads, barriers)", k.Value)
		}
	}
	if !baseYear {
		l.problem(MetaFile, 1, "missing base_year")
	}
	if l.d.Meta.CRS == "" {
		l.d.Meta.CRS = geo.WGS84
	}
}

// fourDigits parses a year written as exactly four ASCII digits, the first
// not 0.
func fourDigits(s string) (int, bool) {
	if len(s) != 4 || s[0] < '1' || s[0] > '9' {
		return 0, false
	}
	y := 0
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		y = y*10 + int(s[i]-'0')
	}
	return y, true
}

// ---- boundary ----

func (l *loader) loadBoundary() {
	name := l.d.Meta.Boundary
	if name == "" {
		if _, err := fs.Stat(l.fsys, BoundaryFile); err == nil {
			l.warn(BoundaryFile, 1, "not used: dataset.yaml names no boundary")
		}
		return
	}
	f, err := l.openGeoJSON(name)
	if errors.Is(err, fs.ErrNotExist) {
		l.problem(MetaFile, l.metaBoundary, "boundary file %q not found", name)
		return
	}
	if err != nil {
		return
	}
	defer f.Close()
	mp, ok := l.parseBoundary(name, f)
	if !ok {
		return
	}
	l.d.Boundary = mp
	l.near = geo.NewPolygonDistancer(mp)
}

// parseBoundary reads a Polygon or MultiPolygon, bare or as a Feature, or a
// FeatureCollection of them, into one MultiPolygon in WGS84, streaming the
// GeoJSON of r (readGeoJSON).
func (l *loader) parseBoundary(file string, r io.Reader) (orb.MultiPolygon, bool) {
	const want = "want a Polygon or MultiPolygon, a Feature of one, or a FeatureCollection of them"
	var mp orb.MultiPolygon
	ok := true
	mark := len(l.probs)
	n := 0
	gj, err := readGeoJSON(r, MaxGeoJSONBytes(), func(line int, raw json.RawMessage) {
		n++
		feat, msg := parseFeature(raw)
		if msg == "" {
			var part orb.MultiPolygon
			if part, msg = l.polygonal(feat.Geometry); msg == "" {
				var valid bool
				part, valid = l.validGeometry(file, line, fmt.Sprintf("feature %d: ", n), part)
				ok = ok && valid
			}
			mp = append(mp, part...)
		}
		if msg != "" {
			l.problem(file, line, "feature %d: %s", n, msg)
			ok = false
		}
	})
	if err != nil || gj.typ != "FeatureCollection" || gj.notArray > 0 {
		// The features' problems are for a FeatureCollection only; a
		// broken file's are its first problem's follow-ons.
		l.probs = l.probs[:mark]
		mp, ok = nil, true
	}
	if err != nil {
		l.problem(file, err.line, "%s", err)
		return nil, false
	}
	switch gj.typ {
	case "FeatureCollection":
		if gj.notArray > 0 {
			l.problem(file, gj.notArray, "unparseable GeoJSON: features is not an array")
			return nil, false
		}
		if gj.features == 0 {
			l.problem(file, 1, "no features: %s", want)
			return nil, false
		}
	case "Feature":
		feat, msg := parseFeature(gj.object())
		if msg == "" {
			mp, msg = l.polygonal(feat.Geometry)
		}
		if msg != "" {
			l.problem(file, 1, "%s", msg)
			ok = false
		} else {
			mp, ok = l.validGeometry(file, 1, "", mp)
		}
	case "Polygon", "MultiPolygon":
		var msg string
		if mp, msg = l.polygonal(gj.object()); msg != "" {
			l.problem(file, 1, "%s", msg)
			ok = false
		} else {
			mp, ok = l.validGeometry(file, 1, "", mp)
		}
	default:
		l.problem(file, 1, "type %q: %s", gj.typ, want)
		ok = false
	}
	return mp, ok
}

// ---- zones.geojson ----

func (l *loader) loadZones() {
	f, err := l.openGeoJSON(ZonesFile)
	if err != nil {
		return
	}
	defer f.Close()
	l.parseZones(f)
}

// zoneKey is a zone's level and school: one zone each.
type zoneKey struct {
	level  Level
	school string
}

// parseZones streams the GeoJSON of zones.geojson from r (readGeoJSON) into
// l.d.Zones.
func (l *loader) parseZones(r io.Reader) {
	first := map[zoneKey]int{}
	zones := []Zone{}
	mark := len(l.probs)
	n := 0
	gj, perr := readGeoJSON(r, MaxGeoJSONBytes(), func(line int, raw json.RawMessage) {
		n++
		if z, ok := l.zoneFeature(n, line, raw, first); ok {
			zones = append(zones, z)
		}
	})
	if perr != nil || gj.typ != "FeatureCollection" || gj.notArray > 0 {
		l.probs = l.probs[:mark]
	}
	switch {
	case perr != nil:
		l.problem(ZonesFile, perr.line, "%s", perr)
	case gj.typ != "FeatureCollection":
		l.problem(ZonesFile, 1, "type %q is not a FeatureCollection", gj.typ)
	case gj.notArray > 0:
		l.problem(ZonesFile, gj.notArray, "unparseable GeoJSON: features is not an array")
	default:
		l.d.Zones = zones
	}
}

// zoneFeature reads the n-th feature of zones.geojson, at line: ok is false
// after a problem. first holds the line of each zone read so far.
func (l *loader) zoneFeature(n, line int, raw []byte, first map[zoneKey]int) (z Zone, ok bool) {
	bad := func(format string, args ...any) {
		l.problem(ZonesFile, line, "feature %d: %s", n, fmt.Sprintf(format, args...))
	}
	feat, msg := parseFeature(raw)
	if msg != "" {
		bad("%s", msg)
		return z, false
	}
	ok = true
	level, has, text := feat.text("level", false)
	switch {
	case !has:
		bad("no level property")
		ok = false
	case !text:
		bad("level must be text (accepted: primary, junior)")
		ok = false
	default:
		lv, err := ParseLevel(level)
		if err != nil {
			bad("unknown level %q (accepted: primary, junior)", level)
			ok = false
		}
		z.Level = lv
	}
	school, has, text := feat.text("school_id", true)
	switch {
	case !has || (text && school == ""):
		bad("no school_id property")
		ok = false
	case !text:
		bad("school_id must be text")
		ok = false
	default:
		z.SchoolID = school
		if si, known := l.schools[school]; l.schoolsOK && !known {
			bad("school_id %q does not exist in schools.csv", school)
			ok = false
		} else if known && si.index >= 0 && z.Level != "" && !l.d.Schools[si.index].HasLevel(z.Level) {
			bad("school %q has no %s section (%s_seats = 0)", school, z.Level, z.Level)
			ok = false
		}
	}
	if zid, has, text := feat.text("zone_id", true); has && !text {
		bad("zone_id must be text")
		ok = false
	} else {
		z.ZoneID = zid
	}
	if z.Geometry, msg = l.polygonal(feat.Geometry); msg != "" {
		bad("%s", msg)
		ok = false
	} else if g, valid := l.validGeometry(ZonesFile, line, fmt.Sprintf("feature %d: ", n), z.Geometry); valid {
		z.Geometry = g
	} else {
		ok = false
	}
	if !ok {
		return z, false
	}
	k := zoneKey{z.Level, z.SchoolID}
	if prev, dup := first[k]; dup {
		bad("second %s zone of school %q (first at line %d)", z.Level, z.SchoolID, prev)
		return z, false
	}
	first[k] = line
	z.Line = line
	return z, true
}

// ---- CSV files ----

// table is the current record of a CSV file being read, with accessors that
// parse its cells and report problems at its line.
type table struct {
	l    *loader
	file string
	cols map[string]int
	rec  []string
	line int
	bad  bool // the record has a problem
}

// column is a column of a table: its name, and its index in the records or
// −1 when the file does not have it.
type column struct {
	name string
	i    int
}

// col looks a column up by name once, before the records are read.
func (t *table) col(name string) column {
	if i, ok := t.cols[name]; ok {
		return column{name, i}
	}
	return column{name, -1}
}

func (t *table) errf(format string, args ...any) {
	t.l.problem(t.file, t.line, format, args...)
	t.bad = true
}

// text returns the trimmed cell of the column, "" when the file has no such
// column.
func (t *table) text(c column) string {
	if c.i >= 0 {
		return t.rec[c.i]
	}
	return ""
}

// required returns the cell of a column that must not be blank.
func (t *table) required(c column) string {
	s := t.text(c)
	if s == "" {
		t.errf("%s is empty", c.name)
	}
	return s
}

// count parses a non-negative whole number; nil when blank (a problem if
// required) or bad.
func (t *table) count(c column, required bool) *int {
	col, s := c.name, t.text(c)
	if s == "" {
		if required {
			t.errf("%s is empty", col)
		}
		return nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		t.errf("%s %q is not a whole number", col, s)
		return nil
	}
	if v < 0 {
		t.errf("%s %d is negative", col, v)
		return nil
	}
	return &v
}

// amount parses an optional non-negative decimal number; nil when blank or
// bad.
func (t *table) amount(c column) *float64 {
	col, s := c.name, t.text(c)
	if s == "" {
		return nil
	}
	v, ok := parseDecimal(s)
	if !ok {
		t.errf("%s %q is not a number", col, s)
		return nil
	}
	if v < 0 {
		t.errf("%s %s is negative", col, s)
		return nil
	}
	return &v
}

// flag parses an optional 0/1 cell; def when blank.
func (t *table) flag(c column, def bool) bool {
	col := c.name
	switch s := t.text(c); s {
	case "":
		return def
	case "0":
		return false
	case "1":
		return true
	default:
		t.errf("%s %q is not 0 or 1", col, s)
		return def
	}
}

// point parses the lon and lat columns, checks them as given, converts them
// to WGS84 and checks the distance to the boundary.
func (t *table) point(lon, lat column) orb.Point {
	ls, as := t.required(lon), t.required(lat)
	if ls == "" || as == "" {
		return orb.Point{}
	}
	x, okLon := parseDecimal(ls)
	y, okLat := parseDecimal(as)
	if !okLon {
		t.errf("lon %q is not a number", ls)
	}
	if !okLat {
		t.errf("lat %q is not a number", as)
	}
	if !okLon || !okLat {
		return orb.Point{}
	}
	if msg := coordProblem(x, y, ls, as); msg != "" {
		t.errf("%s", msg)
		return orb.Point{}
	}
	p := geo.ToWGS84(orb.Point{x, y}, t.l.crs)
	if t.l.near != nil {
		if d := t.l.near.Distance(p); d > MaxOutsideBoundary {
			t.errf("lon %s, lat %s is %.1f km outside the boundary (more than %d km)", ls, as, d/1000, MaxOutsideBoundary/1000)
		}
	}
	return p
}

// parseDecimal parses a finite decimal number: digits, sign, point and
// exponent only (no hexadecimal, infinities, NaN or underscores).
func parseDecimal(s string) (float64, bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '.', c == '-', c == '+', c == 'e', c == 'E':
		default:
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// coordProblem checks a coordinate as given: ranges, then China. lonText and
// latText are the values as written, for the message.
func coordProblem(lon, lat float64, lonText, latText string) string {
	hint := ""
	if inChinaBox(lat, lon) {
		hint = fmt.Sprintf("; likely cause: latitude and longitude swapped (lon %s, lat %s is in China)", latText, lonText)
	}
	switch {
	case lon < -180 || lon > 180:
		return fmt.Sprintf("lon %s outside -180..180%s", lonText, hint)
	case lat < -90 || lat > 90:
		return fmt.Sprintf("lat %s outside -90..90%s", latText, hint)
	case !inChinaBox(lon, lat):
		return fmt.Sprintf("lon %s, lat %s is outside China (lon 73–136, lat 3–54)%s", lonText, latText, hint)
	}
	return ""
}

// inChinaBox reports whether the point lies in the rectangle of China that
// docs/dataset-format.md gives: longitude 73–136, latitude 3–54.
func inChinaBox(lon, lat float64) bool {
	return lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54
}

// readCSV reads a CSV file: it calls start once with the header read, to
// look up columns, and the function start returns for each record, with the
// table holding its trimmed cells. idCol names the id column: a record that cannot be read into
// columns still has its id passed to ghost, when it has one, so that
// references to it raise no second problem. It returns whether the whole file
// was read with its required columns: only then can references to its ids be
// checked. What keeps the file or a record from being read into columns (a
// missing or unreadable file, another encoding or separator, CR line ends, a
// bad header, malformed CSV, a record with too few or many fields) is
// reported as structural.
func (l *loader) readCSV(file string, known, required []string, idCol string, ghost func(id string, line int), start func(t *table) func()) bool {
	f, err := l.fsys.Open(file)
	if err != nil {
		var nr notRegular
		switch {
		case errors.Is(err, fs.ErrNotExist):
			l.structural(file, 1, "missing file")
		case errors.As(err, &nr):
			// regularFS refused it without opening it: the file as a whole.
			l.structural(file, 0, "%v", nr)
		default:
			l.structural(file, 1, "cannot open: %v", unwrapPath(err))
		}
		return false
	}
	defer f.Close()
	br := bufio.NewReaderSize(newLineLimiter(ctxReader{l.ctx, f}), 64<<10)
	if p, _ := br.Peek(len(bom)); bytes.Equal(p, bom) {
		br.Discard(len(bom))
	}
	if line, msg := sniffCSV(br); msg != "" {
		l.structural(file, line, "%s", msg)
		return false
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	// parsed stays true while every record could be split into fields.
	parsed := true
	// readErr reports a read error and says whether reading must stop.
	readErr := func(err error) (stop bool) {
		if l.stopped() {
			return true
		}
		if line, long := longLine(err); long {
			l.structural(file, line, "line longer than 1 MiB (%d bytes); the rest of the file is not read", MaxLineBytes)
			return true
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			l.structural(file, pe.StartLine, "malformed CSV: %v (line %d, column %d)", pe.Err, pe.Line, pe.Column)
			parsed = false
			return false
		}
		l.structural(file, 1, "cannot read: %v", unwrapPath(err))
		return true
	}

	header, err := cr.Read()
	if err == io.EOF {
		l.structural(file, 1, "empty file: no header row")
		return false
	}
	if err != nil {
		readErr(err)
		return false
	}
	header = slices.Clone(header) // the reader reuses its record
	if len(header) == 1 && len(required) > 1 {
		if sep := otherSeparator(header[0]); sep != "" {
			l.structural(file, 1, "the header reads as one field: the file looks separated by %s, and CSV here is comma-separated: save it with commas"+excelUTF8, sep)
			return false
		}
	}
	cols := make(map[string]int, len(header))
	isKnown := make(map[string]bool, len(known))
	for _, k := range known {
		isKnown[k] = true
	}
	ok := true
	for i, h := range header {
		h = strings.TrimSpace(h)
		switch prev, dup := cols[h]; {
		case h == "":
			// Spreadsheets leave empty columns at the end of a header.
			l.warn(file, 1, "column %d has no name; ignored", i+1)
		case !utf8.ValidString(h):
			msg := "invalid UTF-8 in the name of column %d"
			if g := guessEncoding([]byte(h)); g != "" {
				msg += "; " + notUTF8(g) + excelUTF8
			}
			l.structural(file, 1, msg, i+1)
			ok = false
		case dup:
			l.structural(file, 1, "duplicate column %q (columns %d and %d)", h, prev+1, i+1)
			ok = false
		case !isKnown[h]:
			cols[h] = i
			l.warn(file, 1, "unknown column %q ignored", h)
		default:
			cols[h] = i
		}
	}
	for _, c := range required {
		if _, has := cols[c]; !has {
			l.structural(file, 1, "missing required column %q", c)
			ok = false
		}
	}
	if !ok {
		return false
	}
	if l.csvRead == nil {
		l.csvRead = map[string]bool{}
	}
	l.csvRead[file] = true
	idIdx := cols[idCol]
	t := &table{l: l, file: file, cols: cols}
	row := start(t)
	for n := 1; ; n++ {
		if n%4096 == 0 && l.stopped() {
			return false
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if readErr(err) {
				return false
			}
			continue
		}
		t.line, _ = cr.FieldPos(0)
		if len(rec) != len(header) {
			l.structural(file, t.line, "has %d fields, the header has %d", len(rec), len(header))
			if idIdx < len(rec) {
				ghost(strings.TrimSpace(rec[idIdx]), t.line)
			}
			continue
		}
		valid := true
		for i := range rec {
			if !utf8.ValidString(rec[i]) {
				msg := fmt.Sprintf("invalid UTF-8 in column %q", strings.TrimSpace(header[i]))
				if g := guessEncoding([]byte(rec[i])); g != "" {
					msg += "; " + notUTF8(g) + excelUTF8
				}
				l.problem(file, t.line, "%s", msg)
				valid = false
			}
			rec[i] = strings.TrimSpace(rec[i])
		}
		if !valid {
			if utf8.ValidString(rec[idIdx]) {
				ghost(rec[idIdx], t.line)
			}
			continue
		}
		t.rec, t.bad = rec, false
		row()
	}
	return parsed
}

// idSet maps the ids of a file to their row.
type idSet map[string]idEntry

type idEntry struct {
	index int // in the dataset's slice, or −1 for a row with problems
	line  int
}

// newIDSet returns an idSet sized for a file of the given bytes.
func (l *loader) newIDSet(file string) idSet {
	hint := 0
	if fi, err := fs.Stat(l.fsys, file); err == nil {
		hint = int(min(fi.Size()/48, 1<<22))
	}
	return make(idSet, hint)
}

// register records an id of a file, reporting a duplicate. index is the
// row's index in the dataset, or −1 for a row with problems.
func (l *loader) register(ids idSet, file, col, id string, line, index int) bool {
	if id == "" {
		return false
	}
	if prev, dup := ids[id]; dup {
		l.problem(file, line, "duplicate %s %q (first at line %d)", col, id, prev.line)
		return false
	}
	ids[id] = idEntry{index, line}
	return true
}

var (
	schoolRequired    = []string{"school_id", "name", "lon", "lat", "primary_seats", "junior_seats"}
	householdRequired = []string{"household_id", "lon", "lat", "address", "hukou"}
	childRequired     = []string{"child_id", "household_id", "birth_year", "grade"}
)

func (l *loader) loadSchools() {
	l.schools = l.newIDSet(SchoolsFile)
	ghost := func(id string, line int) {
		l.register(l.schools, SchoolsFile, "school_id", id, line, -1)
	}
	l.schoolsOK = l.readCSV(SchoolsFile, schoolKnown, schoolRequired, "school_id", ghost, func(t *table) func() {
		id, name, lon, lat := t.col("school_id"), t.col("name"), t.col("lon"), t.col("lat")
		pSeats, jSeats, pIntake, jIntake := t.col("primary_seats"), t.col("junior_seats"), t.col("primary_intake"), t.col("junior_intake")
		area, boarding, public := t.col("area_type"), t.col("boarding"), t.col("public")
		teaching, sports, qualified := t.col("teaching_area_m2"), t.col("sports_area_m2"), t.col("teachers_qualified")
		backbone, peArt, equipment := t.col("teachers_backbone"), t.col("teachers_pe_art"), t.col("equipment_yuan")
		multimedia, address, nineYear := t.col("multimedia_rooms"), t.col("address"), t.col("nine_year")
		music, art := t.col("music_rooms"), t.col("art_rooms")
		pRooms, jRooms := t.col("primary_classrooms"), t.col("junior_classrooms")
		feeds := t.col("feeds")
		return func() {
			var s School
			s.Line = t.line
			s.ID = t.required(id)
			s.Name = t.required(name)
			s.Loc = t.point(lon, lat)
			if p := t.count(pSeats, true); p != nil {
				s.PrimarySeats = *p
			}
			if p := t.count(jSeats, true); p != nil {
				s.JuniorSeats = *p
			}
			s.PrimaryIntake = t.count(pIntake, false)
			s.JuniorIntake = t.count(jIntake, false)
			t.checkIntake(&s)
			switch a := AreaType(t.text(area)); a {
			case AreaUnknown, Urban, Town, Rural:
				s.AreaType = a
			default:
				t.errf("area_type %q unknown (accepted: urban, town, rural)", a)
			}
			s.Boarding = t.flag(boarding, false)
			s.Public = t.flag(public, true)
			s.TeachingAreaM2 = t.amount(teaching)
			s.SportsAreaM2 = t.amount(sports)
			s.TeachersQualified = t.amount(qualified)
			s.TeachersBackbone = t.amount(backbone)
			s.TeachersPEArt = t.amount(peArt)
			s.EquipmentYuan = t.amount(equipment)
			s.MultimediaRooms = t.amount(multimedia)
			s.Address = t.text(address)
			s.NineYear = t.flag(nineYear, false)
			s.MusicRooms = t.count(music, false)
			s.ArtRooms = t.count(art, false)
			s.PrimaryClassrooms = t.count(pRooms, false)
			s.JuniorClassrooms = t.count(jRooms, false)
			s.Feeds = t.text(feeds)
			index := -1
			if !t.bad {
				index = len(l.d.Schools)
			}
			if l.register(l.schools, SchoolsFile, "school_id", s.ID, t.line, index) && !t.bad {
				l.d.Schools = append(l.d.Schools, s)
			}
		}
	})
	l.checkFeeds()
}

func (l *loader) loadHouseholds() {
	l.households = l.newIDSet(HouseholdsFile)
	ghost := func(id string, line int) {
		l.register(l.households, HouseholdsFile, "household_id", id, line, -1)
	}
	localPermits, firstLocalPermit := 0, 0
	l.householdsOK = l.readCSV(HouseholdsFile, HouseholdColumns, householdRequired, "household_id", ghost, func(t *table) func() {
		id, lon, lat, address := t.col("household_id"), t.col("lon"), t.col("lat"), t.col("address")
		hukou, permit, community := t.col("hukou"), t.col("permit"), t.col("community")
		return func() {
			var h Household
			h.Line = t.line
			h.ID = t.required(id)
			h.Loc = t.point(lon, lat)
			h.Address = t.required(address)
			switch hk := Hukou(t.text(hukou)); hk {
			case Local, Migrant:
				h.Hukou = hk
			case "":
				t.errf("hukou is empty (accepted: local, migrant)")
			default:
				t.errf("hukou %q unknown (accepted: local, migrant)", hk)
			}
			h.Permit = t.flag(permit, false)
			if h.Hukou == Local && h.Permit {
				// A residence permit means nothing for a local household.
				h.Permit = false
				if localPermits == 0 {
					firstLocalPermit = t.line
				}
				localPermits++
			}
			h.Community = t.text(community)
			index := -1
			if !t.bad {
				index = len(l.d.Households)
			}
			if l.register(l.households, HouseholdsFile, "household_id", h.ID, t.line, index) && !t.bad {
				l.d.Households = append(l.d.Households, h)
			}
		}
	})
	if localPermits > 0 {
		l.warn(HouseholdsFile, firstLocalPermit, "%d local households have permit = 1 (from this line on); permit counts for migrant households only and is ignored for them", localPermits)
	}
}

func (l *loader) loadChildren() {
	ids := l.newIDSet(ChildrenFile)
	ghost := func(id string, line int) { l.register(ids, ChildrenFile, "child_id", id, line, -1) }
	l.readCSV(ChildrenFile, ChildColumns, childRequired, "child_id", ghost, func(t *table) func() {
		id, household, birthYear, grade := t.col("child_id"), t.col("household_id"), t.col("birth_year"), t.col("grade")
		school, needs := t.col("school_id"), t.col("needs")
		return func() {
			var c Child
			c.Line = t.line
			c.ID = t.required(id)
			c.HouseholdID = t.required(household)
			if _, ok := l.households[c.HouseholdID]; c.HouseholdID != "" && l.householdsOK && !ok {
				t.errf("household_id %q does not exist in households.csv", c.HouseholdID)
			}
			if s := t.required(birthYear); s != "" {
				if y, ok := fourDigits(s); ok {
					c.BirthYear = y
				} else {
					t.errf("birth_year %q is not four digits", s)
				}
			}
			gradeOK := false
			if s := t.required(grade); s != "" {
				g, err := strconv.Atoi(s)
				switch {
				case err != nil:
					t.errf("grade %q is not a whole number (accepted: 0–9)", s)
				case g < 0 || g > 9:
					t.errf("grade %d outside 0–9", g)
				default:
					c.Grade, gradeOK = g, true
				}
			}
			if gradeOK {
				t.checkBirth(&c)
			}
			c.SchoolID = t.text(school)
			switch {
			case !gradeOK:
			case c.Grade == 0 && c.SchoolID != "":
				t.errf("grade 0 child has school_id %q: only pupils in grades 1–9 have a school", c.SchoolID)
			case c.Grade >= 1 && c.SchoolID == "":
				t.errf("grade %d pupil has no school_id", c.Grade)
			case c.Grade >= 1:
				e, ok := l.schools[c.SchoolID]
				lv := LevelOfGrade(c.Grade)
				if l.schoolsOK && !ok {
					t.errf("school_id %q does not exist in schools.csv", c.SchoolID)
				} else if ok && e.index >= 0 && !l.d.Schools[e.index].HasLevel(lv) {
					t.errf("school %q has no %s section (%s_seats = 0) for grade %d", c.SchoolID, lv, lv, c.Grade)
				}
			}
			switch n := t.text(needs); n {
			case "", "none":
			case "disability":
				c.Disability = true
			default:
				t.errf("needs %q unknown (accepted: none, disability)", n)
			}
			if l.register(ids, ChildrenFile, "child_id", c.ID, t.line, 0) && !t.bad {
				l.d.Children = append(l.d.Children, c)
			}
		}
	})
}
