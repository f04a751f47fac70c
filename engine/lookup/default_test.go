package lookup

import (
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// expectedSchools returns, independently of Plan, "level:school" of every
// zone of the run whose polygon holds p (orb/planar point-in-polygon), per
// level in the order of the levels, schools sorted.
func expectedSchools(r *engine.Result, p orb.Point) []string {
	var out []string
	for _, lr := range r.Levels {
		var ids []string
		for k, zk := range lr.Zoned {
			j := zk.School
			if lr.Zoned[k].Polygon != nil && planar.MultiPolygonContains(lr.Zoned[k].Polygon, p) {
				ids = append(ids, r.Dataset.Schools[j].ID)
			}
		}
		sort.Strings(ids)
		for _, id := range ids {
			out = append(out, string(lr.Level)+":"+id)
		}
	}
	return out
}

// answerSchools is schoolsOf with each level's schools sorted.
func answerSchools(a *Answer) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, l := range a.Levels {
		var ids []string
		for _, s := range l.Schools {
			ids = append(ids, s.SchoolID)
		}
		sort.Strings(ids)
		for _, id := range ids {
			out = append(out, l.Level+":"+id)
		}
	}
	return out
}

var townPrefix = regexp.MustCompile(`^[^镇乡]*[镇乡]`)

// fullWidth writes ASCII digits as full-width ones.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

// markers are the characters that give an address its structure; a typo
// never hits them (nor digits).
const markers = "镇乡村组路街巷号栋单元室小区苑园社"

// typo replaces one character, chosen at random among the names of the
// address (township, compound, village, road; markers and numbers
// excepted), with a character no address of the county uses.
func typo(rng *rand.Rand, s string) (string, bool) {
	rs := []rune(s)
	var at []int
	for i, r := range rs {
		if r >= 0x4e00 && !strings.ContainsRune(markers, r) {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return "", false
	}
	rs[at[rng.IntN(len(at))]] = '豳'
	return string(rs), true
}

// variant is an address as a parent might type it.
type variant struct {
	kind, query string
	household   int
}

// variants generates typed forms of sampled household addresses of the
// default dataset.
func variants(ds *dataset.Dataset, n int) []variant {
	rng := rand.New(rand.NewPCG(5, 2026))
	seen := map[string]bool{}
	var out []variant
	for tries := 0; len(out) < n && tries < 100*n; tries++ {
		h := rng.IntN(len(ds.Households))
		addr := ds.Households[h].Address
		loc := townPrefix.FindString(addr)
		if addr == "" || loc == "" || seen[addr] {
			continue
		}
		seen[addr] = true
		rest := addr[len(loc):]
		add := func(kind, q string) { out = append(out, variant{kind, q, h}) }
		add("full-width digits", fullWidth(addr))
		if strings.Contains(addr, "栋") {
			add("幢 for 栋", strings.ReplaceAll(addr, "栋", "幢"))
		} else {
			add("spaces and 第", strings.Replace(loc+" "+rest, "村", "村 第", 1))
		}
		add("township dropped", rest)
		if i := strings.Index(addr, "号"); i > 0 && strings.Contains(addr, "栋") {
			add("compound only", addr[i+len("号"):])
		} else if i := strings.Index(rest, "组"); i > 0 {
			add("village and group", rest[:i+len("组")])
		}
		if q, ok := typo(rng, addr); ok {
			add("one-character typo", q)
		}
	}
	return out
}

func TestMatchVariantsDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the default dataset")
	}
	r := defaultRun(t)
	p, err := FromResult(r)
	if err != nil {
		t.Fatal(err)
	}
	vs := variants(r.Dataset, 300)
	if len(vs) < 200 {
		t.Fatalf("only %d variants", len(vs))
	}
	type tally struct{ ok, n int }
	byKind := map[string]*tally{}
	ok, wrong := 0, 0
	for _, v := range vs {
		want := expectedSchools(r, r.Dataset.Households[v.household].Loc)
		m, err := p.Match(v.query)
		got := answerSchools(m.Answer)
		good := err == nil && slices.Equal(got, want)
		if byKind[v.kind] == nil {
			byKind[v.kind] = &tally{}
		}
		byKind[v.kind].n++
		if good {
			ok++
			byKind[v.kind].ok++
		} else {
			if m.Answer != nil {
				wrong++
			}
			t.Logf("miss %-20s %q (%s %s): got %v (%v), want %v", v.kind, v.query, m.How, m.Address, got, err, want)
		}
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("%-20s %d/%d", k, byKind[k].ok, byKind[k].n)
	}
	acc := float64(ok) / float64(len(vs))
	t.Logf("address matching accuracy: %d/%d = %.2f%%", ok, len(vs), 100*acc)
	t.Logf("wrong answers (an answer given, not the home's schools): %d/%d; the other misses are refusals with candidates", wrong, len(vs))
	if acc <= 0.97 {
		t.Errorf("accuracy %.2f%% ≤ 97%%", 100*acc)
	}
	if float64(wrong) > 0.01*float64(len(vs)) {
		t.Errorf("%d wrong answers, more than 1%%", wrong)
	}
}

