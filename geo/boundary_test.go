package geo_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// h3Module is the H3 binding (cgo) that only package geo may import, as
// only geo/geos may import GEOS.
const h3Module = "github.com/uber/h3-go"

// TestOnlyGeoImportsH3 lists every package of the module with go list and
// fails if one other than geo imports the H3 binding, in its code or in its
// tests: the rest of the project exchanges geo.Cell and orb values.
func TestOnlyGeoImportsH3(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("geo: the go command is not on PATH")
	}
	cmd := exec.Command(goTool, "list", "-e", "-json=ImportPath,Imports,TestImports,XTestImports,Module", "./...")
	cmd.Dir = ".." // the module's root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("geo: go list ./...: %v", err)
	}
	type pkg struct {
		ImportPath                         string
		Imports, TestImports, XTestImports []string
		Module                             struct{ Path string }
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	var n int
	var geoImports bool
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("geo: reading go list: %v", err)
		}
		n++
		all := slices.Concat(p.Imports, p.TestImports, p.XTestImports)
		uses := slices.ContainsFunc(all, func(path string) bool { return strings.HasPrefix(path, h3Module) })
		if p.ImportPath == p.Module.Path+"/geo" {
			geoImports = uses
			continue
		}
		if uses {
			t.Errorf("package %s imports %s: use geo.Cell and the functions of package geo", p.ImportPath, h3Module)
		}
	}
	// The check is only worth something if it saw the module and the
	// binding where it belongs.
	if n < 10 || !geoImports {
		t.Fatalf("go list saw %d packages, geo importing H3 %v: the listing is not the module's", n, geoImports)
	}
}
