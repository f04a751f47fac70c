package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/scenario"
)

// The ranges of the numeric flags, checked before any work
// (docs/policy.md, "Ranges of the command-line flags"). Years are school
// years counted from the dataset's base year: the plan horizon bounds the
// years simulated, and with it the births projected.
const (
	// horizonYears is how far after the base year a command reaches
	// (--year, --to, --evaluation, --no-redraw, compare --year).
	horizonYears = 30
	// maxBirthTrend bounds --birth-trend either way (births change by
	// at most half a year), and maxBirthGrowth the births it projects for
	// the last year simulated, against the base year's.
	maxBirthTrend  = 0.5
	maxBirthGrowth = 10.0
	// maxMigrantInflow: the extra migrant entrants at most double a
	// year's grade-1 entrants.
	maxMigrantInflow = 1.0
	// serve's bounds.
	maxRate       = 1e6
	maxBurst      = 1_000_000
	maxTimeout    = time.Hour
	maxRunTimeout = 24 * time.Hour
	maxRunsKeep   = 10_000
	// serve's --download-stall and --download-max.
	minDownloadStall = time.Second
	maxDownloadStall = 10 * time.Minute
	minDownloadMax   = time.Minute
	maxDownloadMax   = 24 * time.Hour
)

// finite refuses NaN and ±Inf.
func finite(flag string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("zoning: --%s %v: want a finite number", flag, v)
	}
	return nil
}

// checkYear checks a school year flag against the dataset's base year:
// 0 (its default) or first..base+horizonYears.
func checkYear(flag string, y, first, base int) error {
	if y == 0 || (y >= first && y <= base+horizonYears) {
		return nil
	}
	return fmt.Errorf("zoning: --%s %d: want a school year from %d to %d (the base year %d + %d), or 0 for the default",
		flag, y, first, base+horizonYears, base, horizonYears)
}

// parseBirthTrend reads --birth-trend: a number from −0.5 to 0.5.
func parseBirthTrend(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || v < -maxBirthTrend || v > maxBirthTrend {
		return 0, fmt.Errorf("zoning: --birth-trend %q: want a yearly change of births from %g to %g, such as -0.05", s, -maxBirthTrend, maxBirthTrend)
	}
	return v, nil
}

// checkBirthGrowth bounds the births a trend projects for the last year
// simulated: at most maxBirthGrowth times the base year's, compounded
// over the years after it (a generous bound: the dataset's own births
// reach a few years past the base year).
func checkBirthGrowth(trend float64, base, to int) error {
	if trend <= 0 {
		return nil
	}
	years := to - base
	if g := math.Pow(1+trend, float64(years)); g > maxBirthGrowth {
		return fmt.Errorf("zoning: --birth-trend %g over the %d years %d–%d grows the births %.0f-fold; at most %g-fold is accepted: a smaller trend or an earlier --to",
			trend, years, base, to, g, maxBirthGrowth)
	}
	return nil
}

// checkMigrantInflow: --migrant-inflow from 0 to 1.
func checkMigrantInflow(v float64) error {
	if math.IsNaN(v) || v < 0 || v > maxMigrantInflow {
		return fmt.Errorf("zoning: --migrant-inflow %v: want a share of the grade-1 entrants from 0 to %g", v, maxMigrantInflow)
	}
	return nil
}

// checkDelays checks the YEARS of each --delay EVENT=YEARS.
func checkDelays(delays []string) error {
	for _, d := range delays {
		if _, _, err := scenario.ParseDelay(d); err != nil {
			return fmt.Errorf("zoning: --delay: %w", err)
		}
	}
	return nil
}

// The range of serve --db's --poll: how often a replica asks the database
// for new versions besides its notifications.
const (
	minPoll = time.Second
	maxPoll = time.Hour
)

// checkServeFlags checks serve's numeric flags.
func checkServeFlags(rate float64, burst int, timeout, runTimeout time.Duration, runsKeep int) error {
	switch {
	case math.IsNaN(rate) || math.IsInf(rate, 0) || rate == 0 || rate > maxRate:
		return fmt.Errorf("serve: --rate %v: want lookups a second from above 0 to %g, or a negative number for no limit", rate, float64(maxRate))
	case burst < 1 || burst > maxBurst:
		return fmt.Errorf("serve: --burst %d: want 1 to %d", burst, maxBurst)
	case timeout <= 0 || timeout > maxTimeout:
		return fmt.Errorf("serve: --timeout %v: want above 0 up to %v", timeout, maxTimeout)
	case runTimeout <= 0 || runTimeout > maxRunTimeout:
		return fmt.Errorf("serve: --run-timeout %v: want above 0 up to %v", runTimeout, maxRunTimeout)
	case runsKeep < 1 || runsKeep > maxRunsKeep:
		return fmt.Errorf("serve: --runs-keep %d (accepted: 1 to %d)", runsKeep, maxRunsKeep)
	}
	return nil
}

