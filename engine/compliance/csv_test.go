package compliance

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/config"
)

// readBack parses compliance.csv as a reader would: BOM stripped, RFC 4180.
func readBack(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no BOM: %q", b[:min(len(b), 10)])
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestWriteCSVRoundTrip(t *testing.T) {
	def := config.Default().Policy
	s := Section{SchoolID: "p2", Name: `县二小,"东"校区`, Level: Primary, Students: 800, MaxClassSize: 46, TeachingAreaM2: fp(3400)}
	r1 := Evaluate(County{Year: 2023, Sections: []Section{s}}, def)
	r2 := Evaluate(County{Year: 2024, MigrantsEligible: 3, MigrantsPublic: 2}, def)
	var b bytes.Buffer
	if err := WriteCSV(&b, []Report{r1, r2}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte("\r\n")) {
		t.Error("lines do not end in CRLF")
	}
	rows := readBack(t, b.Bytes())
	want := "year,scope,school_id,name,level,key,value,limit,pass,text"
	if strings.Join(rows[0], ",") != want || strings.Join(Header(), ",") != want {
		t.Fatalf("header %v", rows[0])
	}
	if len(rows) != 1+len(r1.Checks)+len(r2.Checks) {
		t.Fatalf("%d rows for %d+%d checks", len(rows), len(r1.Checks), len(r2.Checks))
	}
	byKey := map[string][]string{}
	for _, row := range rows[1:] {
		if len(row) != 10 {
			t.Fatalf("row %v", row)
		}
		byKey[row[0]+"/"+row[5]] = row
	}
	// 3400 m² / 800 = 4.25 m² < 4.5 m²: fails.
	got := byKey["2023/teaching_area_m2"]
	wantRow := []string{"2023", "school", "p2", `县二小,"东"校区`, "primary", "teaching_area_m2", "4.25", "4.5", "0",
		`2023 县二小,"东"校区: 生均教学及辅助用房面积 4.25 m² < 4.5 m²`}
	if strings.Join(got, "|") != strings.Join(wantRow, "|") {
		t.Errorf("row\n%q\nwant\n%q", got, wantRow)
	}
	if got := byKey["2023/sports_area_m2"]; got[6] != "" || got[7] != "7.5" || got[8] != "" {
		t.Errorf("skipped row %q", got)
	}
	if got := byKey["2023/class_size"]; got[6] != "46" || got[7] != "45" || got[8] != "0" {
		t.Errorf("class row %q", got)
	}
	// 2/3 written so that it reads back to the same float64.
	got = byKey["2024/migrants_public"]
	if v, err := strconv.ParseFloat(got[6], 64); err != nil || v != 2.0/3 || got[4] != "" || got[1] != "county" {
		t.Errorf("migrants row %q", got)
	}
	if got := byKey["2024/disabled_enrolment"]; got[6] != "" || got[8] != "" {
		t.Errorf("skipped county row %q", got)
	}
}

func TestWriteCSVEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, nil); err != nil {
		t.Fatal(err)
	}
	if b.String() != "\uFEFFyear,scope,school_id,name,level,key,value,limit,pass,text\r\n" {
		t.Errorf("%q", b.String())
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

var errWrite = &writeErr{}

type writeErr struct{}

func (*writeErr) Error() string { return "disk full" }

func TestWriteCSVError(t *testing.T) {
	r := Evaluate(County{Year: 2023, Sections: []Section{full("a", Primary, 100)}}, config.Default().Policy)
	err := WriteCSV(failWriter{}, []Report{r})
	if err == nil || !strings.HasPrefix(err.Error(), "compliance: ") {
		t.Errorf("err %v", err)
	}
}

// FuzzEvaluate builds a county from the fuzzer's numbers: Evaluate must not
// panic, and compliance.csv must read back with one row per check.
func FuzzEvaluate(f *testing.F) {
	f.Add(uint64(1), 3, "县二小", "primary", 800, 3400.0, 45)
	f.Add(uint64(2), 0, "", "junior", 0, -1.0, 0)
	f.Add(uint64(3), 7, "a,\"b\"\r\nc", "senior", 49, 1e308, 99)
	f.Fuzz(func(t *testing.T, seed uint64, k int, name, level string, students int, area float64, maxClass int) {
		rng := rand.New(rand.NewPCG(seed, 0))
		c := randomCounty(rng)
		s := Section{SchoolID: name, Name: name, Level: level, Students: students, MaxClassSize: maxClass, TeachingAreaM2: &area,
			MusicRooms: &k, CampusClasses: k, NineYear: k%2 == 0}
		c.Sections = append(c.Sections, s)
		c.Nearby[level] = Nearby{Zoned: k, Counted: students}
		p := config.Default().Policy
		p.ClassesPerArtRoom = k % 20
		p.SmallSchool = k
		r := Evaluate(c, p)
		var b bytes.Buffer
		if err := WriteCSV(&b, []Report{r}); err != nil {
			t.Fatal(err)
		}
		rows := readBack(t, b.Bytes())
		if len(rows) != 1+len(r.Checks) {
			t.Fatalf("%d rows for %d checks", len(rows), len(r.Checks))
		}
		for i, ch := range r.Checks {
			if strings.ContainsAny(ch.Text, "\r\n") {
				t.Fatalf("text on two lines: %q", ch.Text)
			}
			if rows[i+1][9] != ch.Text || rows[i+1][5] != ch.Key {
				t.Fatalf("text %q read back as %q", ch.Text, rows[i+1][9])
			}
			if want := strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(ch.Name); rows[i+1][3] != want {
				t.Fatalf("name %q read back as %q, want %q", ch.Name, rows[i+1][3], want)
			}
		}
	})
}

func BenchmarkEvaluate(b *testing.B) {
	// A county of 40 campuses, both levels, with every input given.
	var secs []Section
	for i := 0; i < 40; i++ {
		id := "s" + strconv.Itoa(i)
		secs = append(secs, full(id, Primary, 300+i*20))
		if i%3 == 0 {
			secs = append(secs, full(id, Junior, 200+i*15))
		}
	}
	c := County{Year: 2026, Sections: secs, Nearby: map[string]Nearby{Primary: {900, 950}, Junior: {400, 410}},
		MigrantsEligible: 800, MigrantsPublic: 700, DisabledChildren: 40, DisabledEnrolled: 39}
	p := config.Default().Policy
	b.ReportAllocs()
	for b.Loop() {
		_ = Evaluate(c, p)
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	var secs []Section
	for i := 0; i < 40; i++ {
		secs = append(secs, full("s"+strconv.Itoa(i), Primary, 300+i*20))
	}
	var reports []Report
	for y := 2026; y < 2036; y++ {
		reports = append(reports, Evaluate(County{Year: y, Sections: secs}, config.Default().Policy))
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteCSV(&buf, reports); err != nil {
			b.Fatal(err)
		}
	}
}
