package lookup

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzMatch: Match never panics; it answers only with a place, refuses
// with ErrNoMatch and no answer, or rejects the input; answers hold no
// household or child id.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"呼图壁镇东风路10号锦华苑1栋1单元101室", "锦华苑", "红山村三组", "园林路12号", "hx0001", "", "\xff", "１２３号"} {
		f.Add(s)
	}
	p := tinyPlan(f)
	ids := privateIDs(tinyDataset())
	f.Fuzz(func(t *testing.T, q string) {
		m, err := p.Match(q)
		switch {
		case err == nil:
			if m.Answer == nil || m.Address == "" || m.How == HowNone || m.Score <= 0 || m.Score > 1 {
				t.Fatalf("Match(%q) = %+v without error", q, m)
			}
		case m.Answer != nil:
			t.Fatalf("Match(%q): error %v with an answer", q, err)
		case errors.Is(err, ErrNoMatch) && len(m.Candidates) > 5:
			t.Fatalf("Match(%q): %d candidates", q, len(m.Candidates))
		}
		b, _ := json.Marshal(m)
		for _, l := range leaks(nil, ids, b) {
			if l != m.Query {
				t.Fatalf("Match(%q) leaks %s", q, l)
			}
		}
	})
}

// FuzzLocate: Locate never panics and answers only inside a zone.
func FuzzLocate(f *testing.F) {
	f.Add(87.05, 44.0)
	f.Add(87.1, 44.1)
	f.Add(math.Inf(1), 0.0)
	p := tinyPlan(f)
	f.Fuzz(func(t *testing.T, lon, lat float64) {
		a, err := p.Locate(orb.Point{lon, lat})
		inBox := lon >= 86.9 && lon <= 87.3 && lat >= 43.9 && lat <= 44.1
		if (err == nil) != inBox {
			t.Fatalf("Locate(%v, %v) = %v, %v; in the box: %v", lon, lat, a, err, inBox)
		}
	})
}
