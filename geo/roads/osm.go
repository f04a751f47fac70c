package roads

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"
)

// osmClass maps OpenStreetMap highway values to Road classes; values not
// here (construction, proposed, platform, raceway, bus_guideway, ...) are not
// roads.
var osmClass = func() map[string]string {
	m := map[string]string{"trunk_link": "trunk", "primary_link": "primary", "secondary_link": "secondary",
		"tertiary_link": "tertiary", "road": "unclassified", "bridleway": "path", "corridor": "footway"}
	for _, c := range Classes {
		m[c] = c
	}
	return m
}()

// yes reports whether an OpenStreetMap tag value is set: present and not "no".
func yes(v string) bool { return v != "" && v != "no" }

// maxOSMErrors is how many problems of an OpenStreetMap file are listed
// before the rest are counted.
const maxOSMErrors = 100

// readOSM reads the roads and barriers of an OpenStreetMap file, XML (.osm)
// or PBF (.osm.pbf), in the order of its ways.
func readOSM(fsys fs.FS, path string) ([]Road, []Barrier, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("roads: %w", err)
	}
	defer f.Close()
	return scanOSM(path, f, format(path) == "pbf")
}

type osmScanner interface {
	Scan() bool
	Object() osm.Object
	Err() error
	Close() error
}

func scanOSM(path string, r io.Reader, pbf bool) (roads []Road, barriers []Barrier, err error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sc osmScanner
	if pbf {
		sc = osmpbf.New(ctx, r, 1)
	} else {
		sc = osmxml.New(ctx, r)
	}
	defer sc.Close()
	// The decoders are third-party code fed untrusted bytes: a panic in them
	// becomes an error.
	defer func() {
		if p := recover(); p != nil {
			roads, barriers, err = nil, nil, fmt.Errorf("roads: %s: not a valid OpenStreetMap file: %v", path, p)
		}
	}()
	nodes := map[osm.NodeID]orb.Point{}
	var ways []*osm.Way
	for sc.Scan() {
		switch o := sc.Object().(type) {
		case *osm.Node:
			// OpenStreetMap stores 1e-7°: rounding there makes XML and
			// PBF (fixed point times a granularity) give the same floats.
			nodes[o.ID] = orb.Point{math.Round(o.Lon*1e7) / 1e7, math.Round(o.Lat*1e7) / 1e7}
		case *osm.Way:
			t := o.Tags
			if t.Find("highway") != "" || t.Find("railway") == "rail" || t.Find("waterway") == "river" || t.Find("waterway") == "canal" {
				ways = append(ways, o)
			}
		}
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("roads: %s: %w", path, err)
	}
	var errs []error
	problems := 0
	bad := func(id osm.WayID, format string, a ...any) {
		problems++
		if problems <= maxOSMErrors {
			errs = append(errs, fmt.Errorf("roads: %s: way %d: %s", path, id, fmt.Sprintf(format, a...)))
		}
	}
	for _, w := range ways {
		t := w.Tags
		line := make(orb.LineString, 0, len(w.Nodes))
		ok := true
		for _, wn := range w.Nodes {
			p, found := nodes[wn.ID]
			if !found {
				bad(w.ID, "node %d is not in the file (extract with complete ways, e.g. osmium extract --strategy complete_ways)", wn.ID)
				ok = false
				continue
			}
			if len(line) == 0 || line[len(line)-1] != p {
				line = append(line, p)
			}
		}
		if !ok {
			continue
		}
		if m := checkLine(line); m != "" {
			bad(w.ID, "%s", m)
			continue
		}
		name := t.Find("name")
		if name == "" {
			name = t.Find("name:zh")
		}
		tunnel := yes(t.Find("tunnel"))
		if hw := t.Find("highway"); hw != "" {
			if c, isRoad := osmClass[hw]; isRoad {
				r := Road{Line: line, Class: c, Name: name, Bridge: yes(t.Find("bridge")), Tunnel: tunnel}
				switch t.Find("oneway") {
				case "yes", "1", "true", "-1":
					r.Oneway = true
				}
				if l, err := strconv.Atoi(strings.TrimSpace(t.Find("layer"))); err == nil && !r.Bridge && !r.Tunnel {
					r.Bridge, r.Tunnel = l > 0, l < 0
				}
				roads = append(roads, r)
			}
		}
		if tunnel {
			continue // a tunnel or culvert does not cut the surface
		}
		var k BarrierKind
		switch {
		case t.Find("waterway") == "river":
			k = River
		case t.Find("waterway") == "canal":
			k = Canal
		case t.Find("highway") == "motorway":
			k = Motorway
		case t.Find("highway") == "trunk":
			k = Trunk
		case t.Find("railway") == "rail":
			k = Railway
		default:
			continue
		}
		barriers = append(barriers, Barrier{Line: line, Kind: k, Name: name})
	}
	if problems > maxOSMErrors {
		errs = append(errs, fmt.Errorf("roads: %s: %d more problems", path, problems-maxOSMErrors))
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	return roads, barriers, nil
}
