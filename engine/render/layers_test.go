package render_test

import (
	"errors"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/hutubi-edu/zoning"

// above says whether a package of the module (its path inside the module)
// is presentation or the top: engine/render and below, engine/service,
// cmd. Every other package is a model (engine, engine/compare,
// engine/simulate, engine/dataset, zones, geo, data...).
func above(pkg string) bool {
	for _, top := range []string{"engine/render", "engine/service", "cmd"} {
		if pkg == top || strings.HasPrefix(pkg, top+"/") {
			return true
		}
	}
	return false
}

// upward lists the imports that run back up: a model importing anything
// above it, or the presentation tree importing the server or a command.
// imports maps each package of the module to the module's packages it
// imports (paths inside the module).
func upward(imports map[string][]string) []string {
	var out []string
	for pkg, deps := range imports {
		for _, dep := range deps {
			inRender := pkg == "engine/render" || strings.HasPrefix(pkg, "engine/render/")
			switch {
			case !above(pkg) && above(dep):
				out = append(out, pkg+" imports "+dep)
			case inRender && above(dep) && !(dep == "engine/render" || strings.HasPrefix(dep, "engine/render/")):
				out = append(out, pkg+" imports "+dep)
			}
		}
	}
	slices.Sort(out)
	return out
}

// moduleImports reads the non-test imports of every package of the module
// (build constraints applied, as go build sees them), by package path
// inside the module.
func moduleImports(t *testing.T) map[string][]string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "go.mod")); err != nil || !strings.Contains(string(b), "module "+module+"\n") {
		t.Fatalf("%s is not the module's root (%v)", root, err)
	}
	imports := map[string][]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
			return filepath.SkipDir
		}
		p, err := build.Default.ImportDir(path, 0)
		var none *build.NoGoError
		if errors.As(err, &none) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		for _, imp := range p.Imports {
			if dep, ok := strings.CutPrefix(imp, module+"/"); ok {
				imports[pkg] = append(imports[pkg], dep)
			}
		}
		if _, ok := imports[pkg]; !ok {
			imports[pkg] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return imports
}

// TestLayers: no model package imports the presentation tree, the server
// or a command, and the presentation tree imports neither the server nor
// a command; so the walk from a command or the server goes down without
// climbing back. (Test files may import across: a model's tests can use a
// rendering as a fixture.)
func TestLayers(t *testing.T) {
	imports := moduleImports(t)
	for _, pkg := range []string{"engine", "engine/compare", "engine/render/report", "engine/render/pack", "engine/service", "zones", "geo"} {
		if _, ok := imports[pkg]; !ok {
			t.Fatalf("package %s not found: the walk of the module missed it", pkg)
		}
	}
	if !slices.Contains(imports["engine/render/pack"], "engine/compare") {
		t.Errorf("engine/render/pack's imports %v lack engine/compare: the imports are not read", imports["engine/render/pack"])
	}
	for _, v := range upward(imports) {
		t.Errorf("an import runs back up: %s", v)
	}
}

// TestUpward: the check finds an import that runs back up, whichever
// floor it starts from, and lets those that go down pass.
func TestUpward(t *testing.T) {
	imports := map[string][]string{
		"engine/compare":       {"engine", "engine/render/report"},
		"zones":                {"geo", "engine/service"},
		"engine/render/report": {"engine/compare", "engine/render/browser"},
		"engine/render/pack":   {"engine/render/report", "engine/service"},
		"engine/service":       {"engine/render/pack", "engine/compare"},
		"cmd/zoning":           {"engine/service", "engine/render/report"},
		"engine/dataset":       {"cmd/zoning"},
	}
	want := []string{
		"engine/compare imports engine/render/report",
		"engine/dataset imports cmd/zoning",
		"engine/render/pack imports engine/service",
		"zones imports engine/service",
	}
	if got := upward(imports); !slices.Equal(got, want) {
		t.Errorf("upward = %q, want %q", got, want)
	}
}
