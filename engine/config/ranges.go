package config

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Range is the accepted values of a numeric configuration key: Min to Max,
// both included, and Zero too when it has a meaning of its own (no limit,
// the scenario's year). NaN and ±Inf are never accepted.
type Range struct {
	Min, Max float64
	Zero     string // when not empty, 0 is accepted and means this
	Unit     string
}

// String writes the range as `zoning config --keys` and docs/policy.md
// show it: "1–150 pupils", "0 (no limit) or 1–86400 s".
func (r Range) String() string {
	s := num(r.Min) + "–" + num(r.Max)
	if r.Unit != "" {
		s += " " + r.Unit
	}
	if r.Zero != "" {
		s = "0 (" + r.Zero + ") or " + s
	}
	return s
}

func num(v float64) string {
	if v == math.MaxUint64 {
		return "2^64−1"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Ranges are the accepted values of every numeric key. They bound what
// makes sense for a county's schools (a class of at most 150 pupils, a
// campus of at most 50,000) and keep the engine's work finite; the
// figures of the standard are the defaults, inside them. A new numeric
// key needs its range here (TestEveryNumericKeyHasARange).
var Ranges = func() map[string]Range {
	share := Range{Min: 0, Max: 1}
	r := map[string]Range{
		"policy.school_size":           {Min: 1, Max: 50000, Unit: "students"},
		"policy.school_size_nine_year": {Min: 1, Max: 50000, Unit: "students"},
		"policy.classes_per_art_room":  {Min: 1, Max: 1000, Unit: "classes"},
		"policy.music_room_m2":         {Min: 0, Max: 10000, Unit: "m²"},
		"policy.art_room_m2":           {Min: 0, Max: 10000, Unit: "m²"},
		"policy.migrant_public_share":  share,
		"policy.disability_enrolment":  share,
		"policy.resources_min_met":     {Min: 0, Max: 7, Unit: "indicators"},
		"policy.resources_floor":       share,
		"policy.small_school":          {Min: 0, Max: 50000, Unit: "students"},
		"policy.large_class":           {Min: 1, Max: 1000, Unit: "pupils"},
		"policy.huge_class":            {Min: 1, Max: 1000, Unit: "pupils"},
		"zoning.h3_resolution":         {Min: 0, Max: 15},
		"zoning.k_nearest":             {Min: 1, Max: 100, Unit: "schools"},
		"limits.geojson_max_mib":       {Min: 1, Max: 4096, Unit: "MiB"},
		"zoning.seed":                  {Min: 0, Max: math.MaxUint64},
		"zoning.time_limit_s":          {Min: 0.001, Max: 86400, Unit: "s", Zero: "no limit"},
		"zoning.unit_diameter_m":       {Min: 1, Max: 100000, Unit: "m"},
		"zoning.route_cutoff_m":        {Min: 100, Max: 500000, Unit: "m"},
		"zoning.share_ratio":           {Min: 1, Max: 100},
		"zoning.share_reach_m":         {Min: 100, Max: 500000, Unit: "m"},
		"zoning.equity_weight":         {Min: 0, Max: 1000, Unit: "m per entrant²"},
		"policy.walk_speed_m_per_min":  {Min: 1, Max: 500, Unit: "m/min"},
		"policy.rural_walk_min":        {Min: 1, Max: 600, Unit: "min"},
		"simulation.evaluation_year":   {Min: 1900, Max: 2200, Zero: "the scenario's"},
	}
	for _, l := range []string{"primary", "junior"} {
		r["policy.nearby_ratio."+l] = share
		r["policy.class_size."+l] = Range{Min: 1, Max: 150, Unit: "pupils"}
		r["policy.classroom_seats."+l] = Range{Min: 1, Max: 150, Unit: "pupils"}
		r["policy.service_radius_m."+l] = Range{Min: 1, Max: 100000, Unit: "m"}
		r["policy.cv_max."+l] = Range{Min: 0, Max: 10}
		p := "policy.resources." + l + "."
		r[p+"teachers_qualified_per100"] = Range{Min: 0, Max: 100, Unit: "per 100 students"}
		r[p+"backbone_per100"] = Range{Min: 0, Max: 100, Unit: "per 100 students"}
		r[p+"pe_art_per100"] = Range{Min: 0, Max: 100, Unit: "per 100 students"}
		r[p+"multimedia_per100"] = Range{Min: 0, Max: 100, Unit: "per 100 students"}
		r[p+"teaching_area_m2"] = Range{Min: 0, Max: 1000, Unit: "m² per student"}
		r[p+"sports_area_m2"] = Range{Min: 0, Max: 1000, Unit: "m² per student"}
		r[p+"equipment_yuan"] = Range{Min: 0, Max: 10000000, Unit: "元 per student"}
	}
	return r
}()

// Check reports whether v is in the range (NaN and ±Inf never are).
func (r Range) Check(v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	return (r.Zero != "" && v == 0) || (v >= r.Min && v <= r.Max)
}

// numbers returns every numeric key of c with its value.
func numbers(c Config) map[string]float64 {
	out, _ := numericKeys(c)
	return out
}

// numericKeys returns every numeric key of c with its value, and the keys
// that take whole numbers only.
func numericKeys(c Config) (map[string]float64, map[string]bool) {
	out := map[string]float64{}
	whole := map[string]bool{}
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		t := v.Type()
		for i := range t.NumField() {
			tag, _, _ := strings.Cut(t.Field(i).Tag.Get("mapstructure"), ",")
			key := tag
			if prefix != "" {
				key = prefix + "." + tag
			}
			f := v.Field(i)
			switch f.Kind() {
			case reflect.Struct:
				walk(key, f)
			case reflect.Int, reflect.Int64:
				out[key] = float64(f.Int())
				whole[key] = true
			case reflect.Uint64:
				out[key] = float64(f.Uint())
				whole[key] = true
			case reflect.Float64:
				out[key] = f.Float()
			}
		}
	}
	walk("", reflect.ValueOf(c))
	return out, whole
}

// checkRaw checks the values as read, before they are decoded into the
// configuration: the decoder would turn -1 or NaN into a huge seed, and
// 45.7 into a class of 45. A value that is not a number at all is left to
// the decoder, whose message names the key.
func checkRaw(get func(string) any) []string {
	vals, whole := numericKeys(Default())
	var errs []string
	for _, k := range slices.Sorted(maps.Keys(vals)) {
		var f float64
		switch v := get(k).(type) {
		case int:
			f = float64(v)
		case int64:
			f = float64(v)
		case uint64:
			f = float64(v)
		case float64:
			f = v
		case string:
			p, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				continue
			}
			f = p
		default:
			continue
		}
		r := Ranges[k]
		switch {
		case !r.Check(f):
			errs = append(errs, fmt.Sprintf("%s %v outside its range %s", k, f, r))
		case whole[k] && f != math.Trunc(f):
			errs = append(errs, fmt.Sprintf("%s %v: want a whole number, %s", k, f, r))
		}
	}
	return errs
}

// checkRanges lists the values out of their range, by key.
func checkRanges(c Config) []string {
	var errs []string
	vals := numbers(c)
	for _, k := range slices.Sorted(maps.Keys(vals)) {
		r, ok := Ranges[k]
		if !ok {
			errs = append(errs, fmt.Sprintf("%s has no range (a bug: add it to config.Ranges)", k))
			continue
		}
		if !r.Check(vals[k]) {
			errs = append(errs, fmt.Sprintf("%s %v outside its range %s", k, vals[k], r))
		}
	}
	return errs
}
