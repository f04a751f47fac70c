package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzLoad: the configuration (a YAML file, then one ZONING_* variable of
// any key with any value) never panics Load; it fails with a "config: "
// error, or gives a configuration that Validate accepts and that, written
// as YAML and read back under the same environment, is the same.
func FuzzLoad(f *testing.F) {
	f.Add("policy:\n  class_size:\n    primary: 40\n", 0, "")
	f.Add("zoning:\n  objective: moves\n  time_limit_s: 0\n", 3, "12")
	f.Add("policy:\n  nearby_ratio:\n    primary: .nan\n", 1, "NaN")
	f.Add("zoning: [1, 2]\n", 2, "-1")
	f.Add("limits:\n  geojson_max_mib: 4097\n", 5, "1e9")
	f.Add("simulation:\n  evaluation_year: 2025\nunknown: 1\n", 7, "2025")
	f.Add("", 9, "0x10")
	keys, err := leafKeys(Default())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, yaml string, key int, value string) {
		dir := t.TempDir()
		file := filepath.Join(dir, "c.yaml")
		if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		k := keys[(key%len(keys)+len(keys))%len(keys)]
		if !strings.ContainsRune(value, 0) {
			t.Setenv(EnvPrefix+"_"+strings.ToUpper(strings.ReplaceAll(k, ".", "_")), value)
		}
		c, err := Load(file)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "config: ") {
				t.Fatalf("error %q lacks the package's name", err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Load gave a configuration Validate refuses: %v", err)
		}
		out, err := c.YAML()
		if err != nil {
			t.Fatal(err)
		}
		again := filepath.Join(dir, "again.yaml")
		if err := os.WriteFile(again, out, 0o644); err != nil {
			t.Fatal(err)
		}
		back, err := Load(again)
		if err != nil {
			t.Fatalf("the configuration written does not load: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back, c) {
			t.Fatalf("read back differs:\n%+v\nwant\n%+v", back, c)
		}
	})
}
