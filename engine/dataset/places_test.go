package dataset

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hutubi-edu/zoning/engine/address"
)

// placesYAML is a places: key as a county writes it, appended to the valid
// dataset's dataset.yaml (from its line 6).
const placesYAML = `places:
  prefixes: [新疆维吾尔自治区, 昌吉州, "呼图壁县"]
  townships:
    - name: 呼图壁镇
      communities: [园林社区, 北园社区居委会]
    - name: 石梯子哈萨克民族乡
      aliases: [石梯子乡]
      villages:
        - 白杨河村委会
        - 东沟村
  villages: [某村]
`

func TestLoadPlaces(t *testing.T) {
	files := validFiles(t)
	files[MetaFile] += placesYAML
	d, err := Load(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	want := &address.Gazetteer{
		Prefixes: []string{"新疆维吾尔自治区", "昌吉州", "呼图壁县"},
		Townships: []address.Township{
			{Name: "呼图壁镇", Communities: []string{"园林社区", "北园社区居委会"}},
			{Name: "石梯子哈萨克民族乡", Aliases: []string{"石梯子乡"}, Villages: []string{"白杨河村委会", "东沟村"}},
		},
		Villages: []string{"某村"},
	}
	if !reflect.DeepEqual(d.Meta.Places, want) {
		t.Fatalf("Places = %+v, want %+v", d.Meta.Places, want)
	}
	// The parser reads the listed names: the alias, the prefixes.
	p := d.Parser()
	if got := p.Parse("新疆维吾尔自治区呼图壁县石梯子乡白杨河村委会二组").Key(); got != "石梯子哈萨克民族乡|白杨河村|2" {
		t.Errorf("Key = %q", got)
	}
	if got := p.Townships(); !slices.Equal(got, []string{"呼图壁镇", "石梯子哈萨克民族乡"}) {
		t.Errorf("Townships() = %v", got)
	}
	// Files writes them back the same.
	out, err := d.Files()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(bytesFS(out))
	if err != nil {
		t.Fatalf("%v\n%s", err, out[MetaFile])
	}
	if !reflect.DeepEqual(back.Meta.Places, want) {
		t.Fatalf("read back: Places = %+v, want %+v\n%s", back.Meta.Places, want, out[MetaFile])
	}
}

func TestLoadPlacesProblems(t *testing.T) {
	cases := []struct {
		name, places string
		want         []string
	}{
		{"not a mapping", "places: [呼图壁镇]\n",
			[]string{"dataset.yaml:6: places must be a mapping of keys (accepted: prefixes, townships, communities, villages)"}},
		{"prefixes not a list", "places:\n  prefixes: 呼图壁县\n",
			[]string{"dataset.yaml:7: places: prefixes must be a list of names"}},
		{"townships not a list", "places:\n  townships: 呼图壁镇\n",
			[]string{"dataset.yaml:7: places: townships must be a list of townships (- name: ...)"}},
		{"township not a mapping", "places:\n  townships: [呼图壁镇]\n",
			[]string{"dataset.yaml:7: places: a township must be a mapping (name, aliases, communities, villages)"}},
		{"township without a name", "places:\n  townships:\n    - aliases: [石梯子乡]\n",
			[]string{"dataset.yaml:8: places: a township without a name"}},
		{"name not text", "places:\n  townships:\n    - name: 12\n",
			[]string{`dataset.yaml:8: places: township name: "12" is not a name (text)`}},
		{"name too short", "places:\n  villages: [村, 红山村]\n",
			[]string{`dataset.yaml:7: places: villages: "村" is not a place name (fewer than two characters once spaces and punctuation are dropped)`}},
		{"empty name", "places:\n  prefixes: [\"\", 昌吉州]\n",
			[]string{`dataset.yaml:7: places: prefixes: "" is not a place name (fewer than two characters once spaces and punctuation are dropped)`}},
		{"township twice", "places:\n  townships:\n    - name: 呼图壁镇\n    - name: 呼图壁镇\n",
			[]string{`dataset.yaml:9: places: township "呼图壁镇" names a township listed before (line 8)`}},
		{"alias of another township", "places:\n  townships:\n    - name: 大丰镇\n    - name: 呼图壁镇\n      aliases: [大丰镇]\n",
			[]string{`dataset.yaml:10: places: alias "大丰镇" names a township listed before (line 8)`}},
		{"village twice, full-width", "places:\n  villages: [红山村, 红山村　]\n",
			[]string{`dataset.yaml:7: places: villages: "红山村\u3000" listed twice (first at line 7)`}},
		{"duplicate key", "places:\n  villages: [红山村]\n  villages: [东沟村]\n",
			[]string{`dataset.yaml:8: places: duplicate key "villages" (first at line 7)`}},
		{"several", "places:\n  prefixes: {a: b}\n  townships:\n    - name: [x]\n    - villages: 红山村\n",
			[]string{
				"dataset.yaml:7: places: prefixes must be a list of names",
				`dataset.yaml:9: places: township name: "" is not a name (text)`,
				"dataset.yaml:10: places: villages must be a list of names",
				"dataset.yaml:10: places: a township without a name",
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := validFiles(t)
			files[MetaFile] += c.places
			var got []string
			for _, p := range problemsOf(t, files) {
				got = append(got, p.String())
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestLoadPlacesWarnings(t *testing.T) {
	files := validFiles(t)
	files[MetaFile] += "places:\n  towns: []\n  townships:\n    - name: 呼图壁镇\n      code: 101\n  villages: ~\n"
	d, err := Load(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range d.Warnings {
		if w.File == MetaFile {
			got = append(got, w.String())
		}
	}
	want := []string{
		`dataset.yaml:7: places: unknown key "towns" ignored (accepted: prefixes, townships, communities, villages)`,
		`dataset.yaml:10: township: unknown key "code" ignored (accepted: name, aliases, communities, villages)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ts := d.Meta.Places.TownshipNames(); !slices.Equal(ts, []string{"呼图壁镇"}) {
		t.Errorf("townships %v", ts)
	}
	// places: with no value is no places: the parser infers them.
	files = validFiles(t)
	files[MetaFile] += "places:\n"
	if d, err = Load(mapFS(files)); err != nil || d.Meta.Places != nil {
		t.Fatalf("places: null gave %+v, %v", d.Meta.Places, err)
	}
}

// TestParserInferred: without places, the parser reads the townships from
// the households' and schools' addresses; Index forgets it, so that a
// change of Meta.Places by hand is seen.
func TestParserInferred(t *testing.T) {
	d, err := Load(mapFS(validFiles(t)))
	if err != nil {
		t.Fatal(err)
	}
	want := address.InferGazetteer(append(addressesOf(d), schoolAddresses(d)...))
	if got := d.Gazetteer(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Gazetteer() = %+v, want %+v", got, want)
	}
	if got := d.Parser().Townships(); !slices.Equal(got, want.TownshipNames()) || len(got) == 0 {
		t.Fatalf("Parser().Townships() = %v, want %v", got, want.TownshipNames())
	}
	d.Meta.Places = &address.Gazetteer{Townships: []address.Township{{Name: "大丰镇"}, {Name: "呼图壁镇"}}}
	if got := d.Parser().Townships(); slices.Equal(got, []string{"大丰镇", "呼图壁镇"}) {
		t.Fatal("the parser was rebuilt without Index")
	}
	d.Index()
	if got := d.Parser().Townships(); !slices.Equal(got, []string{"大丰镇", "呼图壁镇"}) {
		t.Fatalf("after Index: Townships() = %v", got)
	}
}

func addressesOf(d *Dataset) []string {
	var out []string
	for _, h := range d.Households {
		out = append(out, h.Address)
	}
	return out
}

func schoolAddresses(d *Dataset) []string {
	var out []string
	for _, s := range d.Schools {
		out = append(out, s.Address)
	}
	return out
}

// TestParserConcurrent: goroutines asking for the parser at once get one
// parser (run with -race).
func TestParserConcurrent(t *testing.T) {
	d, err := Load(mapFS(validFiles(t)))
	if err != nil {
		t.Fatal(err)
	}
	copyOf := *d // copies share the parser
	ps := make([]*address.Parser, 8)
	var wg sync.WaitGroup
	for i := range ps {
		wg.Go(func() {
			if i%2 == 0 {
				ps[i] = d.Parser()
			} else {
				ps[i] = copyOf.Parser()
			}
			_ = ps[i].Parse(d.Households[0].Address)
		})
	}
	wg.Wait()
	for _, p := range ps {
		if p != ps[0] || p == nil {
			t.Fatal("Parser built more than once")
		}
	}
}

func FuzzPlaces(f *testing.F) {
	base := validFiles(f)
	fuzzFile(f, MetaFile, base[MetaFile]+placesYAML,
		base[MetaFile]+"places: {}\n",
		base[MetaFile]+"places:\n  townships:\n    - name: \"呼图壁镇\\t\"\n      aliases: [\"#1\", 'x y']\n",
		base[MetaFile]+"places:\n  prefixes: &p [河南省, 周口市]\n  villages: *p\n")
}
