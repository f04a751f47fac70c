package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
)

// denseRect is the rectangle lon0..lon1 × lat0..lat1 as a GeoJSON Polygon's
// coordinates, with n positions along each edge: the same area, as many
// bytes as wanted.
func denseRect(lon0, lat0, lon1, lat1 float64, n int) string {
	var b strings.Builder
	b.WriteString("[[")
	pt := func(lon, lat float64) { fmt.Fprintf(&b, "[%.9f,%.9f],", lon, lat) }
	for i := 0; i < n; i++ {
		pt(lon0+(lon1-lon0)*float64(i)/float64(n), lat0)
	}
	for i := 0; i < n; i++ {
		pt(lon1, lat0+(lat1-lat0)*float64(i)/float64(n))
	}
	for i := 0; i < n; i++ {
		pt(lon1-(lon1-lon0)*float64(i)/float64(n), lat1)
	}
	for i := 0; i < n; i++ {
		pt(lon0, lat1-(lat1-lat0)*float64(i)/float64(n))
	}
	fmt.Fprintf(&b, "[%.9f,%.9f]]]", lon0, lat0)
	return b.String()
}

// TestGeoJSONHasNoLineLimit: a zones.geojson and a boundary written on one
// line of more than MaxLineBytes, as GIS tools write them, load; before
// GeoJSON was streamed they stopped at "line longer than 1 MiB".
func TestGeoJSONHasNoLineLimit(t *testing.T) {
	files := validFiles(t)
	zone := func(level, school, coords string) string {
		return `{"type":"Feature","properties":{"level":"` + level + `","school_id":"` + school +
			`"},"geometry":{"type":"Polygon","coordinates":` + coords + `}}`
	}
	west := denseRect(86.55, 44.05, 86.8, 44.35, 6000)
	east := denseRect(86.8, 44.05, 87.05, 44.35, 6000)
	files[ZonesFile] = `{"type":"FeatureCollection","features":[` + strings.Join([]string{
		zone("primary", "S1", east), zone("primary", "S3", west), zone("junior", "S2", east), zone("junior", "S3", west)}, ",") + "]}"
	files[BoundaryFile] = `{"type":"Feature","properties":{"name":"测试县"},"geometry":{"type":"Polygon","coordinates":` +
		denseRect(86.55, 44.05, 87.05, 44.35, 12000) + `}}`
	for _, name := range []string{ZonesFile, BoundaryFile} {
		if n := len(files[name]); n <= MaxLineBytes || strings.Contains(files[name], "\n") {
			t.Fatalf("%s: %d bytes on one line, want more than %d", name, n, MaxLineBytes)
		}
	}
	d, err := Load(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Zones) != 4 || len(d.Zones[0].Geometry[0][0]) != 4*6000+1 || len(d.Boundary[0][0]) != 4*12000+1 {
		t.Fatalf("%d zones, the first of %d positions, a boundary of %d: want 4, %d and %d",
			len(d.Zones), len(d.Zones[0].Geometry[0][0]), len(d.Boundary[0][0]), 4*6000+1, 4*12000+1)
	}
	// Written back, every line is one feature.
	out, err := d.Files()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out[ZonesFile]), "\n"), "\n")
	if len(lines) != 4+2 {
		t.Fatalf("zones.geojson written in %d lines, want a line per feature and two", len(lines))
	}
	if _, err := Load(bytesFS(out)); err != nil {
		t.Fatalf("written back: %v", err)
	}
}

