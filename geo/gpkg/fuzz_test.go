package gpkg

import (
	"bytes"
	"encoding/binary"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// encodeForTest returns the blob Write stores for g.
func encodeForTest(t testing.TB, g orb.Geometry) []byte {
	env, err := checkGeometry(g, 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := encodeGeometry(&buf, g, env); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzDecodeGeometry(f *testing.F) {
	for _, g := range []orb.Geometry{
		orb.Point{86.5, 44.25},
		orb.LineString{{86, 44}, {87, 45}},
		orb.Polygon{square(86, 44, 87, 45), square(86.2, 44.2, 86.3, 44.3)},
		orb.MultiPolygon{{square(86, 44, 87, 45)}, {square(87, 44, 88, 45)}},
		orb.MultiPoint{{86, 44}, {87, 45}},
		orb.MultiLineString{{{86, 44}, {87, 45}}},
		orb.Collection{orb.Point{86, 44}, orb.Collection{orb.LineString{{86, 44}, {87, 45}}}},
		orb.Polygon{},
		orb.Collection{},
	} {
		f.Add(encodeForTest(f, g))
	}
	f.Add([]byte("GP"))
	f.Add([]byte("GP\x00\x01\xe6\x10\x00\x00\x01\x07\x00\x00\x00\xff\xff\xff\xff"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		g, _, err := decodeGeometry(b)
		if err != nil {
			if !strings.Contains(err.Error(), " ") {
				t.Errorf("terse error %q", err)
			}
			return
		}
		if g == nil {
			t.Fatal("nil geometry without error")
		}
		if !finite(g) {
			t.Fatal("decoded non-finite coordinates")
		}
		// What decodes and passes the writer's checks must survive a
		// write and read unchanged.
		env, err := checkGeometry(g, 0)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := encodeGeometry(&buf, g, env); err != nil {
			t.Fatal(err)
		}
		g2, srs, err := decodeGeometry(buf.Bytes())
		if err != nil || srs != 4326 || !reflect.DeepEqual(g, g2) {
			t.Fatalf("re-encoding %#v: %#v, %d, %v", g, g2, srs, err)
		}
	})
}

func TestDecodeGeometryErrors(t *testing.T) {
	valid := encodeForTest(t, orb.Polygon{square(86, 44, 87, 45)})
	// header returns a little-endian header with flags and no envelope.
	header := func(flags byte) []byte { return []byte{'G', 'P', 0, flags, 0xE6, 0x10, 0, 0} }
	wkbHead := func(typ uint32, count uint32) []byte {
		b := []byte{1, 0, 0, 0, 0, 0, 0, 0, 0}
		binary.LittleEndian.PutUint32(b[1:], typ)
		binary.LittleEndian.PutUint32(b[5:], count)
		return b
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	point := func(x, y float64) []byte {
		b := []byte{1, 1, 0, 0, 0}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(y))
	}
	deep := point(86, 44)
	for range maxDepth + 1 {
		deep = cat(wkbHead(7, 1), deep)
	}
	tests := []struct {
		name string
		blob []byte
		want string
	}{
		{"empty", nil, "the GeoPackageBinary header alone is 8"},
		{"short", []byte("GP\x00"), "the GeoPackageBinary header alone is 8"},
		{"bad magic", cat([]byte("PK"), valid[2:]), `starts with "GP"`},
		{"version 1", cat([]byte{'G', 'P', 1}, valid[3:]), "version 1; accepted: 0"},
		{"extended", cat(header(0x21), point(86, 44)), "ExtendedGeoPackageBinary"},
		{"reserved bits", cat(header(0x41), point(86, 44)), "reserved bits"},
		{"envelope code 5", cat(header(0x0B), point(86, 44)), "envelope contents indicator 5"},
		{"truncated envelope", valid[:20], "ends inside its 32-byte envelope"},
		{"no WKB", header(0x01), "truncated"},
		{"bad byte order mark", cat(header(0x01), []byte{2, 1, 0, 0, 0}, make([]byte, 16)), "byte order mark 2"},
		{"type 0", cat(header(0x01), wkbHead(0, 0)), "WKB geometry type 0"},
		{"curve type", cat(header(0x01), wkbHead(8, 0)), "WKB geometry type 8"},
		{"Z polygon", cat(header(0x01), wkbHead(1003, 0)), "WKB geometry type 1003"},
		{"EWKB with SRID", cat(header(0x01), wkbHead(0x20000003, 4326)), "WKB geometry type 536870915"},
		{"trailing bytes", cat(valid, []byte{0}), "1 trailing bytes"},
		{"truncated point", cat(header(0x01), point(86, 44)[:12]), "truncated"},
		{"huge point count", cat(header(0x01), wkbHead(2, 0xFFFFFFFF)), "truncated"},
		{"huge ring count", cat(header(0x01), wkbHead(3, 0xFFFFFFFF)), "truncated"},
		{"huge part count", cat(header(0x01), wkbHead(7, 0xFFFFFFFF), point(86, 44)), "truncated"},
		{"point in multipolygon", cat(header(0x01), wkbHead(6, 1), point(86, 44)), "WKB type 6 holds a part of type 1"},
		{"polygon in multipoint", cat(header(0x01), wkbHead(4, 1), wkbHead(3, 0)), "WKB type 4 holds a part of type 3"},
		{"nested too deep", cat(header(0x01), deep), "nested deeper than"},
		{"NaN point (POINT EMPTY)", cat(header(0x11), point(math.NaN(), math.NaN())), "NaN or infinite"},
		{"infinite point", cat(header(0x01), point(math.Inf(-1), 44)), "NaN or infinite"},
		{"empty flag on a point", cat(header(0x11), point(86, 44)), "empty flag set on a non-empty geometry"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, _, err := decodeGeometry(tc.blob)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("decode % x = %v, %v; want an error containing %q", tc.blob, g, err, tc.want)
			}
		})
	}
}

// TestDecodeBigEndian decodes a blob written entirely big endian, with an
// envelope, as other writers may: polygon square [86, 87] × [44, 45].
func TestDecodeBigEndian(t *testing.T) {
	be := func(v float64) []byte { return binary.BigEndian.AppendUint64(nil, math.Float64bits(v)) }
	blob := []byte{'G', 'P', 0, 0x02, 0, 0, 0x10, 0xE6} // flags: envelope code 1, big endian
	for _, v := range []float64{86, 87, 44, 45} {
		blob = append(blob, be(v)...)
	}
	blob = append(blob, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 5)
	for _, p := range square(86, 44, 87, 45) {
		blob = append(blob, be(p[0])...)
		blob = append(blob, be(p[1])...)
	}
	g, srs, err := decodeGeometry(blob)
	if err != nil {
		t.Fatal(err)
	}
	if want := (orb.Polygon{square(86, 44, 87, 45)}); srs != 4326 || !reflect.DeepEqual(g, want) {
		t.Errorf("got %v srs %d, want %v srs 4326", g, srs, want)
	}
}
