package engine

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestWriteFilesRemovesStaleOutputs: a command writing into a folder it
// wrote before removes the files it wrote then and does not write now;
// another command's files and the user's own files stay.
func TestWriteFilesRemovesStaleOutputs(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	write := func(command string, names ...string) {
		t.Helper()
		files := map[string][]byte{}
		for _, n := range names {
			files[n] = []byte(command + " " + n)
		}
		if err := WriteFiles(dir, command, files); err != nil {
			t.Fatal(err)
		}
	}
	write("run", "zones.geojson", "moves.csv", "metrics.json")
	write("simulate", "simulation.csv")
	write("run", "zones.geojson", "metrics.json") // no zones in force this time: no moves.csv
	got := dirNames(t, dir)
	want := []string{ManifestFile, "metrics.json", "notes.txt", "simulation.csv", "zones.geojson"}
	if !slices.Equal(got, want) {
		t.Errorf("folder holds %v, want %v (moves.csv of the earlier run removed, nothing else)", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(b) != "mine" {
		t.Errorf("the user's file was changed: %q", b)
	}
	// A file another command wrote last is that command's now.
	write("simulate", "simulation.csv", "metrics.json")
	write("run", "zones.geojson")
	if got := dirNames(t, dir); !slices.Contains(got, "metrics.json") {
		t.Errorf("run removed metrics.json that simulate wrote last: %v", got)
	}
}

// TestWriteFilesRefusesForeignFiles: a file zoning did not write is never
// overwritten, and then nothing is written.
func TestWriteFilesRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "metrics.json"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFiles(dir, "run", map[string][]byte{"zones.geojson": []byte("{}"), "metrics.json": []byte("{}")})
	if err == nil || !strings.Contains(err.Error(), "metrics.json already there and not written by zoning") {
		t.Fatalf("error %v, want a refusal naming metrics.json", err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"metrics.json"}) {
		t.Errorf("folder holds %v after the refusal, want only the user's metrics.json", got)
	}
	if err := CheckOutputFolder(dir, []string{"metrics.json"}); err == nil {
		t.Error("CheckOutputFolder accepts the user's metrics.json")
	}
	if err := CheckOutputFolder(filepath.Join(dir, "new"), []string{"metrics.json"}); err != nil {
		t.Errorf("CheckOutputFolder of a folder not made yet: %v", err)
	}
}

// TestWriteFilesManifestStaysInTheFolder: a manifest naming a path outside
// its folder is refused, never followed.
func TestWriteFilesManifestStaysInTheFolder(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "keep.txt")
	if err := os.WriteFile(victim, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(dir, victim)
	m := `{"files": {"` + filepath.ToSlash(rel) + `": "run"}}`
	if err := os.WriteFile(filepath.Join(dir, ManifestFile), []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles(dir, "run", map[string][]byte{"zones.geojson": nil}); err == nil {
		t.Error("a manifest naming ../ was followed")
	}
	if _, err := os.Stat(victim); err != nil {
		t.Errorf("the file outside the folder: %v", err)
	}
	for _, bad := range []string{"", "../x", "a/b", ManifestFile} {
		if err := WriteFiles(t.TempDir(), "run", map[string][]byte{bad: nil}); err == nil {
			t.Errorf("file name %q accepted", bad)
		}
	}
}
