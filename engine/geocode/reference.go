package geocode

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/gpkg"
)

// ReadCSV reads a reference of standard addresses: a CSV text in UTF-8 (a
// byte order mark is skipped; zoning import decodes GBK and GB18030 files
// with importer.DecodeText first) with the columns lon, lat, address (WGS84 degrees;
// 经度, 纬度, 地址 are accepted too, and other columns ignored). Every problem
// is a dataset.Problem at its line.
func ReadCSV(name string, r io.Reader) ([]Point, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, dataset.Problems{{File: name, Line: 1, Msg: "no header row (want lon, lat, address)"}}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		switch h {
		case "经度", "longitude":
			h = "lon"
		case "纬度", "latitude":
			h = "lat"
		case "地址", "标准地址", "门牌地址":
			h = "address"
		}
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	var probs dataset.Problems
	for _, c := range []string{"lon", "lat", "address"} {
		if _, ok := col[c]; !ok {
			probs = append(probs, dataset.Problem{File: name, Line: 1, Msg: "no column " + c + " (want lon, lat, address)"})
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	var out []Point
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				probs = append(probs, dataset.Problem{File: name, Line: pe.StartLine, Msg: "malformed CSV: " + pe.Err.Error()})
				break
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		cell := func(c string) string {
			if i := col[c]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		lon, err1 := strconv.ParseFloat(cell("lon"), 64)
		lat, err2 := strconv.ParseFloat(cell("lat"), 64)
		switch {
		case err1 != nil || err2 != nil:
			probs = append(probs, dataset.Problem{File: name, Line: line, Msg: fmt.Sprintf("lon %q, lat %q: want decimal degrees", cell("lon"), cell("lat"))})
		case lon < 73 || lon > 136 || lat < 3 || lat > 54:
			probs = append(probs, dataset.Problem{File: name, Line: line, Msg: fmt.Sprintf("lon %g, lat %g is outside China (lon 73–136, lat 3–54)", lon, lat)})
		case cell("address") == "":
			probs = append(probs, dataset.Problem{File: name, Line: line, Msg: "blank address"})
		default:
			out = append(out, Point{Loc: orb.Point{lon, lat}, Address: cell("address"), Line: line})
		}
		if len(probs) >= 50 {
			break
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return out, nil
}

// ReadGeoPackage reads a reference from the first point layer of a
// GeoPackage (WGS84) with a text field address (or 地址, 标准地址).
func ReadGeoPackage(path string) ([]Point, error) {
	layers, err := gpkg.Read(path)
	if err != nil {
		return nil, dataset.Problems{{File: path, Msg: err.Error()}}
	}
	for _, l := range layers {
		field := -1
		for i, f := range l.Fields {
			switch f.Name {
			case "address", "地址", "标准地址", "门牌地址":
				field = i
			}
		}
		if field < 0 {
			continue
		}
		var out []Point
		for n, f := range l.Features {
			pt, ok := f.Geometry.(orb.Point)
			s, _ := f.Values[field].(string)
			if !ok || s == "" {
				continue
			}
			out = append(out, Point{Loc: pt, Address: s, Line: n + 1})
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return nil, dataset.Problems{{File: path, Msg: "no point layer with an address field (address, 地址 or 标准地址)"}}
}
