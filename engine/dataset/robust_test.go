package dataset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// writeDir writes files into a new folder and returns it.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "county")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, s := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadWithin runs LoadDir and fails the test if it does not return within
// the time given.
func loadWithin(t *testing.T, d time.Duration, load func() (*Dataset, error)) (*Dataset, error) {
	t.Helper()
	type result struct {
		d   *Dataset
		err error
	}
	done := make(chan result, 1)
	go func() {
		ds, err := load()
		done <- result{ds, err}
	}()
	select {
	case r := <-done:
		return r.d, r.err
	case <-time.After(d):
		t.Fatalf("the load did not return within %v", d)
		return nil, nil
	}
}

// problemStrings returns the problems of err as FILE:LINE: message, failing
// the test when err is not Problems.
func problemStrings(t *testing.T, err error) []string {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %T is not Problems: %v", err, err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// TestLoadRefusesFIFO: a named pipe in the dataset folder, in place of any
// file the loader reads, is refused at once as not a regular file, instead
// of blocking the load until something writes to it.
func TestLoadRefusesFIFO(t *testing.T) {
	for _, name := range []string{MetaFile, SchoolsFile, HouseholdsFile, ChildrenFile, "boundary.geojson", ZonesFile} {
		t.Run(name, func(t *testing.T) {
			f := validFiles(t)
			delete(f, name)
			dir := writeDir(t, f)
			fifo := filepath.Join(dir, name)
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			t.Cleanup(func() {
				// Release a reader the old code left blocked in open.
				if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					w.Close()
				}
			})
			_, err := loadWithin(t, 5*time.Second, func() (*Dataset, error) { return LoadDir(dir) })
			got := problemStrings(t, err)
			want := "not a regular file (a named pipe): a dataset file must be an ordinary file"
			if len(got) == 0 || !strings.HasPrefix(got[0], fifo+":") || !strings.HasSuffix(got[0], want) {
				t.Errorf("problems:\n%s\nwant first:\n%s: … %s", strings.Join(got, "\n"), fifo, want)
			}
			t.Log(got[0])
		})
	}
}

// TestLoadRefusesDevice: a device that never ends (/dev/zero, through a
// symbolic link) is refused the same way.
func TestLoadRefusesDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	f := validFiles(t)
	delete(f, HouseholdsFile)
	dir := writeDir(t, f)
	if err := os.Symlink("/dev/zero", filepath.Join(dir, HouseholdsFile)); err != nil {
		t.Fatal(err)
	}
	_, err := loadWithin(t, 5*time.Second, func() (*Dataset, error) { return LoadDir(dir) })
	got := problemStrings(t, err)
	want := filepath.Join(dir, HouseholdsFile) + ": not a regular file (a device): a dataset file must be an ordinary file"
	if len(got) == 0 || got[0] != want {
		t.Errorf("problems:\n%s\nwant first:\n%s", strings.Join(got, "\n"), want)
	}
}

// blockingFS is a dataset whose children.csv blocks in Read until release
// is closed, as a file on a hung network mount does.
type blockingFS struct {
	fstest.MapFS
	release chan struct{}
	reading chan struct{}
	once    sync.Once
}

type blockingFile struct {
	fs.File
	fsys *blockingFS
}

func (b *blockingFS) Open(name string) (fs.File, error) {
	f, err := b.MapFS.Open(name)
	if err != nil || name != ChildrenFile {
		return f, err
	}
	return &blockingFile{f, b}, nil
}

func (f *blockingFile) Read(p []byte) (int, error) {
	f.fsys.once.Do(func() { close(f.fsys.reading) })
	<-f.fsys.release
	return 0, io.EOF
}

