package planfile_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/planfile"
)

// FuzzParseMetrics: the one metrics.json reader (planfile.ParseMetrics,
// which compare, serve and the web map use) never panics; a problem is one,
// naming the file at a line the file has; what it reads, written again as
// JSON, reads back the same.
func FuzzParseMetrics(f *testing.F) {
	f.Add([]byte(`{"year": 2023, "lotteries": [{"level": "primary", "school_id": "A"}]}`))
	f.Add([]byte("{\n\"year\": \"soon\"}"))
	f.Add([]byte(`{"year": 1e99}`))
	f.Add([]byte("{\"levels\": {\"primary\": {\"entrants\": 3}},\n\"schools\": [{\"school_id\": \"A\", \"entrants\": -1}]}"))
	f.Add([]byte("[]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := planfile.ParseMetrics(b, "out/metrics.json")
		if err != nil {
			var ps dataset.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || ps[0].File != "out/metrics.json" || ps[0].Line < 1 ||
				ps[0].Line > bytes.Count(b, []byte{'\n'})+1 {
				t.Fatalf("error %v: want one problem of out/metrics.json at a line of the file", err)
			}
			return
		}
		again, err := json.Marshal(m)
		if err != nil {
			return // a value JSON cannot write (none is expected)
		}
		// Compared as written: an empty list and none are written alike.
		back, err := planfile.ParseMetrics(again, "again.json")
		if err != nil {
			t.Fatalf("metrics written do not read back: %v", err)
		}
		if twice, _ := json.Marshal(back); !bytes.Equal(twice, again) {
			t.Fatalf("metrics read back differ:\n%s\nwant\n%s", twice, again)
		}
	})
}
