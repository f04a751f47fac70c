// Package config holds the engine's configuration: every threshold of
// docs/policy.md, the zoning parameters (H3 resolution, optimizer limits, seed)
// and the paths, with their defaults. Values are read through viper from a
// YAML file given with --config and from ZONING_* environment variables,
// which override the file (ZONING_POLICY_CLASS_SIZE_PRIMARY=40 sets
// policy.class_size.primary).
package config

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/hutubi-edu/zoning/zones"
)

// PerLevel is a value for each school level.
type PerLevel[T any] struct {
	Primary T `mapstructure:"primary" yaml:"primary"`
	Junior  T `mapstructure:"junior" yaml:"junior"`
}

// Of returns the value for the level named "primary" or "junior".
func (p PerLevel[T]) Of(level string) T {
	if level == "junior" {
		return p.Junior
	}
	return p.Primary
}

// Resources are the seven resource indicators of docs/policy.md for one level.
// Per-100 values are per 100 students; areas in m² and equipment in 元 are
// per student.
type Resources struct {
	TeachersQualifiedPer100 float64 `mapstructure:"teachers_qualified_per100" yaml:"teachers_qualified_per100"`
	BackbonePer100          float64 `mapstructure:"backbone_per100" yaml:"backbone_per100"`
	PEArtPer100             float64 `mapstructure:"pe_art_per100" yaml:"pe_art_per100"`
	TeachingAreaM2          float64 `mapstructure:"teaching_area_m2" yaml:"teaching_area_m2"`
	SportsAreaM2            float64 `mapstructure:"sports_area_m2" yaml:"sports_area_m2"`
	EquipmentYuan           float64 `mapstructure:"equipment_yuan" yaml:"equipment_yuan"`
	MultimediaPer100        float64 `mapstructure:"multimedia_per100" yaml:"multimedia_per100"`
}

// Policy holds the standards of docs/policy.md.
type Policy struct {
	NearbyRatio         PerLevel[float64]   `mapstructure:"nearby_ratio" yaml:"nearby_ratio"`                   // share of entrants admitted to their zone's school
	ClassSize           PerLevel[int]       `mapstructure:"class_size" yaml:"class_size"`                       // pupils per class, at most
	SchoolSize          int                 `mapstructure:"school_size" yaml:"school_size"`                     // students per campus, at most
	SchoolSizeNineYear  int                 `mapstructure:"school_size_nine_year" yaml:"school_size_nine_year"` // for a nine-year school
	ClassesPerArtRoom   int                 `mapstructure:"classes_per_art_room" yaml:"classes_per_art_room"`   // one music and one art room per this many classes
	MusicRoomM2         float64             `mapstructure:"music_room_m2" yaml:"music_room_m2"`                 // least area of a music room
	ArtRoomM2           float64             `mapstructure:"art_room_m2" yaml:"art_room_m2"`                     // least area of an art room
	MigrantPublicShare  float64             `mapstructure:"migrant_public_share" yaml:"migrant_public_share"`   // eligible migrant children in public schools
	DisabilityEnrolment float64             `mapstructure:"disability_enrolment" yaml:"disability_enrolment"`   // enrolment of disabled children
	ServiceRadiusM      PerLevel[float64]   `mapstructure:"service_radius_m" yaml:"service_radius_m"`           // walking radius target, metres
	Resources           PerLevel[Resources] `mapstructure:"resources" yaml:"resources"`                         // the seven standards
	ResourcesMinMet     int                 `mapstructure:"resources_min_met" yaml:"resources_min_met"`         // indicators a school must meet
	ResourcesFloor      float64             `mapstructure:"resources_floor" yaml:"resources_floor"`             // no indicator below this share of its standard
	CVMax               PerLevel[float64]   `mapstructure:"cv_max" yaml:"cv_max"`                               // between-school coefficient of variation
	SmallSchool         int                 `mapstructure:"small_school" yaml:"small_school"`                   // schools with fewer students are left out of the indicators
	// ClassroomSeats is the pupils a general classroom is built for (the
	// standard class of the school building standards): a section whose
	// classrooms schools.csv does not give has, in each grade, the fewest
	// rooms that hold its seats at this many a room
	// (engine.SectionClassrooms).
	ClassroomSeats PerLevel[int] `mapstructure:"classroom_seats" yaml:"classroom_seats"`
	// LargeClass and HugeClass are the national thresholds of 大班额 and
	// 超大班额, pupils in one class (56 and 66 and above).
	LargeClass int `mapstructure:"large_class" yaml:"large_class"`
	HugeClass  int `mapstructure:"huge_class" yaml:"huge_class"`
	// WalkSpeedMPerMin is a child's walking speed, metres a minute, that
	// turns a route into a walking time: 50, the 10-minute walk of 500 m of
	// the residential-area planning standard (GB 50180-2018's 10-minute
	// life circle, the primary service radius above).
	WalkSpeedMPerMin float64 `mapstructure:"walk_speed_m_per_min" yaml:"walk_speed_m_per_min"`
	// RuralWalkMin is the longest walk to school, minutes, for a rural
	// primary entrant (grades 1–3 do not board and walk to school: the
	// State Council's 国办发〔2012〕48号 on rural school layout).
	RuralWalkMin float64 `mapstructure:"rural_walk_min" yaml:"rural_walk_min"`
}