var idToken = regexp.MustCompile(`[A-Za-z0-9_-]+`)

// leaks returns the household and child ids of ds found as tokens of b.
func leaks(ds *dataset.Dataset, ids map[string]bool, b []byte) []string {
	var out []string
	for _, tok := range idToken.FindAll(b, -1) {
		if ids[string(tok)] {
			out = append(out, string(tok))
		}
	}
	return out
}

func privateIDs(ds *dataset.Dataset) map[string]bool {
	ids := map[string]bool{}
	for _, h := range ds.Households {
		ids[h.ID] = true
	}
	for _, c := range ds.Children {
		ids[c.ID] = true
		ids[c.HouseholdID] = true
	}
	return ids
}

// TestNoIDsInAnswers: no answer, by point or by address, holds a household
// or child id of the dataset.
func TestNoIDsInAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the default dataset")
	}
	r := defaultRun(t)
	p, err := FromResult(r)
	if err != nil {
		t.Fatal(err)
	}
	ds := r.Dataset
	ids := privateIDs(ds)
	rng := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 400; i++ {
		h := &ds.Households[rng.IntN(len(ds.Households))]
		queries := []string{h.Address, h.ID, "h" + h.ID, h.Address[:len(h.Address)/2]}
		for _, q := range queries {
			m, _ := p.Match(q)
			b, _ := json.Marshal(m)
			if l := leaks(ds, ids, b); len(l) > 0 && !slices.Equal(l, []string{strings.TrimSpace(q)}) {
				t.Fatalf("Match(%q) leaks %v: %s", q, l, b)
			}
			if strings.Contains(string(b), `"point"`) {
				t.Fatalf("Match(%q) shows where a home is: %s", q, b)
			}
		}
		jit := orb.Point{h.Loc[0] + (rng.Float64()-0.5)*0.01, h.Loc[1] + (rng.Float64()-0.5)*0.01}
		a, _ := p.Locate(jit)
		b, _ := json.Marshal(a)
		if l := leaks(ds, ids, b); len(l) > 0 {
			t.Fatalf("Locate(%v) leaks %v: %s", jit, l, b)
		}
	}
}

// TestLoadDirAgreesWithResult: the plan read back from the run's output
// files answers as the plan built from the run.
func TestLoadDirAgreesWithResult(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the default dataset")
	}
	r := defaultRun(t)
	files, err := r.Files()
	if err != nil {
		t.Fatal(err)
	}
	if files[engine.DescriptionsFile], err = r.DescriptionsCSV(r.Descriptions()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := engine.WriteFiles(dir, "run", files); err != nil {
		t.Fatal(err)
	}
	a, err := FromResult(r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadDir(dir, r.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	for i := 0; i < 300; i++ {
		h := &r.Dataset.Households[rng.IntN(len(r.Dataset.Households))]
		ma, ea := a.Match(h.Address)
		mb, eb := b.Match(h.Address)
		ja, _ := json.Marshal(ma)
		jb, _ := json.Marshal(mb)
		if (ea == nil) != (eb == nil) || string(ja) != string(jb) {
			t.Fatalf("%q: from result %s (%v), from folder %s (%v)", h.Address, ja, ea, jb, eb)
		}
		want := expectedSchools(r, h.Loc)
		la, _ := b.Locate(h.Loc)
		if got := answerSchools(&la); !slices.Equal(got, want) {
			t.Fatalf("Locate(%v) from folder: %v, want %v", h.Loc, got, want)
		}
	}
}
