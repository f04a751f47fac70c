package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// geoJSON is the top level of a GeoJSON text: its type, and for a
// FeatureCollection its features with the line each starts on.
type geoJSON struct {
	typ      string
	features []rawFeature
}

type rawFeature struct {
	line int
	raw  json.RawMessage
}

// jsonError is a GeoJSON syntax problem at a line.
type jsonError struct {
	line int
	msg  string
}

// splitGeoJSON reads the top-level object of b: its "type" and, when it has a
// "features" array, each element with the line on which it starts. The
// elements are not parsed.
func splitGeoJSON(b []byte) (*geoJSON, *jsonError) {
	lc := newLineCounter(b)
	fail := func(err error, base int) *jsonError {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return &jsonError{line: lc.at(base + int(se.Offset)), msg: se.Error()}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return &jsonError{line: lc.at(len(bytes.TrimRight(b, " \t\r\n"))), msg: "unexpected end of file"}
		}
		return &jsonError{line: 1, msg: err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return nil, fail(err, 0)
	}
	if tok != json.Delim('{') {
		return nil, &jsonError{line: 1, msg: "not a JSON object"}
	}
	gj := &geoJSON{}
	var features json.RawMessage
	featuresAt := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(err, 0)
		}
		key, _ := tok.(string)
		at := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fail(err, 0)
		}
		switch key {
		case "type":
			if err := json.Unmarshal(raw, &gj.typ); err != nil {
				return nil, &jsonError{line: lc.at(at), msg: "type must be a string"}
			}
		case "features":
			features = raw
			featuresAt = at + skipTo(b[at:], raw[0])
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(err, 0)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &jsonError{line: lc.at(int(dec.InputOffset())), msg: "data after the end of the GeoJSON object"}
	}
	if features == nil || gj.typ != "FeatureCollection" {
		return gj, nil
	}
	if features[0] != '[' {
		return nil, &jsonError{line: lc.at(featuresAt), msg: "features is not an array"}
	}
	fd := json.NewDecoder(bytes.NewReader(features))
	if _, err := fd.Token(); err != nil {
		return nil, fail(err, featuresAt)
	}
	for fd.More() {
		at := int(fd.InputOffset())
		var raw json.RawMessage
		if err := fd.Decode(&raw); err != nil {
			return nil, fail(err, featuresAt)
		}
		at += skipTo(features[at:], raw[0])
		gj.features = append(gj.features, rawFeature{line: lc.at(featuresAt + at), raw: raw})
	}
	return gj, nil
}

// skipTo returns the index in b of the first byte c: the start of a JSON
// value after the separators before it.
func skipTo(b []byte, c byte) int {
	if i := bytes.IndexByte(b, c); i >= 0 {
		return i
	}
	return 0
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