// TestLoadContextCancelled: a cancelled context stops a load, both before
// it starts and while a read is blocked, and LoadContext returns at once
// with the context's error.
func TestLoadContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := loadWithin(t, 5*time.Second, func() (*Dataset, error) { return LoadContext(ctx, mapFS(validFiles(t))) })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before the load: %v, want context.Canceled", err)
	}

	bfs := &blockingFS{MapFS: mapFS(validFiles(t)), release: make(chan struct{}), reading: make(chan struct{})}
	defer close(bfs.release)
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-bfs.reading
		cancel()
	}()
	start := time.Now()
	d, err := loadWithin(t, 5*time.Second, func() (*Dataset, error) { return LoadContext(ctx, bfs) })
	if d != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while blocked: %v, %v; want no dataset and context.Canceled", d, err)
	}
	t.Logf("returned %v after the read blocked", time.Since(start))

	// An uncancelled context loads as Load does.
	if d, err := LoadContext(context.Background(), mapFS(validFiles(t))); err != nil || len(d.Children) != 8 {
		t.Errorf("LoadContext: %v", err)
	}
}

// TestLoadFolderNotFound: a missing folder is one problem naming it, not a
// missing file each; so are a file given as the folder and a folder with
// none of the dataset's files.
func TestLoadFolderNotFound(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nowhere")
	_, err := LoadDir(missing)
	if got := problemStrings(t, err); !slices.Equal(got, []string{missing + ": folder not found"}) {
		t.Errorf("missing folder: %q", got)
	}
	_, err = Load(os.DirFS(missing), WithDisplayDir("data/x"))
	if got := problemStrings(t, err); !slices.Equal(got, []string{"data/x: folder not found"}) {
		t.Errorf("missing folder through Load: %q", got)
	}
	dir := writeDir(t, validFiles(t))
	file := filepath.Join(dir, SchoolsFile)
	_, err = LoadDir(file)
	if got := problemStrings(t, err); len(got) != 1 || !strings.HasPrefix(got[0], file+": not a folder") {
		t.Errorf("a file as the folder: %q", got)
	}
	empty := t.TempDir()
	_, err = LoadDir(empty)
	want := empty + ": not a dataset folder: none of dataset.yaml, schools.csv, households.csv, children.csv is in it"
	if got := problemStrings(t, err); !slices.Equal(got, []string{want}) {
		t.Errorf("an empty folder: %q", got)
	}
}

