package planfile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/planfile"
)

const oneZone = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"level":"primary","school_id":"A","zone_id":"z1"},
"geometry":{"type":"Polygon","coordinates":[[[86.87,44.18],[86.9,44.18],[86.9,44.2],[86.87,44.18]]]}}]}`

const oneDescription = "\ufefflevel,school_id,school_name,kind,township,name,detail\r\nprimary,A,一小,street,呼图壁镇,东风路,1-35;单号37-75\r\n"

// FuzzParse: any bytes as a plan folder's zones.geojson, zones.csv and
// metrics.json parse or fail with FILE:LINE: problems naming one of the
// files, never panic; what parses has only known levels and named schools.
func FuzzParse(f *testing.F) {
	f.Add([]byte(oneZone), []byte(oneDescription), []byte(`{"year": 2023, "lotteries": []}`))
	f.Add([]byte(`{"type":"FeatureCollection"}`), []byte("level\n"), []byte(`[]`))
	f.Add([]byte(`{}`), []byte(""), []byte(`{"year": 1e99}`))
	f.Add([]byte(oneZone), []byte(nil), []byte("{\n\"year\": \"soon\"}"))
	f.Fuzz(func(t *testing.T, zones, csv, metrics []byte) {
		files := planfile.Files{Zones: zones, Descriptions: csv, Metrics: metrics}
		p, err := planfile.Parse(files, planfile.Options{Descriptions: true})
		if err != nil {
			var probs dataset.Problems
			if !errors.As(err, &probs) || len(probs) == 0 {
				t.Fatalf("error %v is not a list of problems", err)
			}
			for _, pr := range probs {
				if pr.Line < 1 || (pr.File != "zones.geojson" && pr.File != "zones.csv" && pr.File != "metrics.json") {
					t.Errorf("problem %q names no file line", pr)
				}
			}
			return
		}
		for _, z := range p.Zones {
			if (z.Level != dataset.Primary && z.Level != dataset.Junior) || z.SchoolID == "" {
				t.Fatalf("zone %+v accepted", z)
			}
		}
		for _, d := range p.Descriptions {
			if strings.ContainsAny(d.Level, "\r\n") {
				t.Fatalf("level %q accepted", d.Level)
			}
		}
		if (metrics != nil) != (p.Metrics != nil) {
			t.Errorf("metrics.json of %d bytes read as %v", len(metrics), p.Metrics)
		}
	})
}
