package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// badValues are, per numeric flag, values out of its range: NaN, ±Inf, a
// negative and a huge one (a negative is left out where it is valid:
// --rate -1 is no limit, --delay EVENT=-1 moves an event earlier, --lon -1
// is a longitude). The test dataset's base year is 2026.
var badValues = map[string][]string{
	"year":           {"NaN", "Inf", "-Inf", "-1", "9999999", "2026", "2057"},
	"from":           {"NaN", "Inf", "-1", "9999999", "2025", "2057"},
	"to":             {"NaN", "-Inf", "-1", "9999999", "2057"},
	"evaluation":     {"NaN", "Inf", "-1", "9999999", "2057"},
	"no-redraw":      {"NaN", "-1", "9999999", "2057"},
	"birth-trend":    {"NaN", "Inf", "-Inf", "-1", "100", "0.51"},
	"migrant-inflow": {"NaN", "Inf", "-Inf", "-1", "1e9", "1.01"},
	"delay":          {"b=NaN", "b=Inf", "b=-1000", "b=999999999"},
	"lon":            {"NaN", "Inf", "-Inf", "1e12", "-181"},
	"lat":            {"NaN", "Inf", "-Inf", "1e12", "-91"},
	"rate":           {"NaN", "Inf", "-Inf", "0", "1e12"},
	"burst":          {"NaN", "Inf", "-1", "0", "999999999999"},
	"timeout":        {"NaN", "Inf", "-1s", "0s", "876000h"},
	"run-timeout":    {"NaN", "-1s", "0s", "876000h"},
	"poll":           {"NaN", "-1s", "0s", "999ms", "2h"},
	"runs-keep":      {"NaN", "-1", "0", "999999999"},
	"download-stall": {"NaN", "-1s", "0s", "876000h"},
	"download-max":   {"NaN", "-1s", "0s", "876000h"},
}

// extraArgs are what a command needs besides the flag tried.
var extraArgs = map[string][]string{
	"compare": {"current"},
	"lookup":  {"--lon", "86.87", "--lat", "44.19"},
	"serve":   {"--addr", "127.0.0.1:0"},
}

// numericFlags lists, per command, its flags that take a number (and
// --birth-trend and --delay, whose values hold one).
func numericFlags(root *cobra.Command) map[string][]string {
	out := map[string][]string{}
	for _, c := range root.Commands() {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			switch f.Value.Type() {
			case "int", "int64", "uint", "uint64", "float64", "float32", "intSlice", "duration":
			default:
				if f.Name != "birth-trend" && f.Name != "delay" {
					return
				}
			}
			out[c.Name()] = append(out[c.Name()], f.Name)
		})
	}
	return out
}

// TestEveryNumericFlagRefusesBadValues tries every numeric flag of every
// command with values out of its range: each is refused, naming the flag,
// before anything is written.
func TestEveryNumericFlagRefusesBadValues(t *testing.T) {
	dir := copyDir(t)
	sc := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(sc, []byte("events:\n  - {id: b, year: 2027, kind: build, school: S1, teaching_area_m2: 100}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	flags := numericFlags(newRoot(&bytes.Buffer{}, &bytes.Buffer{}))
	if len(flags) == 0 {
		t.Fatal("no numeric flag found")
	}
	for cmd, names := range flags {
		for _, name := range names {
			values, ok := badValues[name]
			if !ok {
				t.Errorf("%s --%s: no bad values to try (add them to badValues, and its range to flags.go)", cmd, name)
				continue
			}
			for _, v := range values {
				t.Run(cmd+" --"+name+"="+v, func(t *testing.T) {
					out := filepath.Join(t.TempDir(), "out")
					args := []string{cmd, "-q", "--data", dir, "--" + name + "=" + v}
					switch cmd {
					case "run", "redraw", "simulate", "migrants", "compare", "notice", "lookup", "serve":
						args = append(args, "--scenario", sc)
					}
					if cmd != "lookup" && cmd != "serve" && cmd != "notice" {
						args = append(args, "--out", out)
					}
					extra := extraArgs[cmd]
					if name == "lon" || name == "lat" {
						extra = []string{"--lon", "86.87", "--lat", "44.19"}
						extra = dropFlag(extra, name)
					}
					args = append(args, extra...)
					ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
					defer cancel()
					var o, e bytes.Buffer
					root := newRoot(&o, &e)
					root.SetArgs(args)
					start := time.Now()
					err := root.ExecuteContext(ctx)
					if err == nil {
						t.Fatalf("%v accepted", args)
					}
					msg := err.Error() + e.String()
					if !strings.Contains(msg, "--"+name) && !strings.Contains(msg, `"`+name+`"`) {
						t.Errorf("%v: %q names no --%s", args, msg, name)
					}
					if d := time.Since(start); d > 5*time.Second {
						t.Errorf("%v: refused after %v, want before any work", args, d)
					}
					if _, err := os.Stat(out); !os.IsNotExist(err) {
						t.Errorf("%v: the output folder was written", args)
					}
				})
			}
		}
	}
}

// dropFlag removes --name and its value from args.
func dropFlag(args []string, name string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == "--"+name {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

// TestBirthTrendBoundsTheBirths: a trend within its range that would still
// multiply the births over the years simulated is refused; one that does
// not runs.
func TestBirthTrendBoundsTheBirths(t *testing.T) {
	dir := copyDir(t)
	sc := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(sc, []byte("events:\n  - {id: b, year: 2027, kind: build, school: S1, teaching_area_m2: 100}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := zoning(t, "simulate", "-q", "--data", dir, "--scenario", sc, "--birth-trend", "0.5", "--to", "2056", "--out", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "--birth-trend 0.5 over the 30 years 2026–2056") {
		t.Errorf("--birth-trend 0.5 to 2056: %v", err)
	}
	if _, stderr, err := zoning(t, "simulate", "-q", "--data", dir, "--scenario", sc, "--birth-trend", "0.1", "--migrant-inflow", "0.5",
		"--to", "2028", "--out", t.TempDir()); err != nil {
		t.Errorf("--birth-trend 0.1 --migrant-inflow 0.5 to 2028: %v\n%s", err, stderr)
	}
}
