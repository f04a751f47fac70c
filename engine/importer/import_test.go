package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/geocode"
	"github.com/hutubi-edu/zoning/engine/importer/importtest"
	"github.com/hutubi-edu/zoning/geo"
)

var salt = []byte("0123456789abcdef0123456789abcdef")

// fixture writes a generated county's spreadsheets and reads them back as
// an Input.
func fixture(t *testing.T) (*dataset.Dataset, *importtest.Register, Input) {
	t.Helper()
	d, _, err := county.Generate(county.Spec{Family: county.Plains, Seed: 3, Children: 1500})
	if err != nil {
		t.Fatal(err)
	}
	p := d.Parser()
	refAddr := func(s string) string {
		a := p.Parse(s)
		a.Community, a.Unit, a.Room = "", "", ""
		return a.String()
	}
	reg, err := importtest.Write(t.TempDir(), d, 3, 0.9, refAddr)
	if err != nil {
		t.Fatal(err)
	}
	read := func(path string) Source {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return Source{Name: filepath.Base(path), Data: b}
	}
	rb, err := os.ReadFile(reg.Reference)
	if err != nil {
		t.Fatal(err)
	}
	text, enc, err := DecodeText(rb)     // the fixture writes it in GBK
	if err != nil || enc != "GB 18030" { // GBK reads as GB 18030, its superset
		t.Fatalf("reference decoded as %q: %v", enc, err)
	}
	ref, err := geocode.ReadCSV(reg.Reference, strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return d, reg, Input{Schools: read(reg.Schools), Households: read(reg.Households), Children: read(reg.Children),
		Reference: ref, Roads: d.Roads, Salt: salt}
}

func TestImportRegister(t *testing.T) {
	d, reg, in := fixture(t)
	res, err := Import(in)
	if err != nil {
		t.Fatal(err)
	}
	out := res.Dataset
	if d.Roads != nil && (out.Roads == nil || len(out.Roads.Roads()) != len(d.Roads.Roads())) {
		t.Error("the dataset does not carry the road layer given")
	}
	for _, s := range res.Summary {
		t.Log(s)
	}
	has := func(file string, line int, field, action string) bool {
		return slices.ContainsFunc(res.Report, func(r ReportRow) bool {
			return r.File == file && r.Line == line && r.Field == field && r.Action == action
		})
	}
	hf, cf := filepath.Base(reg.Households), filepath.Base(reg.Children)
	if !has(hf, reg.DupHouseholdLine, "household", Rejected) {
		t.Errorf("the repeated household row %s:%d is not reported", hf, reg.DupHouseholdLine)
	}
	if !has(cf, reg.DupChildLine, "student_id", Rejected) {
		t.Errorf("the repeated child row %s:%d is not reported", cf, reg.DupChildLine)
	}
	for _, l := range reg.BadCheck {
		if !has(cf, l, "id_number", Changed) {
			t.Errorf("%s:%d: the wrong check digit is not reported", cf, l)
		}
	}
	if !slices.ContainsFunc(res.Report, func(r ReportRow) bool { return r.Action == Skipped && strings.Contains(r.Reason, "合计") }) {
		t.Error("the 合计 row is not reported")
	}
	if !slices.ContainsFunc(res.Summary, func(s string) bool { return strings.Contains(s, `"农业户口"`) }) {
		t.Error("the hukou value 农业户口 is not listed as not understood")
	}
	// Every school; every child but those of the register's rows rejected
	// (the repeated row, and the homes not placed): the bad check digits
	// keep their 出生日期.
	rejected := 0
	for _, r := range res.Report {
		if r.File == cf && r.Action == Rejected && r.Line != reg.DupChildLine {
			rejected++
		}
	}
	if len(out.Schools) != len(d.Schools) || len(out.Children)+rejected != len(d.Children) {
		t.Errorf("%d schools, %d children and %d rejected; the county has %d and %d", len(out.Schools), len(out.Children), rejected, len(d.Schools), len(d.Children))
	}
	for i, s := range out.Schools {
		if s.PrimarySeats != d.Schools[i].PrimarySeats || s.JuniorSeats != d.Schools[i].JuniorSeats {
			t.Errorf("%s: seats %d/%d, want %d/%d", s.Name, s.PrimarySeats, s.JuniorSeats, d.Schools[i].PrimarySeats, d.Schools[i].JuniorSeats)
		}
		if dist := geo.Distance(s.Loc, d.Schools[i].Loc); dist > 1 {
			t.Errorf("%s placed %.0f m off", s.Name, dist)
		}
	}
	// Households where they were.
	byHH := map[string]*dataset.Household{}
	for i := range d.Households {
		h := &d.Households[i]
		byHH[hashID(salt, "h", "household", reg.HouseholdNo[h.ID])] = h
	}
	within, placed := 0, 0
	for _, h := range out.Households {
		truth, ok := byHH[h.ID]
		if !ok {
			continue // the orphan's household, made from the register
		}
		placed++
		if truth.Hukou == dataset.Migrant && h.Hukou != dataset.Migrant {
			t.Errorf("%s: a migrant household read as %s", truth.Address, h.Hukou)
		}
		if geo.Distance(h.Loc, truth.Loc) <= 50 {
			within++
		}
	}
	t.Logf("households placed within 50 m: %d of %d (%.2f%%)", within, placed, 100*float64(within)/float64(placed))
	if float64(within) < 0.97*float64(placed) {
		t.Errorf("%d of %d households within 50 m, want 97%%", within, placed)
	}
	// A re-import with the same salt names everyone the same.
	again, err := Import(in)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := res.Dataset.Files()
	b, _ := again.Dataset.Files()
	for n := range a {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s differs on a re-import with the same salt", n)
		}
	}
	in.Salt = []byte("another salt, another dataset...")
	other, err := Import(in)
	if err != nil {
		t.Fatal(err)
	}
	if other.Dataset.Children[0].ID == res.Dataset.Children[0].ID {
		t.Error("another salt gives the same child id")
	}
}