// Zoning holds the parameters of zone building and the redraw.
type Zoning struct {
	H3Resolution int     `mapstructure:"h3_resolution" yaml:"h3_resolution"` // resolution of the cells that make units, 0–15
	KNearest     int     `mapstructure:"k_nearest" yaml:"k_nearest"`         // schools priced first per location in the lower bound
	Seed         uint64  `mapstructure:"seed" yaml:"seed"`                   // seed of every random choice (lotteries, search)
	TimeLimitS   float64 `mapstructure:"time_limit_s" yaml:"time_limit_s"`   // optimizer time limit per level, seconds
	Objective    string  `mapstructure:"objective" yaml:"objective"`         // distance, moves, balanced or equity
	// UnitDiameterM is the widest a compound or village group may be and
	// still make one unit, metres; a wider one is split by location, with a
	// warning.
	UnitDiameterM float64 `mapstructure:"unit_diameter_m" yaml:"unit_diameter_m"`
	// Distance is the distance the redraw minimises and the checks count:
	// "route" (walking along the dataset's road layer), "straight"
	// (great-circle), or "auto" (route when the dataset has roads).
	Distance string `mapstructure:"distance" yaml:"distance"`
	// RouteCutoffM bounds the walk searched from a school, metres: homes
	// farther along the roads count as beyond reach (their route is the
	// cut-off plus the straight line).
	RouteCutoffM float64 `mapstructure:"route_cutoff_m" yaml:"route_cutoff_m"`
	// ShareRatio is the ratio of a school's nearby demand (its entrants in
	// the nearest-school partition) to its intake above which the run
	// proposes a multi-school zone (多校划片) with its neighbours
	// (proposed-locks.csv).
	ShareRatio float64 `mapstructure:"share_ratio" yaml:"share_ratio"`
	// ShareReachM is the farthest a neighbour's campus may be from the
	// overflowing school's to join its proposed multi-school zone, metres
	// (by the run's distance): a lottery between schools farther apart
	// sends children across the county.
	ShareReachM float64 `mapstructure:"share_reach_m" yaml:"share_reach_m"`
	// EquityWeight is the equity objective's price of concentration,
	// metres per migrant entrant squared (zones.Weights.Concentration):
	// a school's e-th migrant entrant beyond the level's share costs
	// about 2·e·equity_weight metres of distance.
	EquityWeight float64 `mapstructure:"equity_weight" yaml:"equity_weight"`
}

// Distances are the accepted values of zoning.distance.
var Distances = []string{"auto", "route", "straight"}

// Simulation holds the parameters of the year-by-year simulation of a
// county plan.
type Simulation struct {
	// EvaluationYear is the school year evaluated as the plan's national
	// evaluation (验收), whose failures the summary and the report list
	// (2025 is school year 2025–26); 0: the scenario's evaluation, else
	// the year after its last event.
	EvaluationYear int `mapstructure:"evaluation_year" yaml:"evaluation_year"`
}

// Limits bound what the readers take in.
type Limits struct {
	// GeoJSONMaxMiB is the largest GeoJSON file read (zones.geojson, a
	// boundary, a plan's zones), MiB: GeoJSON has no line limit, this is
	// its bound (dataset.SetMaxGeoJSONBytes).
	GeoJSONMaxMiB int `mapstructure:"geojson_max_mib" yaml:"geojson_max_mib"`
}

// Config is the whole configuration.
type Config struct {
	Policy     Policy     `mapstructure:"policy" yaml:"policy"`
	Zoning     Zoning     `mapstructure:"zoning" yaml:"zoning"`
	Simulation Simulation `mapstructure:"simulation" yaml:"simulation"`
	Limits     Limits     `mapstructure:"limits" yaml:"limits"`
	Data       string     `mapstructure:"data" yaml:"data"` // dataset folder; empty = the embedded default
	Out        string     `mapstructure:"out" yaml:"out"`   // output folder
}

