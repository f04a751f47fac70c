package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultsArePolicyFigures(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	// The figures of docs/policy.md, typed here from the document.
	checks := []struct {
		name      string
		got, want float64
	}{
		{"nearby primary", c.Policy.NearbyRatio.Primary, 1.0},
		{"nearby junior", c.Policy.NearbyRatio.Junior, 0.95},
		{"class primary", float64(c.Policy.ClassSize.Primary), 45},
		{"class junior", float64(c.Policy.ClassSize.Junior), 50},
		{"school size", float64(c.Policy.SchoolSize), 2000},
		{"nine-year size", float64(c.Policy.SchoolSizeNineYear), 2500},
		{"junior teaching area", c.Policy.Resources.Junior.TeachingAreaM2, 5.8},
		{"primary sports area", c.Policy.Resources.Primary.SportsAreaM2, 7.5},
		{"junior equipment", c.Policy.Resources.Junior.EquipmentYuan, 2500},
		{"junior multimedia", c.Policy.Resources.Junior.MultimediaPer100, 2.4},
		{"cv junior", c.Policy.CVMax.Junior, 0.45},
		{"migrants", c.Policy.MigrantPublicShare, 0.85},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestFileThenEnvironment(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(f, []byte("policy:\n  class_size:\n    primary: 40\n  school_size: 1800\nzoning:\n  h3_resolution: 8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ZONING_POLICY_SCHOOL_SIZE", "1500")
	t.Setenv("ZONING_DATA", "somewhere")
	c, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	if c.Policy.ClassSize.Primary != 40 || c.Policy.ClassSize.Junior != 50 {
		t.Errorf("class size %+v, want primary 40 from the file and junior 50 by default", c.Policy.ClassSize)
	}
	if c.Policy.SchoolSize != 1500 {
		t.Errorf("school size %d, want 1500 from the environment over the file's 1800", c.Policy.SchoolSize)
	}
	if c.Zoning.H3Resolution != 8 || c.Data != "somewhere" {
		t.Errorf("h3 %d data %q", c.Zoning.H3Resolution, c.Data)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"unknown key": "policy:\n  clas_size:\n    primary: 40\n",
		"range":       "zoning:\n  h3_resolution: 16\n",
		"type":        "policy:\n  school_size: many\n",
	}
	for name, body := range cases {
		f := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".yaml")
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(f); err == nil || !strings.HasPrefix(err.Error(), "config: ") {
			t.Errorf("%s: err = %v, want a config: error", name, err)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("a missing file loaded")
	}
}

func TestYAMLRoundTrip(t *testing.T) {
	b, err := Default().YAML()
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(f)
	if err != nil {
		t.Fatalf("the printed config does not load: %v\n%s", err, b)
	}
	if c != Default() {
		t.Errorf("round trip changed the config")
	}
}

// TestClassroomKeysValidated: the classroom and class-size thresholds are
// refused when they cannot mean anything.
func TestClassroomKeysValidated(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(*Config)
		want string
	}{
		{"classroom seats 0", func(c *Config) { c.Policy.ClassroomSeats.Junior = 0 }, "policy.classroom_seats.junior 0 outside its range 1–150"},
		{"huge below large", func(c *Config) { c.Policy.HugeClass = 50 }, "policy.large_class 56 and huge_class 50"},
		{"large 0", func(c *Config) { c.Policy.LargeClass = 0 }, "policy.large_class 0"},
	} {
		c := Default()
		tc.set(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if err := Default().Validate(); err != nil {
		t.Error(err)
	}
}

// TestEvaluationYear: simulation.evaluation_year is 0 (the scenario's) by
// default, set by file or environment, and a year out of range is refused.
func TestEvaluationYear(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if c.Simulation.EvaluationYear != 0 {
		t.Errorf("default %d, want 0", c.Simulation.EvaluationYear)
	}
	t.Setenv("ZONING_SIMULATION_EVALUATION_YEAR", "2025")
	if c, err = Load(""); err != nil || c.Simulation.EvaluationYear != 2025 {
		t.Errorf("from the environment: %d, %v; want 2025", c.Simulation.EvaluationYear, err)
	}
	t.Setenv("ZONING_SIMULATION_EVALUATION_YEAR", "26")
	if _, err := Load(""); err == nil || !strings.Contains(err.Error(), "simulation.evaluation_year 26") {
		t.Errorf("year 26: %v", err)
	}
}

// TestEveryNumericKeyHasARange: every numeric key has its range, inside
// which its default lies, and `zoning config --keys` prints it.
func TestEveryNumericKeyHasARange(t *testing.T) {
	vals := numbers(Default())
	for k, v := range vals {
		r, ok := Ranges[k]
		if !ok {
			t.Errorf("%s has no range in config.Ranges", k)
			continue
		}
		if !r.Check(v) {
			t.Errorf("%s: default %v outside its range %s", k, v, r)
		}
	}
	for k := range Ranges {
		if _, ok := vals[k]; !ok {
			t.Errorf("config.Ranges names %s, which is not a numeric key", k)
		}
	}
	listed := strings.Join(Keys(), "\n")
	for k, r := range Ranges {
		if !strings.Contains(listed, k+"  ("+EnvPrefix) || !strings.Contains(listed, r.String()) {
			t.Errorf("Keys() does not list %s with its range %s", k, r)
		}
	}
}

// TestEveryNumericKeyRefusesBadValues sets every numeric key, through the
// environment and through a file, to NaN, ±Inf, a negative and a huge
// value: each is refused at Load, naming the key (the seed takes any
// whole number from 0 to 2^64−1: 1e12 is a seed).
func TestEveryNumericKeyRefusesBadValues(t *testing.T) {
	dir := t.TempDir()
	for k := range Ranges {
		for _, bad := range []string{"NaN", "Inf", "-Inf", "-1", "1e12", ".nan", ".inf", "-.inf"} {
			if k == "zoning.seed" && bad == "1e12" {
				continue
			}
			env := EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(k, ".", "_"))
			if !strings.HasPrefix(bad, ".") {
				t.Run(k+"="+bad+" env", func(t *testing.T) {
					t.Setenv(env, bad)
					if _, err := Load(""); err == nil || !strings.Contains(err.Error(), k) {
						t.Errorf("%s=%s: err %v, want a refusal naming %s", env, bad, err, k)
					}
				})
			}
			t.Run(k+"="+bad+" file", func(t *testing.T) {
				parts := strings.Split(k, ".")
				var b strings.Builder
				for i, p := range parts {
					b.WriteString(strings.Repeat("  ", i) + p + ":")
					if i < len(parts)-1 {
						b.WriteString("\n")
					}
				}
				b.WriteString(" " + bad + "\n")
				f := filepath.Join(dir, "c.yaml")
				if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				if _, err := Load(f); err == nil || !strings.Contains(err.Error(), k) {
					t.Errorf("%s: %s: err %v, want a refusal naming %s", k, bad, err, k)
				}
			})
		}
	}
}

// TestWholeNumbers: a key of whole numbers refuses a fraction rather than
// cutting it (a class of 45.7 pupils is not a class of 45).
func TestWholeNumbers(t *testing.T) {
	t.Setenv("ZONING_POLICY_CLASS_SIZE_PRIMARY", "45.7")
	if _, err := Load(""); err == nil || !strings.Contains(err.Error(), "policy.class_size.primary 45.7: want a whole number") {
		t.Errorf("class size 45.7: %v", err)
	}
	t.Setenv("ZONING_POLICY_CLASS_SIZE_PRIMARY", "40")
	t.Setenv("ZONING_ZONING_TIME_LIMIT_S", "0")
	if c, err := Load(""); err != nil || c.Policy.ClassSize.Primary != 40 || c.Zoning.TimeLimitS != 0 {
		t.Errorf("class size 40, time limit 0 (none): %+v %v", c.Policy.ClassSize, err)
	}
}
