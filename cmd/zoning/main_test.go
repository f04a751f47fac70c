package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// zoning runs the command line in process and returns its output and error.
func zoning(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	root := newRoot(&o, &e)
	root.SetArgs(args)
	err = root.Execute()
	return o.String(), e.String(), err
}

// copyDir copies the loader's valid test dataset to a temporary folder.
func copyDir(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "engine", "dataset", "testdata", "valid")
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func TestBrokenDatasetWritesNothing(t *testing.T) {
	dir := copyDir(t)
	f := filepath.Join(dir, "children.csv")
	b, _ := os.ReadFile(f)
	lines := strings.Split(string(b), "\n")
	lines[2] = strings.Replace(lines[2], lines[2][:strings.Index(lines[2], ",")], "dupe", 1)
	lines[3] = strings.Replace(lines[3], lines[3][:strings.Index(lines[3], ",")], "dupe", 1)
	if err := os.WriteFile(f, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"validate"}, {"run"}} {
		out := filepath.Join(t.TempDir(), "out")
		args := append(cmd, "--data", dir, "-q")
		if cmd[0] == "run" {
			args = append(args, "--out", out)
		}
		_, stderr, err := zoning(t, args...)
		var ex exitError
		if !errors.As(err, &ex) || ex.code != 2 {
			t.Fatalf("%v: err %v, want exit code 2", cmd, err)
		}
		want := filepath.Join(dir, "children.csv") + ":4: "
		if !strings.Contains(stderr, want) || !strings.Contains(stderr, "dupe") {
			t.Errorf("%v: stderr %q, want a line starting %q naming the duplicate", cmd, stderr, want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v: the output folder was created", cmd)
		}
	}
}

func TestRunWritesTheOutputs(t *testing.T) {
	dir := copyDir(t)
	out := filepath.Join(t.TempDir(), "out")
	stdout, stderr, err := zoning(t, "run", "--data", dir, "--out", out, "-q")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	for _, f := range []string{"zones.geojson", "assignments.csv", "metrics.json", "report.html"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if !strings.Contains(stdout, "primary") || !strings.Contains(stdout, "wrote") {
		t.Errorf("summary %q", stdout)
	}
}

func TestConfigPrintsWhatItReads(t *testing.T) {
	f := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(f, []byte("policy:\n  class_size:\n    primary: 40\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ZONING_POLICY_SCHOOL_SIZE", "1800")
	stdout, _, err := zoning(t, "config", "--config", f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"primary: 40", "school_size: 1800", "junior: 50"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("config output lacks %q:\n%s", want, stdout)
		}
	}
	if _, _, err := zoning(t, "config", "--config", filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("a missing config file was accepted")
	}
}

// TestHelpNamesEveryCommand: the root's --help lists every command of the
// command line (the twelve of README's table) with its one-line summary, and
// each command's own --help names every flag it takes, its own and the
// global ones, and gives an example that calls it.
func TestHelpNamesEveryCommand(t *testing.T) {
	want := []string{"compare", "config", "import", "lookup", "migrants", "notice", "publish", "redraw", "run", "serve", "simulate", "validate"}
	stdout, _, err := zoning(t, "--help")
	if err != nil {
		t.Fatal(err)
	}
	root := newRoot(io.Discard, io.Discard)
	var names []string
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		names = append(names, c.Name())
		if !helpLists(stdout, c.Name(), c.Short) {
			t.Errorf("zoning --help does not list %s with its summary %q", c.Name(), c.Short)
		}
		t.Run(c.Name(), func(t *testing.T) {
			out, _, err := zoning(t, c.Name(), "--help")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, "zoning "+c.Name()) {
				t.Errorf("zoning %s --help does not show its usage:\n%s", c.Name(), out)
			}
			ex := strings.TrimSpace(c.Example)
			if !strings.Contains(ex, "zoning "+c.Name()) {
				t.Errorf("zoning %s has no example that calls it: %q", c.Name(), ex)
			}
			if !strings.Contains(out, "Examples:") || !strings.Contains(out, ex) {
				t.Errorf("zoning %s --help does not give its examples:\n%s", c.Name(), out)
			}
			check := func(f *pflag.Flag) {
				if f.Hidden {
					return
				}
				name := "--" + f.Name
				if f.Shorthand != "" {
					name = "-" + f.Shorthand + ", " + name
				}
				_, usage := pflag.UnquoteUsage(f)
				if !strings.Contains(out, name) || !strings.Contains(out, usage) {
					t.Errorf("zoning %s --help does not name the flag %s (%s)", c.Name(), name, usage)
				}
			}
			c.LocalFlags().VisitAll(check)
			c.InheritedFlags().VisitAll(check)
		})
	}
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Errorf("the commands are %v, want %v", names, want)
	}
}

// helpLists reports whether help's list of commands has a line naming the
// command with its summary.
func helpLists(help, name, short string) bool {
	for _, line := range strings.Split(help, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == name && strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), name)) == short {
			return true
		}
	}
	return false
}
