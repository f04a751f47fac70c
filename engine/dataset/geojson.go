package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"sync/atomic"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// DefaultMaxGeoJSONBytes is the largest GeoJSON file (zones.geojson, a
// boundary, a plan's zones) read unless SetMaxGeoJSONBytes says otherwise:
// 256 MiB. GeoJSON files have no line limit (MaxLineBytes is for CSV rows
// and dataset.yaml): a GIS tool may write a whole file on one line.
const DefaultMaxGeoJSONBytes = 256 << 20

var maxGeoJSONBytes atomic.Int64

// SetMaxGeoJSONBytes sets the largest GeoJSON file read, in bytes, for the
// whole process (the configuration's limits.geojson_max_mib); n ≤ 0
// restores DefaultMaxGeoJSONBytes.
func SetMaxGeoJSONBytes(n int64) { maxGeoJSONBytes.Store(max(n, 0)) }

// MaxGeoJSONBytes is the largest GeoJSON file read, in bytes.
func MaxGeoJSONBytes() int64 {
	if n := maxGeoJSONBytes.Load(); n > 0 {
		return n
	}
	return DefaultMaxGeoJSONBytes
}

// open opens a file of the dataset (through regularFS, which refuses one
// that is not a regular file). A missing file is returned as fs.ErrNotExist
// for the caller to judge; any other failure is reported, "FILE:1: cannot
// open: …", and returned.
func (l *loader) open(file string) (fs.File, error) {
	f, err := l.fsys.Open(file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.problem(file, 1, "cannot open: %v", unwrapPath(err))
	}
	return f, err
}

// openGeoJSON opens a GeoJSON file of the dataset (open) for readGeoJSON,
// which reads it as a stream: no line limit, and the UTF-8 check as it
// reads.
func (l *loader) openGeoJSON(file string) (io.ReadCloser, error) {
	f, err := l.open(file)
	if err != nil {
		return nil, err
	}
	if l.ctx == nil {
		return f, nil
	}
	// A read stops when the load is stopped, as readText's do.
	return struct {
		io.Reader
		io.Closer
	}{ctxReader{l.ctx, f}, f}, nil
}

// geoJSON is the top level of a GeoJSON text as readGeoJSON streams it: its
// type and its members other than features, their values raw.
type geoJSON struct {
	typ      string
	members  map[string]json.RawMessage
	features int // elements of the features array read
	// notArray is the line of a features member that is not an array, 0
	// when there is none.
	notArray int
}

// object returns the top-level object without its features: a Feature or a
// bare geometry.
func (g *geoJSON) object() []byte {
	b, _ := json.Marshal(g.members)
	return b
}

// jsonError is a GeoJSON problem at a line: its syntax, its size or its
// encoding.
type jsonError struct {
	line  int
	msg   string
	plain bool // the file's size or encoding, not its JSON
}

// String is the problem's message.
func (e *jsonError) String() string {
	if e.plain {
		return e.msg
	}
	return "unparseable GeoJSON: " + e.msg
}

// readGeoJSON streams the GeoJSON object of r (a leading byte order mark
// skipped) with json.Decoder token by token: each element of its top-level
// features array is passed to feature, as it is read, with the line on which
// it starts, so that only one feature is held at a time. The features are
// passed whatever the type, which may come after them: the caller judges the
// type afterwards. The file may hold at most limit bytes and must be UTF-8.
func readGeoJSON(r io.Reader, limit int64, feature func(line int, raw json.RawMessage)) (*geoJSON, *jsonError) {
	s := &geoStream{r: r, limit: limit, line: 1, readLine: 1}
	dec := json.NewDecoder(s)
	fail := func(err error) *jsonError {
		if s.err != nil {
			return s.problem()
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return &jsonError{line: s.at(se.Offset), msg: se.Error()}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return &jsonError{line: s.at(s.lastText + 1), msg: "unexpected end of file"}
		}
		return &jsonError{line: s.at(dec.InputOffset()), msg: err.Error()}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fail(err)
	}
	if tok != json.Delim('{') {
		return nil, &jsonError{line: 1, msg: "not a JSON object"}
	}
	gj := &geoJSON{members: map[string]json.RawMessage{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(err)
		}
		key, _ := tok.(string)
		if key == "features" {
			if err := gj.readFeatures(dec, s, feature); err != nil {
				return nil, fail(err)
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fail(err)
		}
		if key == "type" {
			if err := json.Unmarshal(raw, &gj.typ); err != nil {
				return nil, &jsonError{line: s.at(dec.InputOffset() - int64(len(raw))), msg: "type must be a string"}
			}
		}
		gj.members[key] = raw
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if s.err != nil {
			return nil, s.problem()
		}
		return nil, &jsonError{line: s.at(dec.InputOffset()), msg: "data after the end of the GeoJSON object"}
	}
	if s.err != nil {
		return nil, s.problem()
	}
	return gj, nil
}

// readFeatures reads the value of a features member: an array's elements
// one by one, or any other value skipped and its line kept in notArray.
func (g *geoJSON) readFeatures(dec *json.Decoder, s *geoStream, feature func(int, json.RawMessage)) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		if g.notArray == 0 {
			g.notArray = s.at(dec.InputOffset() - 1)
		}
		return skipValue(dec, tok)
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		g.features++
		feature(s.at(dec.InputOffset()-int64(len(raw))), raw)
	}
	_, err = dec.Token() // ]
	return err
}

