package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ManifestFile lists, in an output folder, the files zoning wrote there and
// the command that wrote each (JSON: {"files": {"zones.geojson": "run", ...}}).
// WriteFiles reads it to remove the files a command wrote before and no
// longer writes, and to refuse to overwrite a file zoning did not write.
const ManifestFile = ".zoning-outputs.json"

type manifest struct {
	Files map[string]string `json:"files"` // file name → the command that wrote it
}

// WriteFiles writes files into dir, creating it, as the output of command
// (run, simulate, compare, migrants: the name the manifest records).
//
//   - A file of the same name that zoning did not write (one not listed in
//     dir's ManifestFile) is never overwritten: WriteFiles then writes
//     nothing and names it.
//   - The files command wrote into dir before and does not write now are
//     removed (a moves.csv of an earlier run on a dataset with zones in
//     force, a plan's GeoJSON of an earlier comparison), so that dir holds
//     one run's outputs, never a mix. Other commands' files and anything
//     zoning did not write stay.
//   - Each file is written to a temporary file in dir and renamed, so that
//     a reader never sees half a file (the temporary file is removed when
//     either step fails). The manifest lists a file before it is written,
//     so that an interrupted write leaves no file unlisted.
func WriteFiles(dir, command string, files map[string][]byte) error {
	if command == "" {
		return errors.New("engine: WriteFiles: no command named")
	}
	names := make([]string, 0, len(files))
	for name := range files {
		if !plainName(name) {
			return fmt.Errorf("engine: %s: %q is not a file name for an output folder", dir, name)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	m, err := checkFolder(dir, names)
	if err != nil {
		return err
	}
	var stale []string
	for name, by := range m.Files {
		if _, now := files[name]; by == command && !now {
			stale = append(stale, name)
		}
	}
	slices.Sort(stale)
	for _, name := range names {
		m.Files[name] = command
	}
	if err := writeManifest(dir, m); err != nil {
		return err
	}
	for _, name := range names {
		if err := writeAtomic(dir, name, files[name]); err != nil {
			return err
		}
	}
	for _, name := range stale {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("engine: removing the earlier output %w", err)
		}
		delete(m.Files, name)
	}
	if len(stale) > 0 {
		return writeManifest(dir, m)
	}
	return nil
}

// CheckOutputFolder reports what WriteFiles would refuse in dir for files
// of these names (a file zoning did not write, an unreadable manifest),
// without writing anything, so that a command writing several folders can
// check them all first. A folder that does not exist yet is fine.
func CheckOutputFolder(dir string, names []string) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	_, err := checkFolder(dir, names)
	return err
}

func checkFolder(dir string, names []string) (manifest, error) {
	m, err := readManifest(dir)
	if err != nil {
		return m, err
	}
	var foreign []string
	for _, name := range names {
		if _, ours := m.Files[name]; ours {
			continue
		}
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			foreign = append(foreign, name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return m, fmt.Errorf("engine: %w", err)
		}
	}
	if len(foreign) > 0 {
		return m, fmt.Errorf("engine: %s: %s already there and not written by zoning (not listed in %s): move it away or choose another output folder; nothing was written",
			dir, strings.Join(foreign, ", "), ManifestFile)
	}
	return m, nil
}

// WriteFile writes one file at path (a file the user named, such as
// zoning notice --out FILE) through a temporary file and a rename.
func WriteFile(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	return writeAtomic(dir, filepath.Base(path), b)
}

// plainName reports whether name is a plain file name of an output folder:
// not empty, not the manifest, not a path, not . or ...
func plainName(name string) bool {
	return name != "" && name != ManifestFile && name == filepath.Base(name) && name != "." && name != ".."
}

func readManifest(dir string) (manifest, error) {
	m := manifest{Files: map[string]string{}}
	p := filepath.Join(dir, ManifestFile)
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("engine: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("engine: %s: %v (remove it, and the outputs it lists, or choose another output folder)", p, err)
	}
	if m.Files == nil {
		m.Files = map[string]string{}
	}
	for name := range m.Files {
		// Only plain names in dir: a manifest never leads a removal elsewhere.
		if !plainName(name) {
			return m, fmt.Errorf("engine: %s: %q is not a file name of this folder (remove the manifest, or choose another output folder)", p, name)
		}
	}
	return m, nil
}

func writeManifest(dir string, m manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	return writeAtomic(dir, ManifestFile, append(b, '\n'))
}

// writeAtomic writes b to dir/name through a temporary file in dir and a
// rename.
func writeAtomic(dir, name string, b []byte) error {
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("engine: %w", err)
	}
	return nil
}