// TestGeoJSONSizeLimit: a GeoJSON file over MaxGeoJSONBytes is one problem
// naming the limit and its key; the limit is the configuration's.
func TestGeoJSONSizeLimit(t *testing.T) {
	defer SetMaxGeoJSONBytes(0)
	files := validFiles(t)
	limit := len(files[ZonesFile]) - 1
	SetMaxGeoJSONBytes(int64(limit))
	ps := problemsOf(t, files)
	want := fmt.Sprintf("zones.geojson:1: file larger than the limit of %d bytes (limits.geojson_max_mib)", limit)
	if len(ps) != 1 || ps[0].String() != want {
		t.Fatalf("problems %q, want only %q", ps, want)
	}
	_, err := ReadZones([]byte(files[ZonesFile]), "plan.geojson", nil, "")
	if err == nil || !strings.Contains(err.Error(), "plan.geojson:1: file larger than") {
		t.Fatalf("ReadZones: %v, want the size problem", err)
	}
	SetMaxGeoJSONBytes(int64(len(files[ZonesFile])))
	if _, err := Load(mapFS(files)); err != nil {
		t.Fatalf("a file of exactly the limit: %v", err)
	}
	SetMaxGeoJSONBytes(0)
	if MaxGeoJSONBytes() != DefaultMaxGeoJSONBytes {
		t.Fatalf("limit %d after reset, want %d", MaxGeoJSONBytes(), DefaultMaxGeoJSONBytes)
	}
}

// TestReadGeoJSONStream reads GeoJSON a byte at a time (every UTF-8
// sequence split across reads): the features and their lines, the byte
// order mark, and the problems at their lines.
func TestReadGeoJSONStream(t *testing.T) {
	type feat struct {
		line int
		raw  string
	}
	read := func(s string) ([]feat, *geoJSON, *jsonError) {
		var fs []feat
		gj, err := readGeoJSON(iotest.OneByteReader(strings.NewReader(s)), 1<<20, func(line int, raw json.RawMessage) {
			fs = append(fs, feat{line, string(raw)})
		})
		return fs, gj, err
	}
	fs, gj, err := read("\uFEFF{\n\"name\": \"测试\",\n\"features\": [\n  {\"a\":\"区\"},\n\n  {\"b\":\n 2}, 3\n],\n\"type\": \"FeatureCollection\"}\n")
	if err != nil {
		t.Fatal(err.msg)
	}
	want := []feat{{4, `{"a":"区"}`}, {6, "{\"b\":\n 2}"}, {7, "3"}}
	if fmt.Sprint(fs) != fmt.Sprint(want) || gj.typ != "FeatureCollection" || gj.features != 3 || string(gj.members["name"]) != `"测试"` {
		t.Fatalf("features %v, type %q, members %v; want %v", fs, gj.typ, gj.members, want)
	}
	for _, tc := range []struct{ in, want string }{
		{"{\"type\":\"FeatureCollection\",\n\"features\":[{\"a\":\"\xff\"}]}", "2: invalid UTF-8"},
		{"{\"type\":\"FeatureCollection\",\n\"features\":[{\"a\":\"\xe5\x8c\"}]}", "2: invalid UTF-8"},
		{"{\"type\":\"FeatureCollection\",\"features\":[\n{}\n\"x\"]}", "3: expected comma after array element"},
		{"{\"type\":\"FeatureCollection\",\"features\":[\n{}\n", "2: unexpected end of file"},
		{"{\"type\":1}", "1: type must be a string"},
		{"{}\n\n{}", "3: data after the end of the GeoJSON object"},
		{"[1]", "1: not a JSON object"},
	} {
		_, _, err := read(tc.in)
		if err == nil || fmt.Sprintf("%d: %s", err.line, err.msg) != tc.want {
			t.Errorf("%q: %+v, want %s", tc.in, err, tc.want)
		}
	}
	_, gj, err = read("{\"type\":\"FeatureCollection\",\n\"features\": {\"a\":[1,{}]}, \"x\":1}")
	if err != nil || gj.notArray != 2 || gj.features != 0 || string(gj.members["x"]) != "1" {
		t.Fatalf("features not an array: %+v, %+v", gj, err)
	}
}

// TestReadGeoJSONManyLines: the lines of 100,000 features, one a line.
func TestReadGeoJSONManyLines(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("{\"type\":\"FeatureCollection\",\"features\":[\n")
	for i := 0; i < 100000; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"i":1}`)
	}
	b.WriteString("\n]}\n")
	n, last := 0, 0
	gj, err := readGeoJSON(&b, 1<<30, func(line int, _ json.RawMessage) { n++; last = line })
	if err != nil || n != 100000 || last != 100001 || gj.typ != "FeatureCollection" {
		t.Fatalf("%d features, the last at line %d, %+v: want 100000 at line 100001", n, last, err)
	}
}