// skipValue skips the rest of a value whose first token is tok.
func skipValue(dec *json.Decoder, tok json.Token) error {
	depth := 0
	for {
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
		var err error
		if tok, err = dec.Token(); err != nil {
			return err
		}
	}
}

// geoStream passes a GeoJSON file to the decoder: it skips a leading byte
// order mark, stops at the size limit and at the first invalid UTF-8, and
// keeps the offsets of the line ends not yet counted so that increasing
// offsets of the decoder map to lines without holding the file.
type geoStream struct {
	r     io.Reader
	limit int64
	n     int64 // bytes passed on, the byte order mark not counted
	bom   bool  // the start has been checked for a byte order mark
	eof   bool  // r is at its end
	carry []byte

	ends     []int64 // offsets of '\n' not yet counted by at
	line     int     // the line of the offsets asked so far
	readLine int     // the line of the last byte read
	lastText int64   // offset of the last byte read that is not white space

	err     error
	errLine int
}

var (
	errGeoJSONTooLarge = errors.New("dataset: GeoJSON file too large")
	errGeoJSONUTF8     = errors.New("dataset: invalid UTF-8")
)

func (s *geoStream) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if !s.bom {
		s.bom = true
		head := make([]byte, 3)
		n, err := io.ReadFull(s.r, head)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			s.eof = true
		} else if err != nil {
			s.fail(err, 1)
			return 0, err
		}
		if !bytes.Equal(head[:n], bom) {
			s.carry = head[:n]
		}
	}
	// What is carried over (the start, or an incomplete UTF-8 sequence)
	// goes first.
	k := copy(p, s.carry)
	s.carry = s.carry[k:]
	if k < len(p) && !s.eof {
		n, err := s.r.Read(p[k:])
		k += n
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.fail(err, 1)
			return 0, err
		}
	}
	b := p[:k]
	if s.n+int64(len(b)) > s.limit {
		s.fail(errGeoJSONTooLarge, 1)
		return 0, s.err
	}
	good, bad := s.scan(b, s.eof && len(s.carry) == 0)
	if bad {
		return good, s.err
	}
	if good < len(b) {
		s.carry = append(append([]byte(nil), b[good:]...), s.carry...)
	}
	if good == 0 && s.eof && len(s.carry) == 0 {
		return 0, io.EOF
	}
	return good, nil
}

// scan checks b (the next bytes of the file) and records its line ends. It
// returns the length of its prefix that ends with a whole UTF-8 sequence,
// and bad on invalid UTF-8 (an incomplete sequence is invalid at the end of
// the file).
func (s *geoStream) scan(b []byte, atEOF bool) (good int, bad bool) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch c {
			case '\n':
				s.ends = append(s.ends, s.n)
				s.readLine++
			case ' ', '\t', '\r':
			default:
				s.lastText = s.n
			}
			s.n++
			i++
			continue
		}
		if !utf8.FullRune(b[i:]) && !atEOF {
			return i, false
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			s.fail(errGeoJSONUTF8, s.readLine)
			return i, true
		}
		s.lastText = s.n + int64(size) - 1
		s.n += int64(size)
		i += size
	}
	return len(b), false
}

func (s *geoStream) fail(err error, line int) {
	s.err, s.errLine = err, line
}

// problem describes the error that stopped the stream.
func (s *geoStream) problem() *jsonError {
	switch s.err {
	case errGeoJSONTooLarge:
		limit := fmt.Sprintf("%d bytes", s.limit)
		if s.limit%(1<<20) == 0 {
			limit = fmt.Sprintf("%d MiB", s.limit>>20)
		}
		return &jsonError{line: 1, msg: "file larger than the limit of " + limit + " (limits.geojson_max_mib)", plain: true}
	case errGeoJSONUTF8:
		return &jsonError{line: s.errLine, msg: "invalid UTF-8", plain: true}
	}
	return &jsonError{line: 1, msg: "cannot read: " + unwrapPath(s.err).Error(), plain: true}
}

