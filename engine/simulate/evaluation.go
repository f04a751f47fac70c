package simulate

// EvaluationYear is the school year whose failures are the national
// evaluation's: the school year of the scenario's evaluation
// (scenario.Scenario.EvaluationYear: 2026-06 is school year 2025), else the
// year after the scenario's last event; within the simulated years (the
// first or last simulated year when before or after them, the last when
// there are no events); 0 for a nil result or one of no years.
func (r *Result) EvaluationYear() int {
	if r == nil || len(r.Years) == 0 {
		return 0
	}
	y := r.Scenario.EvaluationYear()
	if y == 0 && r.Scenario != nil {
		for _, e := range r.Scenario.Events {
			y = max(y, e.Year+1)
		}
	}
	first, last := r.Years[0].Year, r.Years[len(r.Years)-1].Year
	if y == 0 || y > last {
		y = last
	}
	return max(y, first)
}
