package roads

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/hutubi-edu/zoning/geo/gpkg"
	"github.com/paulmach/orb"
)

// localPath returns a file name SQLite can open for path in fsys: path
// itself for the operating system's files, else a temporary copy (removed
// by done).
func localPath(fsys fs.FS, path string) (name string, done func(), err error) {
	if _, ok := fsys.(osFS); ok {
		return path, func() {}, nil
	}
	src, err := fsys.Open(path)
	if err != nil {
		return "", nil, fmt.Errorf("roads: %w", err)
	}
	defer src.Close()
	dst, err := os.CreateTemp("", "roads-*.gpkg")
	if err != nil {
		return "", nil, fmt.Errorf("roads: %s: %w", path, err)
	}
	done = func() { os.Remove(dst.Name()) }
	_, err = io.Copy(dst, io.LimitReader(src, maxFile))
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		done()
		return "", nil, fmt.Errorf("roads: %s: %w", path, err)
	}
	return dst.Name(), done, nil
}

// gpkgLayers reads the layers of a GeoPackage whose features pick wants.
func gpkgLayers(fsys fs.FS, path string, pick func(all []string, name string) bool) ([]gpkg.Layer, error) {
	name, done, err := localPath(fsys, path)
	if err != nil {
		return nil, err
	}
	defer done()
	var names []string
	// A first pass for the layer names, without features.
	ls, err := gpkg.ReadWith(name, gpkg.Options{Features: func(*gpkg.Layer) bool { return false }})
	if err != nil {
		return nil, fmt.Errorf("roads: %s: %w", path, err)
	}
	for _, l := range ls {
		names = append(names, l.Name)
	}
	ls, err = gpkg.ReadWith(name, gpkg.Options{Features: func(l *gpkg.Layer) bool { return pick(names, l.Name) }})
	if err != nil {
		return nil, fmt.Errorf("roads: %s: %w", path, err)
	}
	return ls, nil
}

// named picks the layer called want (any case), else the first layer.
func named(want string) func([]string, string) bool {
	return func(all []string, name string) bool {
		for _, n := range all {
			if strings.EqualFold(n, want) {
				return strings.EqualFold(name, want)
			}
		}
		return len(all) > 0 && name == all[0]
	}
}

func gpkgFeatures[T any](path string, l gpkg.Layer, mk func(*props, orb.LineString) T) ([]T, []error) {
	var out []T
	var errs []error
	for i, f := range l.Features {
		m := make(map[string]any, len(l.Fields))
		for j, fd := range l.Fields {
			if j < len(f.Values) && f.Values[j] != nil {
				m[strings.ToLower(fd.Name)] = f.Values[j]
			}
		}
		ts, es := feature(fmt.Sprintf("roads: %s: layer %s: feature %d", path, l.Name, i+1), f.Geometry, m, mk)
		out = append(out, ts...)
		errs = append(errs, es...)
	}
	return out, errs
}

// readGPKGRoads reads the roads layer of a GeoPackage (the layer named
// roads, else the first) and, when withBarriers, its layer named barriers.
func readGPKGRoads(fsys fs.FS, path string, withBarriers bool) ([]Road, []Barrier, error) {
	roadsLayer := named("roads")
	ls, err := gpkgLayers(fsys, path, func(all []string, name string) bool {
		return roadsLayer(all, name) || withBarriers && strings.EqualFold(name, "barriers")
	})
	if err != nil {
		return nil, nil, err
	}
	var names []string
	for _, l := range ls {
		names = append(names, l.Name)
	}
	var roads []Road
	var barriers []Barrier
	var errs []error
	for _, l := range ls {
		switch {
		case roadsLayer(names, l.Name):
			rs, es := gpkgFeatures(path, l, roadOf)
			roads, errs = rs, append(errs, es...)
		case withBarriers && strings.EqualFold(l.Name, "barriers"):
			bs, es := gpkgFeatures(path, l, barrierOf)
			barriers, errs = bs, append(errs, es...)
		}
	}
	if len(ls) == 0 {
		errs = append(errs, fmt.Errorf("roads: %s: no feature layer", path))
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	return roads, barriers, nil
}

// readGPKGBarriers reads the layer named barriers of a GeoPackage, else its
// first layer.
func readGPKGBarriers(fsys fs.FS, path string) ([]Barrier, error) {
	pick := named("barriers")
	ls, err := gpkgLayers(fsys, path, pick)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, l := range ls {
		names = append(names, l.Name)
	}
	for _, l := range ls {
		if pick(names, l.Name) {
			bs, es := gpkgFeatures(path, l, barrierOf)
			if len(es) > 0 {
				return nil, errors.Join(es...)
			}
			return bs, nil
		}
	}
	return nil, fmt.Errorf("roads: %s: no feature layer", path)
}
