package pack_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"testing"

	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/pack"
)

// TestConcentrationCSV: with X's households migrants, the pack's
// concentration table has the header and one row per level, group and
// plan, each the comparison's figures; it is in the public pack too (no
// child or household in it).
func TestConcentrationCSV(t *testing.T) {
	noChromium(t)
	tw := comparetest.New()
	for i, id := range tw.XHouseholds {
		h := tw.DS.Household(id)
		h.Hukou, h.Permit = dataset.Migrant, i%2 == 0
	}
	c := comparetest.Compare(t, tw)
	for _, public := range []bool{false, true} {
		files, _, err := pack.Files(context.Background(), c, pack.Options{PDF: pack.PDFOff, Public: public})
		if err != nil {
			t.Fatal(err)
		}
		data, ok := files[pack.ConcentrationFile]
		if !ok || !bytes.HasPrefix(data, []byte("\ufeff")) {
			t.Fatalf("public %v: %s missing or without the byte order mark", public, pack.ConcentrationFile)
		}
		recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		rows := c.Concentration()
		if len(recs) != len(rows)+1 || recs[0][0] != "level" || recs[0][6] != "dissimilarity" {
			t.Fatalf("%d records (header %v), want %d rows and the header", len(recs), recs[0], len(rows))
		}
		for i, r := range rows {
			rec := recs[i+1]
			if rec[0] != string(r.Level) || rec[1] != string(r.Group) || rec[2] != c.Plans[r.Plan].Plan.Name || rec[4] != strconv.Itoa(r.Entrants) {
				t.Errorf("row %d: %v, want %s %s %s %d", i, rec, r.Level, r.Group, c.Plans[r.Plan].Plan.Name, r.Entrants)
			}
			want := ""
			if r.Dissimilarity != nil {
				want = strconv.FormatFloat(*r.Dissimilarity, 'f', 4, 64)
			}
			if rec[6] != want {
				t.Errorf("row %d: D %q, want %q", i, rec[6], want)
			}
		}
	}
}
