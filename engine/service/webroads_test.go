package service

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// TestWebRoads: the default county has roads, so /api/v1/web says so and
// /api/v1/web/roads serves them: bounded in size, within the map's extent,
// the barriers by their names, the roads by kind.
func TestWebRoads(t *testing.T) {
	res, _, base := defaultWeb(t)
	net := res.Dataset.Roads
	if net == nil {
		t.Fatal("the default dataset has no road layer")
	}
	var cfg struct{ Roads bool }
	if r := get(t, base+"/api/v1/web"); r.code != http.StatusOK || json.Unmarshal(r.body, &cfg) != nil || !cfg.Roads {
		t.Fatalf("/api/v1/web: %d %.200s, want roads true", r.code, r.body)
	}
	r := get(t, base+"/api/v1/web/roads")
	if r.code != http.StatusOK {
		t.Fatalf("/api/v1/web/roads: %d %.200s", r.code, r.body)
	}
	if len(r.body) > MaxRoadsBytes {
		t.Errorf("road layer %d bytes, more than %d", len(r.body), MaxRoadsBytes)
	}
	t.Logf("road layer: %d bytes", len(r.body))
	fc, err := geojson.UnmarshalFeatureCollection(r.body)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, b := range net.Barriers() {
		names[b.Name] = true
	}
	sites := make([]orb.Point, len(res.Dataset.Schools))
	for j, s := range res.Dataset.Schools {
		sites[j] = s.Loc
	}
	box := webBound(nil, res.Area, sites)
	pad := 0.05*max(box.Max[0]-box.Min[0], box.Max[1]-box.Min[1]) + 1e-5
	box = box.Pad(pad)
	kinds := map[string]int{}
	for _, f := range fc.Features {
		kind, _ := f.Properties["kind"].(string)
		barrier, _ := f.Properties["barrier"].(bool)
		kinds[kind]++
		if barrier {
			if name, _ := f.Properties["name"].(string); !names[name] {
				t.Errorf("barrier %q is not one of the network's", name)
			}
		} else if !slices.Contains([]string{roadLane, roadMain, roadExpressway}, kind) {
			t.Errorf("road kind %q", kind)
		}
		if b := f.Geometry.Bound(); !box.Contains(b.Min) || !box.Contains(b.Max) {
			t.Errorf("%s: bound %v outside the map's %v", kind, b, box)
		}
	}
	for _, want := range []string{roadLane, roadMain, string(roads.River), string(roads.Railway)} {
		if kinds[want] == 0 {
			t.Errorf("no %s feature served (kinds %v)", want, kinds)
		}
	}
	// Roads are one feature per kind.
	for _, k := range []string{roadLane, roadMain, roadExpressway} {
		if kinds[k] > 1 {
			t.Errorf("%d %s features, want one", kinds[k], k)
		}
	}
}

// TestWebNoRoads: a run on a dataset without roads serves none.
func TestWebNoRoads(t *testing.T) {
	res, _ := defaultPlan(t)
	bare := *res
	ds := *res.Dataset
	ds.Roads = nil
	bare.Dataset = &ds
	bare.Routes, bare.Distance = nil, engine.DistanceStraight
	w, err := NewWeb(&bare, WebOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := New(nil, Options{Rate: -1})
	s.SetWeb(w)
	base := start(t, s)
	var cfg struct{ Roads bool }
	if r := get(t, base+"/api/v1/web"); r.code != http.StatusOK || json.Unmarshal(r.body, &cfg) != nil || cfg.Roads {
		t.Errorf("/api/v1/web: %d %.200s, want roads false", r.code, r.body)
	}
	if r := get(t, base+"/api/v1/web/roads"); r.code != http.StatusNotFound {
		t.Errorf("/api/v1/web/roads without roads: %d, want 404", r.code)
	}
}

// TestRoadsGeoJSONLimit: beyond the limit the lanes go, then everything.
func TestRoadsGeoJSONLimit(t *testing.T) {
	var rs []roads.Road
	for i := range 40 {
		y := 44.0 + float64(i)*0.001
		rs = append(rs, roads.Road{Line: orb.LineString{{87.0, y}, {87.02, y}}, Class: "residential"})
	}
	rs = append(rs, roads.Road{Line: orb.LineString{{87.01, 43.99}, {87.01, 44.05}}, Class: "primary"})
	net, err := roads.New(rs, []roads.Barrier{{Line: orb.LineString{{86.99, 44.015}, {87.03, 44.015}}, Kind: roads.River, Name: "河"}})
	if err != nil {
		t.Fatal(err)
	}
	b := orb.Bound{Min: orb.Point{87.0, 44.0}, Max: orb.Point{87.02, 44.04}}
	full, err := roadsGeoJSON(net, b, MaxRoadsBytes)
	if err != nil {
		t.Fatal(err)
	}
	kindsOf := func(body []byte) []string {
		fc, err := geojson.UnmarshalFeatureCollection(body)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range fc.Features {
			out = append(out, f.Properties["kind"].(string))
		}
		return out
	}
	if got := kindsOf(full); !slices.Equal(got, []string{roadLane, roadMain, "river"}) {
		t.Errorf("kinds %v, want lane, main, river", got)
	}
	for _, tc := range []struct {
		limit int
		want  []string
	}{
		{len(full), []string{roadLane, roadMain, "river"}},
		{len(full) - 1, []string{roadMain, "river"}},
		{10, nil},
	} {
		got, err := roadsGeoJSON(net, b, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if k := kindsOf(got); !slices.Equal(k, tc.want) {
			t.Errorf("limit %d: kinds %v, want %v", tc.limit, k, tc.want)
		}
	}
}

// TestWebLines: clipped to the box, rounded to roadDigits, and a line
// outside it is dropped.
func TestWebLines(t *testing.T) {
	box := orb.Bound{Min: orb.Point{87.0, 44.0}, Max: orb.Point{87.01, 44.01}}
	got := webLines(orb.LineString{{86.99, 44.005}, {87.0051234567, 44.005}, {87.02, 44.005}}, box)
	want := orb.MultiLineString{{{87.0, 44.005}, {87.01, 44.005}}}
	if !got.Equal(want) {
		t.Errorf("clipped %v, want %v", got, want)
	}
	if got := webLines(orb.LineString{{88, 45}, {88.1, 45}}, box); len(got) != 0 {
		t.Errorf("a line outside the box kept: %v", got)
	}
	got = webLines(orb.LineString{{87.001234567, 44.001}, {87.002, 44.009876543}}, box)
	if len(got) != 1 || got[0][0] != (orb.Point{87.00123, 44.001}) || got[0][1] != (orb.Point{87.002, 44.00988}) {
		t.Errorf("rounded %v, want 5 decimals", got)
	}
}