// checkDownloadFlags checks serve's --download-stall and --download-max.
func checkDownloadFlags(stall, limit time.Duration) error {
	if stall < minDownloadStall || stall > maxDownloadStall {
		return fmt.Errorf("serve: --download-stall %v (accepted: 1s to 10m)", stall)
	}
	if limit < minDownloadMax || limit > maxDownloadMax {
		return fmt.Errorf("serve: --download-max %v (accepted: 1m to 24h)", limit)
	}
	if stall > limit {
		return fmt.Errorf("serve: --download-stall %v is longer than --download-max %v (accepted: a stall within the whole download's limit)", stall, limit)
	}
	return nil
}

// checkPoint checks lookup's --lon and --lat.
func checkPoint(lon, lat float64) error {
	if err := finite("lon", lon); err != nil {
		return err
	}
	if err := finite("lat", lat); err != nil {
		return err
	}
	if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return fmt.Errorf("lookup: --lon %v --lat %v: want a longitude from -180 to 180 and a latitude from -90 to 90", lon, lat)
	}
	return nil
}

// yearFlags are the school-year flags, with the first year each accepts
// counted from the base year (the target of a redraw comes after it).
var yearFlags = []struct {
	name  string
	after int // first accepted year: base + after
}{{"year", 1}, {"from", 0}, {"to", 0}, {"evaluation", 0}, {"no-redraw", 0}}

// checkFlags checks, before any work, the numeric flags of the command
// that do not depend on the dataset (those that do, the years, are
// checked by checkYearFlags as soon as the dataset's base year is known).
func checkFlags(fs *pflag.FlagSet) error {
	changed := func(name string) *pflag.Flag {
		if f := fs.Lookup(name); f != nil && f.Changed {
			return f
		}
		return nil
	}
	if f := changed("delay"); f != nil {
		d, _ := fs.GetStringSlice("delay")
		if err := checkDelays(d); err != nil {
			return err
		}
	}
	if f := changed("birth-trend"); f != nil {
		if _, err := parseBirthTrend(f.Value.String()); err != nil {
			return err
		}
	}
	if f := changed("migrant-inflow"); f != nil {
		v, _ := fs.GetFloat64("migrant-inflow")
		if err := checkMigrantInflow(v); err != nil {
			return err
		}
	}
	for _, name := range []string{"lon", "lat"} {
		if changed(name) != nil {
			v, _ := fs.GetFloat64(name)
			if err := finite(name, v); err != nil {
				return err
			}
		}
	}
	if changed("lon") != nil && changed("lat") != nil {
		lon, _ := fs.GetFloat64("lon")
		lat, _ := fs.GetFloat64("lat")
		if err := checkPoint(lon, lat); err != nil {
			return err
		}
	}
	if fs.Lookup("rate") != nil && fs.Lookup("runs-keep") != nil {
		rate, _ := fs.GetFloat64("rate")
		burst, _ := fs.GetInt("burst")
		timeout, _ := fs.GetDuration("timeout")
		runTimeout, _ := fs.GetDuration("run-timeout")
		keep, _ := fs.GetInt("runs-keep")
		if err := checkServeFlags(rate, burst, timeout, runTimeout, keep); err != nil {
			return err
		}
	}
	if fs.Lookup("download-stall") != nil && fs.Lookup("download-max") != nil {
		stall, _ := fs.GetDuration("download-stall")
		limit, _ := fs.GetDuration("download-max")
		if err := checkDownloadFlags(stall, limit); err != nil {
			return err
		}
	}
	if fs.Lookup("poll") != nil {
		if poll, _ := fs.GetDuration("poll"); poll < minPoll || poll > maxPoll {
			return fmt.Errorf("serve: --poll %v (accepted: 1s to 1h)", poll)
		}
	}
	// Years: a first bound before the dataset is read.
	for _, y := range yearFlags {
		for _, v := range yearValues(fs, y.name) {
			if v != 0 && (v < minYear || v > maxYear) {
				return fmt.Errorf("zoning: --%s %d: want a school year such as 2025 (%d–%d, and at most %d years after the dataset's base year)",
					y.name, v, minYear, maxYear, horizonYears)
			}
		}
	}
	return nil
}

// minYear and maxYear bound a school year before the dataset is read: the
// range of the configuration's simulation.evaluation_year.
var (
	minYear = int(config.Ranges["simulation.evaluation_year"].Min)
	maxYear = int(config.Ranges["simulation.evaluation_year"].Max)
)

// checkYearFlags checks the school-year flags against the dataset's base
// year.
func checkYearFlags(fs *pflag.FlagSet, base int) error {
	if fs == nil {
		return nil
	}
	for _, y := range yearFlags {
		for _, v := range yearValues(fs, y.name) {
			if err := checkYear(y.name, v, base+y.after, base); err != nil {
				return err
			}
		}
	}
	return nil
}

// yearValues returns the values of a year flag given on the command line
// (an int, or an int slice for --no-redraw).
func yearValues(fs *pflag.FlagSet, name string) []int {
	f := fs.Lookup(name)
	if f == nil || !f.Changed {
		return nil
	}
	if v, err := fs.GetInt(name); err == nil {
		return []int{v}
	}
	v, _ := fs.GetIntSlice(name)
	return v
}
