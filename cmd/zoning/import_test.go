package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine/importer/importtest"
)

// register writes the spreadsheets of a small generated county.
func register(t *testing.T) *importtest.Register {
	t.Helper()
	d, _, err := county.Generate(county.Spec{Family: county.Plains, Seed: 5, Children: 1200, Style: county.Xinjiang})
	if err != nil {
		t.Fatal(err)
	}
	p := d.Parser()
	reg, err := importtest.Write(t.TempDir(), d, 5, 0.9, func(s string) string {
		a := p.Parse(s)
		a.Community, a.Unit, a.Room = "", "", ""
		return a.String()
	})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// TestImportRoundTrip: the bureau's files in, then validate and run on the
// folder written; no name, id number, 学籍号 or 户号 in any file written.
func TestImportRoundTrip(t *testing.T) {
	reg := register(t)
	dir := filepath.Join(t.TempDir(), "county")
	args := []string{"import", "--schools", reg.Schools, "--households", reg.Households, "--children", reg.Children,
		"--reference", reg.Reference, "--out", dir}
	stdout, stderr, err := zoning(t, args...)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	t.Log(stdout)
	if _, stderr, err := zoning(t, "validate", "--data", dir); err != nil {
		t.Fatalf("validate: %v\n%s", err, stderr)
	}
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, err := zoning(t, "run", "-q", "--data", dir, "--out", out); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	secrets := append(append([]string{}, reg.Names...), reg.IDNumbers...)
	for _, no := range reg.HouseholdNo {
		secrets = append(secrets, no)
	}
	for _, root := range []string{dir, out} {
		err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, s := range secrets {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s holds %q, a name or id number of the input", path, s)
					return nil
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// A re-import into the same folder keeps the salt: the same ids.
	before, _ := os.ReadFile(filepath.Join(dir, "children.csv"))
	if _, stderr, err := zoning(t, append(args, "-q")...); err != nil {
		t.Fatalf("re-import: %v\n%s", err, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "children.csv"))
	if !bytes.Equal(before, after) {
		t.Error("a re-import into the same folder changed children.csv")
	}
	report, _ := os.ReadFile(filepath.Join(dir, "import-report.csv"))
	if !bytes.HasPrefix(report, []byte("file,line,field,action,reason\n")) || !bytes.Contains(report, []byte("合计")) {
		t.Errorf("import-report.csv:\n%.400s", report)
	}
}

// TestImportBadInputWritesNothing: a file in no encoding read, and a
// mapping file's error, are FILE:LINE problems, exit code 2, and no folder.
func TestImportBadInputWritesNothing(t *testing.T) {
	reg := register(t)
	bad := filepath.Join(t.TempDir(), "户籍.csv")
	if err := os.WriteFile(bad, append([]byte("户号,住址\n1,"), 0xC4, 0xE3, 0xFF, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	m := filepath.Join(t.TempDir(), "mapping.yaml")
	if err := os.WriteFile(m, []byte("name: 某县\nhukou:\n  农业户口: rural\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "county")
	_, stderr, err := zoning(t, "import", "--schools", reg.Schools, "--households", bad, "--children", reg.Children,
		"--map", m, "--reference", reg.Reference, "--out", dir)
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 2 {
		t.Fatalf("err %v, want exit 2\n%s", err, stderr)
	}
	for _, want := range []string{bad + ":1: neither UTF-8 (byte offset 16, 0xC4", m + `:3: hukou: "农业户口" mapped to "rural"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s written on bad input", dir)
	}
}