// at returns the line of byte offset off: offsets asked must not decrease.
func (s *geoStream) at(off int64) int {
	i := 0
	for i < len(s.ends) && s.ends[i] < off {
		i++
	}
	s.line += i
	s.ends = s.ends[i:]
	return s.line
}

// feature is a GeoJSON Feature with its properties and geometry unparsed.
type feature struct {
	Type       string                     `json:"type"`
	Properties map[string]json.RawMessage `json:"properties"`
	Geometry   json.RawMessage            `json:"geometry"`
}

// parseFeature reads a Feature; msg says what is wrong with it.
func parseFeature(raw []byte) (f feature, msg string) {
	if err := json.Unmarshal(raw, &f); err != nil {
		return f, "not a GeoJSON Feature: " + err.Error()
	}
	if f.Type != "Feature" {
		return f, fmt.Sprintf("type %q is not a Feature", f.Type)
	}
	return f, ""
}

// text returns a property that must be text. With number, a JSON number is
// taken as written (QGIS writes integer ids as numbers). has is false when
// the property is absent or null; isText is false for any other kind of
// value.
func (f *feature) text(key string, number bool) (v string, has, isText bool) {
	raw, ok := f.Properties[key]
	if !ok || string(raw) == "null" {
		return "", false, false
	}
	if err := json.Unmarshal(raw, &v); err == nil {
		return v, true, true
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); number && err == nil {
		return n.String(), true, true
	}
	return "", true, false
}

// polygonal reads a GeoJSON Polygon or MultiPolygon geometry, checks its
// rings and coordinates as given, and converts it to WGS84. msg says what is
// wrong with it.
func (l *loader) polygonal(raw []byte) (mp orb.MultiPolygon, msg string) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, "no geometry (want Polygon or MultiPolygon)"
	}
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, "unparseable geometry: " + err.Error()
	}
	switch g.Type {
	case "Polygon":
		var c [][][]float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, "unparseable Polygon coordinates: " + err.Error()
		}
		p, msg := l.polygon(c)
		if msg != "" {
			return nil, msg
		}
		mp = orb.MultiPolygon{p}
	case "MultiPolygon":
		var c [][][][]float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, "unparseable MultiPolygon coordinates: " + err.Error()
		}
		if len(c) == 0 {
			return nil, "empty MultiPolygon"
		}
		for i, pc := range c {
			p, msg := l.polygon(pc)
			if msg != "" {
				return nil, fmt.Sprintf("polygon %d: %s", i+1, msg)
			}
			mp = append(mp, p)
		}
	case "":
		return nil, "geometry has no type (want Polygon or MultiPolygon)"
	default:
		return nil, fmt.Sprintf("geometry is %s, want Polygon or MultiPolygon", g.Type)
	}
	return mp, ""
}

// polygon checks the rings of one polygon (at least one; each closed, with at
// least four positions of two or three numbers, the coordinates valid and in
// China) and converts it to WGS84.
func (l *loader) polygon(c [][][]float64) (orb.Polygon, string) {
	if len(c) == 0 {
		return nil, "polygon has no rings"
	}
	p := make(orb.Polygon, len(c))
	for i, rc := range c {
		if len(rc) < 4 {
			return nil, fmt.Sprintf("ring %d has %d positions, a closed ring needs at least 4", i+1, len(rc))
		}
		ring := make(orb.Ring, len(rc))
		for j, pos := range rc {
			if len(pos) != 2 && len(pos) != 3 {
				return nil, fmt.Sprintf("ring %d position %d has %d numbers, want lon, lat", i+1, j+1, len(pos))
			}
			lon, lat := pos[0], pos[1]
			if msg := coordProblem(lon, lat, fmtCoord(lon), fmtCoord(lat)); msg != "" {
				return nil, fmt.Sprintf("ring %d position %d: %s", i+1, j+1, msg)
			}
			ring[j] = geo.ToWGS84(orb.Point{lon, lat}, l.crs)
		}
		if f, e := rc[0], rc[len(rc)-1]; f[0] != e[0] || f[1] != e[1] {
			return nil, fmt.Sprintf("ring %d is not closed: its first and last positions differ", i+1)
		}
		p[i] = ring
	}
	return p, ""
}

func fmtCoord(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
