package lookup

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestLoadReportsLines: a plan folder's zones.geojson is read as a
// dataset's: each problem names its line.
func TestLoadReportsLines(t *testing.T) {
	zones := "{\"type\":\"FeatureCollection\",\"features\":[\n" +
		`{"type":"Feature","properties":{"level":"primary","school_id":"A"},"geometry":{"type":"Polygon","coordinates":[[[87,43.9],[87.1,43.9],[87.1,44.1],[87,43.9]]]}},` + "\n" +
		`{"type":"Feature","properties":{"level":"primary","school_id":"ZZ"},"geometry":{"type":"Polygon","coordinates":[[[87.1,43.9],[87.3,43.9],[87.3,44.1],[87.1,43.9]]]}}` + "\n]}\n"
	_, err := Load(fstest.MapFS{"zones.geojson": {Data: []byte(zones)}}, tinyDataset())
	if err == nil || !strings.Contains(err.Error(), `zones.geojson:3: feature 2: school_id "ZZ" does not exist`) {
		t.Errorf("Load: %v, want the unknown school at line 3", err)
	}
}
