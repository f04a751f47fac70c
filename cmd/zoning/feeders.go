package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
)

const nestHelp = "nest every primary zone inside one junior zone, that of the junior school its school feeds (对口初中: the feeds column of schools.csv, else the junior zone holding the campus); the primary level is also redrawn un-nested, and the summary and metrics.json levels.primary.nesting show what nesting costs"

// feederSummary prints what nesting costs (with --nest), or the primary
// zones that straddle junior zones (the first few; metrics.json
// feeder_splits lists them all).
func feederSummary(w io.Writer, m engine.Metrics) {
	if lm, ok := m.Levels["primary"]; ok && lm.Nesting != nil {
		n := lm.Nesting
		fmt.Fprintf(w, "  nested primary zones (%s distance to the zone's school): mean %s m nested, %s m un-nested (%s m a entrant); lower bound %s m (nested %s m); gap %s nested, %s un-nested; over capacity %d nested, %d un-nested; %d un-nested zones straddled junior zones\n",
			n.Distance, num(n.NestedMeanM), num(n.UnnestedMeanM), signed(n.CostM), num(n.LowerBoundM), num(n.NestedLowerBoundM),
			pct(n.Gap), pct(n.GapUnnested), n.OverNested, n.OverUnnested, n.StraddlingUnnest)
		if len(n.Merged) > 0 {
			fmt.Fprintf(w, "    junior zones no primary school feeds, nested with a neighbour's: %s\n", strings.Join(n.Merged, "、"))
		}
		if n.DroppedPins > 0 {
			fmt.Fprintf(w, "    %d pins to a school outside the unit's junior zone not kept\n", n.DroppedPins)
		}
		return
	}
	if len(m.FeederSplits) == 0 {
		return
	}
	fmt.Fprintf(w, "  %d of %d primary zones straddle junior zones (their entrants split at grade 7; --nest keeps each in one):\n",
		len(m.FeederSplits), len(m.Feeders))
	const show = 5
	for i, s := range m.FeederSplits {
		if i == show {
			fmt.Fprintf(w, "    … and %d more (metrics.json feeder_splits)\n", len(m.FeederSplits)-show)
			break
		}
		var parts []string
		for _, j := range s.Juniors {
			parts = append(parts, fmt.Sprintf("%s %d", j.Name, j.Entrants))
		}
		fmt.Fprintf(w, "    %s (%d entrants): %s\n", s.Name, s.Entrants, strings.Join(parts, ", "))
	}
}

func signed(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%+.0f", *v)
}