// TestFirstErrorFirst: an unbalanced quote in households.csv swallows the
// rows after it; the problem says so first, and children.csv's references
// to the households lost are not reported one by one but noted once.
func TestFirstErrorFirst(t *testing.T) {
	f := validFiles(t)
	// H4's address loses its closing quote: H4 and H5 are swallowed.
	replace(HouseholdsFile, `"大丰镇""新村""7号",migrant`, `"大丰镇""新村""7号,migrant`)(f)
	// A problem of children.csv's own is still reported, after.
	replace(ChildrenFile, "C5,H3,2012,9", "C5,H3,2012,10")(f)
	got := problemStrings(t, problemsOf(t, f))
	cause := `households.csv:6: malformed CSV: extraneous or missing " in quoted-field`
	want := []string{
		`children.csv: household_id not checked against households.csv, which has errors`,
		`children.csv:6: grade 10 outside 0–9`,
	}
	if len(got) == 0 || !strings.HasPrefix(got[0], cause) || !slices.Equal(got[1:], want) {
		t.Errorf("problems:\n%s\nwant:\n%s…\n%s", strings.Join(got, "\n"), cause, strings.Join(want, "\n"))
	}

	// A structural problem of a later file comes before the value problems
	// of an earlier one.
	f = validFiles(t)
	replace(ChildrenFile, "C7,H5", "C7,H9")(f)
	replace(SchoolsFile, "S2,呼图壁县第一中学,86.950000,44.160000,0,900,", "S2,呼图壁县第一中学,86.950000,44.160000,0,")(f)
	got = problemStrings(t, problemsOf(t, f))
	want = []string{
		"schools.csv:3: has 14 fields, the header has 15",
		`children.csv:8: household_id "H9" does not exist in households.csv`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestNotUTF8 names the likely encoding of a file that is not UTF-8, once
// for the file rather than once a row.
func TestNotUTF8(t *testing.T) {
	valid := validFiles(t)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(valid[HouseholdsFile])
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(valid[SchoolsFile])
	if err != nil {
		t.Fatal(err)
	}
	gbkYAML, err := simplifiedchinese.GBK.NewEncoder().String(valid[MetaFile])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, text string
		want             []string
	}{
		{"GBK", HouseholdsFile, gbk, []string{"households.csv:2: not UTF-8: looks like GBK (GB 18030), as Excel saves CSV on Chinese Windows: save it as UTF-8 (Excel: 另存为 → CSV UTF-8 (逗号分隔))"}},
		{"UTF-16", SchoolsFile, utf16, []string{`schools.csv:1: not UTF-8: looks like UTF-16, as Excel saves "Unicode text": save it as UTF-8 (Excel: 另存为 → CSV UTF-8 (逗号分隔))`}},
		{"GBK YAML", MetaFile, gbkYAML, []string{"dataset.yaml:2: not UTF-8: looks like GBK (GB 18030), as Excel saves CSV on Chinese Windows: save it as UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFiles(t)
			f[tt.file] = tt.text
			got := problemStrings(t, problemsOf(t, f))
			// The notes of references not checked follow; the cause comes
			// first and alone of its file.
			if len(got) == 0 || got[0] != tt.want[0] {
				t.Errorf("problems:\n%s\nwant first:\n%s", strings.Join(got, "\n"), tt.want[0])
			}
			for _, p := range got[1:] {
				if strings.HasPrefix(p, tt.file) || strings.Contains(p, "UTF-8") {
					t.Errorf("a follow-on problem: %s", p)
				}
			}
		})
	}

	// A stray byte that is no encoding's is reported at its cell.
	f := validFiles(t)
	replace(HouseholdsFile, "大丰镇某村1组2号", "大丰镇\xff1组")(f)
	if got := problemStrings(t, problemsOf(t, f)); !slices.Equal(got, []string{`households.csv:5: invalid UTF-8 in column "address"`}) {
		t.Errorf("stray byte: %q", got)
	}
}

// TestOtherSeparators names the separator of a file that is not
// comma-separated, and CR line ends.
func TestOtherSeparators(t *testing.T) {
	tests := []struct{ name, sep, want string }{
		{"semicolon", ";", `schools.csv:1: the header reads as one field: the file looks separated by ";" (a semicolon), and CSV here is comma-separated: save it with commas (Excel: 另存为 → CSV UTF-8 (逗号分隔))`},
		{"tab", "\t", `schools.csv:1: the header reads as one field: the file looks separated by a tab, and CSV here is comma-separated: save it with commas (Excel: 另存为 → CSV UTF-8 (逗号分隔))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFiles(t)
			f[SchoolsFile] = "school_id" + tt.sep + "name" + tt.sep + "lon" + tt.sep + "lat" + tt.sep + "primary_seats" + tt.sep + "junior_seats\n" +
				"S1" + tt.sep + "一小" + tt.sep + "86.9" + tt.sep + "44.19" + tt.sep + "1200" + tt.sep + "0\n"
			got := problemStrings(t, problemsOf(t, f))
			if len(got) == 0 || got[0] != tt.want {
				t.Errorf("problems:\n%s\nwant first:\n%s", strings.Join(got, "\n"), tt.want)
			}
			for _, p := range got[1:] {
				if strings.HasPrefix(p, SchoolsFile) {
					t.Errorf("a follow-on problem: %s", p)
				}
			}
		})
	}
	f := validFiles(t)
	f[ChildrenFile] = strings.ReplaceAll(f[ChildrenFile], "\n", "\r")
	want := "children.csv:1: line ends are CR alone (as classic Mac OS wrote them), so the file reads as one line: save it with LF or CRLF line ends"
	if got := problemStrings(t, problemsOf(t, f)); !slices.Equal(got, []string{want}) {
		t.Errorf("CR line ends: %q", got)
	}
}

// TestPlausibility: values each valid on its own but implausible together
// are problems or warnings, as docs/dataset-format.md says.
func TestPlausibility(t *testing.T) {
	problems := []struct {
		name string
		edit func(f map[string]string)
		want []string
	}{
		{"base_year 1900", replace(MetaFile, "base_year: 2026", "base_year: 1900"),
			[]string{"dataset.yaml:3: base_year 1900 outside 1990–2100"}},
		{"base_year 2101", replace(MetaFile, "base_year: 2026", "base_year: 2101"),
			[]string{"dataset.yaml:3: base_year 2101 outside 1990–2100"}},
		{"born in 2099", replace(ChildrenFile, "C7,H5,2021,0", "C7,H5,2099,0"),
			[]string{"children.csv:8: birth_year 2099 is after the base year 2026's school year (2026–2027)"}},
		{"grade 3 born last year", replace(ChildrenFile, c2Row, "C2,H1,2025,3,S1,"),
			[]string{"children.csv:3: birth_year 2025 is implausible for grade 3 in 2026: the pupil entered grade 1 in 2024, aged -1 that year (accepted: 5 or more; usual: 6 or 7)"}},
		{"grade 1 at four", replace(ChildrenFile, "C6,H4,2019,1", "C6,H4,2022,1"),
			[]string{"children.csv:7: birth_year 2022 is implausible for grade 1 in 2026: the pupil entered grade 1 in 2026, aged 4 that year (accepted: 5 or more; usual: 6 or 7)"}},
	}
	for _, tt := range problems {
		t.Run(tt.name, func(t *testing.T) {
			f := validFiles(t)
			tt.edit(f)
			if got := problemStrings(t, problemsOf(t, f)); !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}

	noBoundary := func(f map[string]string) {
		f[MetaFile] = "name: x\nbase_year: 2026\n"
		delete(f, "boundary.geojson")
	}
	warnings := []struct {
		name string
		edit []func(f map[string]string)
		want []string
	}{
		{"accepted: born in the base year's school year, grade 1 at six, grade 9 entered at nine", []func(f map[string]string){
			replace(ChildrenFile, "C7,H5,2021,0", "C7,H5,2027,0"),
			replace(ChildrenFile, "C6,H4,2019,1", "C6,H4,2020,1"),
			replace(ChildrenFile, "C5,H3,2012,9", "C5,H3,2009,9")}, nil},
		{"grade 1 at five", []func(f map[string]string){replace(ChildrenFile, "C6,H4,2019,1", "C6,H4,2021,1")},
			[]string{"children.csv:7: grade 1 pupil born in 2021 entered grade 1 in 2026 aged 5, a year early (usual: 6 or 7; check birth_year and grade)"}},
		{"grade 3 born 2010", []func(f map[string]string){replace(ChildrenFile, c2Row, "C2,H1,2010,3,S1,")},
			[]string{"children.csv:3: grade 3 pupil born in 2010 entered grade 1 in 2024 aged 14 (usual: 6 or 7; check birth_year and grade)"}},
		{"not at school at 12", []func(f map[string]string){replace(ChildrenFile, "C7,H5,2021,0", "C7,H5,2015,0")},
			[]string{"children.csv:8: child born in 2015 is not at school in 2026 (grade 0): entering grade 1 in 2027, aged 12 that year (usual: 6 or 7; check birth_year and grade)"}},
		{"intake above seats", []func(f map[string]string){replace(SchoolsFile, s1Row, strings.Replace(s1Row, ",200,,", ",1300,,", 1))},
			[]string{"schools.csv:2: primary_intake 1300 is more than primary_seats 1200, the section's places in all its grades"}},
		{"intake without a section", []func(f map[string]string){replace(SchoolsFile, s1Row, strings.Replace(s1Row, ",200,,", ",200,5,", 1))},
			[]string{"schools.csv:2: junior_intake 5, but junior_seats is 0: the campus has no junior section"}},
		// The figures by hand: the median point is the median longitude
		// and latitude of the five homes; 13.47° of latitude are 1498 km
		// (111.195 km a degree), and the third-nearest home, H4, lies
		// 0.26° of longitude (20.7 km at 44.2° N) and 0.015° of latitude
		// from it.
		{"a home 1,500 km away without a boundary", []func(f map[string]string){noBoundary,
			replace(HouseholdsFile, "H5,86.880000,44.200000", "H5,86.880000,30.700000")},
			[]string{"households.csv:7: lon 86.880000, lat 30.700000 is 1498 km from the middle of the homes (lon 86.8800, lat 44.1700; half of the homes lie within 20.8 km of it): check its coordinates, or name the county's boundary in dataset.yaml"}},
		{"a campus 1,500 km away without a boundary", []func(f map[string]string){noBoundary,
			replace(SchoolsFile, "S2,呼图壁县第一中学,86.950000,44.160000", "S2,呼图壁县第一中学,86.950000,30.660000")},
			[]string{"schools.csv:3: lon 86.950000, lat 30.660000 is 1504 km from the middle of the homes (lon 86.8800, lat 44.1850; half of the homes lie within 5.6 km of it): check its coordinates, or name the county's boundary in dataset.yaml"}},
		{"homes 200 km apart without a boundary", []func(f map[string]string){noBoundary,
			replace(HouseholdsFile, "H5,86.880000,44.200000", "H5,86.880000,42.400000")}, nil},
	}
	for _, tt := range warnings {
		t.Run(tt.name, func(t *testing.T) {
			f := validFiles(t)
			for _, e := range tt.edit {
				e(f)
			}
			d, err := Load(mapFS(f))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range d.Warnings {
				if !strings.Contains(w.Msg, "boundary.geojson") && !strings.Contains(w.Msg, "not used") {
					got = append(got, w.String())
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestWarningsCapped: a warning that repeats on many lines is shown for
// the first ten, and the rest counted in one more.
func TestWarningsCapped(t *testing.T) {
	f := validFiles(t)
	var b strings.Builder
	for i := range 15 {
		fmt.Fprintf(&b, "X%d,H1,2000,0,,\n", i)
	}
	f[ChildrenFile] += b.String()
	d, err := Load(mapFS(f))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Warnings) != 11 {
		t.Fatalf("%d warnings, want 11:\n%v", len(d.Warnings), d.Warnings)
	}
	if got, want := d.Warnings[10].String(), "children.csv:20: 5 more warnings like the above (age) from this line on, not shown"; got != want {
		t.Errorf("last warning %q, want %q", got, want)
	}
}

// TestNotChecked: references to a file that cannot be read, or to a
// boundary with problems, are not checked, and a problem says so at line 0
// of the file that holds them.
func TestNotChecked(t *testing.T) {
	tests := []struct {
		name string
		edit func(f map[string]string)
		want []string
	}{
		{"schools.csv without a required column", replace(SchoolsFile, "primary_seats,", "primary,"), []string{
			`schools.csv:1: missing required column "primary_seats"`,
			"children.csv: school_id not checked against schools.csv, which has errors",
			"zones.geojson: school_id not checked against schools.csv, which has errors",
		}},
		{"households.csv missing", remove(HouseholdsFile), []string{
			"households.csv:1: missing file",
			"children.csv: household_id not checked against households.csv, which has errors",
		}},
		{"a boundary that is a line", setFile("boundary.geojson", `{"type":"LineString","coordinates":[[86.5,44.0],[87.1,44.4]]}`), []string{
			`boundary.geojson:1: type "LineString": want a Polygon or MultiPolygon, a Feature of one, or a FeatureCollection of them`,
			"households.csv: lon, lat not checked against boundary.geojson, which has errors",
			"schools.csv: lon, lat not checked against boundary.geojson, which has errors",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFiles(t)
			tt.edit(f)
			if got := problemStrings(t, problemsOf(t, f)); !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