// Default returns the defaults: the figures of docs/policy.md.
func Default() Config {
	return Config{
		Policy: Policy{
			NearbyRatio:         PerLevel[float64]{1.0, 0.95},
			ClassSize:           PerLevel[int]{45, 50},
			SchoolSize:          2000,
			SchoolSizeNineYear:  2500,
			ClassesPerArtRoom:   12,
			MusicRoomM2:         96,
			ArtRoomM2:           90,
			MigrantPublicShare:  0.85,
			DisabilityEnrolment: 0.95,
			ServiceRadiusM:      PerLevel[float64]{500, 1000},
			Resources: PerLevel[Resources]{
				Primary: Resources{4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
				Junior:  Resources{5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4},
			},
			ResourcesMinMet:  6,
			ResourcesFloor:   0.85,
			CVMax:            PerLevel[float64]{0.50, 0.45},
			SmallSchool:      50,
			ClassroomSeats:   PerLevel[int]{45, 50},
			LargeClass:       56,
			HugeClass:        66,
			WalkSpeedMPerMin: 50,
			RuralWalkMin:     30,
		},
		Zoning: Zoning{H3Resolution: 10, KNearest: 8, Seed: 1, TimeLimitS: 10, Objective: "balanced", UnitDiameterM: 600,
			Distance: "auto", RouteCutoffM: 100000, ShareRatio: 1.5, ShareReachM: 5000,
			EquityWeight: zones.DefaultConcentration},
		Limits: Limits{GeoJSONMaxMiB: 256},
		Out:    "out",
	}
}

// EnvPrefix is the prefix of the environment variables read.
const EnvPrefix = "ZONING"

// Load reads the configuration: the defaults, overridden by file (when not
// empty), overridden by ZONING_* environment variables. Unknown keys in the
// file are an error, so that a misspelt threshold is not silently ignored.
func Load(file string) (Config, error) {
	v := viper.New()
	def := Default()
	keys, err := leafKeys(def)
	if err != nil {
		return Config{}, err
	}
	flat := map[string]any{}
	if err := flatten("", toMap(def), flat); err != nil {
		return Config{}, err
	}
	for _, k := range keys {
		v.SetDefault(k, flat[k]) // AutomaticEnv reaches Unmarshal only for keys with a default
	}
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	if file != "" {
		v.SetConfigFile(file)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			return Config{}, fmt.Errorf("config: %s: %w", file, err)
		}
		known := map[string]bool{}
		for _, k := range keys {
			known[k] = true
		}
		var unknown []string
		for _, k := range v.AllKeys() {
			if !known[k] {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			sort.Strings(unknown)
			return Config{}, fmt.Errorf("config: %s: unknown keys %s (see `zoning config` for the accepted keys)", file, strings.Join(unknown, ", "))
		}
	}
	if errs := checkRaw(v.Get); len(errs) > 0 {
		return Config{}, fmt.Errorf("config: %s", strings.Join(errs, "; "))
	}
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks that every numeric value is in its range (Ranges; NaN
// and ±Inf never are) and the rest: the objective's name, large_class ≤
// huge_class.
func (c Config) Validate() error {
	errs := checkRanges(c)
	if !zones.Objective(c.Zoning.Objective).Known() {
		errs = append(errs, fmt.Sprintf("zoning.objective %q (accepted: %s)", c.Zoning.Objective, zones.ObjectiveNames()))
	}
	if !slices.Contains(Distances, c.Zoning.Distance) {
		errs = append(errs, fmt.Sprintf("zoning.distance %q (accepted: %s)", c.Zoning.Distance, strings.Join(Distances, ", ")))
	}
	if c.Policy.HugeClass < c.Policy.LargeClass {
		errs = append(errs, fmt.Sprintf("policy.large_class %d and huge_class %d: want large_class ≤ huge_class", c.Policy.LargeClass, c.Policy.HugeClass))
	}
	if len(errs) > 0 {
		return fmt.Errorf("config: %s", strings.Join(errs, "; "))
	}
	return nil
}

// YAML renders the configuration as the YAML a --config file takes.
func (c Config) YAML() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return b.Bytes(), nil
}

// Keys lists every configuration key in dotted form, sorted, with the
// environment variable that sets it and, for a number, its range.
func Keys() []string {
	keys, _ := leafKeys(Default())
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k + "  (" + EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(k, ".", "_")) + ")"
		if r, ok := Ranges[k]; ok {
			out[i] += "  " + r.String()
		}
	}
	return out
}

func toMap(c Config) map[string]any {
	b, _ := yaml.Marshal(c)
	var m map[string]any
	_ = yaml.Unmarshal(b, &m)
	return m
}

func leafKeys(c Config) ([]string, error) {
	flat := map[string]any{}
	if err := flatten("", toMap(c), flat); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}

func flatten(prefix string, m map[string]any, out map[string]any) error {
	for k, v := range m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok {
			if err := flatten(key, sub, out); err != nil {
				return err
			}
			continue
		}
		if v != nil && reflect.TypeOf(v).Kind() == reflect.Map {
			return fmt.Errorf("config: key %s has an unexpected map type", key)
		}
		out[key] = v
	}
	return nil
}
