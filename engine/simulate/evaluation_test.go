package simulate_test

import (
	"testing"

	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

func TestEvaluationYear(t *testing.T) {
	years := func(from, to int) []*simulate.Year {
		var out []*simulate.Year
		for y := from; y <= to; y++ {
			out = append(out, &simulate.Year{Year: y})
		}
		return out
	}
	ev := func(ys ...int) *scenario.Scenario {
		sc := &scenario.Scenario{}
		for _, y := range ys {
			sc.Events = append(sc.Events, scenario.Event{Year: y})
		}
		return sc
	}
	evaluated := func(year, month int, ys ...int) *scenario.Scenario {
		sc := ev(ys...)
		sc.Evaluation = &scenario.Evaluation{Year: year, Month: month}
		return sc
	}
	for _, c := range []struct {
		name string
		sim  *simulate.Result
		want int
	}{
		{"nil", nil, 0},
		{"no years", &simulate.Result{Scenario: ev(2022)}, 0},
		{"no scenario", &simulate.Result{Years: years(2021, 2031)}, 2031},
		{"no events", &simulate.Result{Years: years(2021, 2031), Scenario: ev()}, 2031},
		{"default plan", &simulate.Result{Years: years(2021, 2031), Scenario: ev(2022, 2025, 2023)}, 2026},
		{"last event in the last year", &simulate.Result{Years: years(2021, 2025), Scenario: ev(2025)}, 2025},
		// The scenario's evaluation month: June is in the school year that
		// started the September before, September in its own.
		{"evaluation 2026-06", &simulate.Result{Years: years(2021, 2031), Scenario: evaluated(2026, 6, 2022, 2025)}, 2025},
		{"evaluation 2026-09", &simulate.Result{Years: years(2021, 2031), Scenario: evaluated(2026, 9, 2022, 2025)}, 2026},
		{"evaluation after the last year", &simulate.Result{Years: years(2021, 2024), Scenario: evaluated(2026, 6, 2022)}, 2024},
		{"evaluation before the first year", &simulate.Result{Years: years(2023, 2031), Scenario: evaluated(2022, 6, 2022)}, 2023},
	} {
		if got := c.sim.EvaluationYear(); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
