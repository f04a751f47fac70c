package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/report"
)

func (a *app) runCmd() *cobra.Command {
	var (
		year int
		out  string
	)
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Redraw the zones and place the entrants of a year; write zones, assignments, metrics and a report",
		Long: `run places the entrants of the target year (grade 1 and grade 7) through redrawn zones and
writes, into --out:
  zones.geojson     the zones, one feature per level and school (WGS84)
  assignments.csv   every entrant's school, distance and whether it is the zone's school
  metrics.json      ratios, distances, the lower bound, per-school figures
  report.html       a map and tables that open offline in any browser`,
		Example: `  zoning run                         # embedded Hutubi, base year + 1, into ./out
  zoning run --year 2023 --out out/2023
  zoning run --data ./mycounty --config my.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.config()
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("out") {
				c.Out = out
			}
			ds, err := a.load(c)
			if err != nil {
				return err
			}
			start := time.Now()
			res, err := engine.Run(cmd.Context(), ds, engine.RunOptions{Year: year, Config: c, Log: a.logger()})
			if err != nil {
				return err
			}
			files, err := res.Files()
			if err != nil {
				return err
			}
			m := res.Metrics()
			html, err := report.HTML(res, m)
			if err != nil {
				return err
			}
			files[report.File] = html
			if err := engine.WriteFiles(c.Out, files); err != nil {
				return err
			}
			summary(a.stdout, res, m, c.Out, time.Since(start))
			return nil
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "target school year (default: the dataset's base year + 1)")
	cmd.Flags().StringVar(&out, "out", "out", "output folder")
	return cmd
}

// summary prints the few figures a planner looks at first.
func summary(w io.Writer, r *engine.Result, m engine.Metrics, out string, took time.Duration) {
	fmt.Fprintf(w, "%s %d 学年招生 (school year %d): %d households, %d units of H3 resolution %d\n",
		r.Dataset.Meta.Name, r.Year, r.Year, len(r.Dataset.Households), len(r.Units.Units), r.Units.Resolution)
	for _, l := range dataset.Levels {
		lm, ok := m.Levels[string(l)]
		if !ok {
			continue
		}
		fmt.Fprintf(w, "  %s %-7s entrants %5d  intake %5d  unplaced %d  zoned %s (policy %s, target %s)  mean %s m  lower bound %s m  gap %s  contiguous zones %d/%d\n",
			l.Chinese(), l, lm.Entrants, lm.IntakeCapacity, lm.Unplaced, pct(lm.ZonedRatio), pct(lm.PolicyNearbyRatio),
			pct(&lm.NearbyTarget), num(lm.MeanDistanceM), num(lm.LowerBoundM), pct(lm.GapToLowerBound),
			lm.ContiguousZones, lm.Zones)
	}
	var over []string
	for _, s := range m.Schools {
		if s.CampusTotal > s.CampusCap {
			over = append(over, fmt.Sprintf("%s %d > %d", s.Name, s.CampusTotal, s.CampusCap))
		}
	}
	if len(over) > 0 {
		fmt.Fprintf(w, "  school size over the limit: %v\n", over)
	}
	fmt.Fprintf(w, "wrote %s/{zones.geojson,assignments.csv,metrics.json,report.html} in %.1f s\n", out, took.Seconds())
}

func pct(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", *v*100)
}

func num(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f", *v)
}
