package roads

import (
	"fmt"
	"io/fs"
)

func readGPKGRoads(fsys fs.FS, path string, withBarriers bool) ([]Road, []Barrier, error) {
	return nil, nil, fmt.Errorf("roads: %s: GeoPackage not yet read", path)
}

func readGPKGBarriers(fsys fs.FS, path string) ([]Barrier, error) {
	return nil, fmt.Errorf("roads: %s: GeoPackage not yet read", path)
}
