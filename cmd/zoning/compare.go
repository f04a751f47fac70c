package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/pack"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/geo"
)

func (a *app) compareCmd() *cobra.Command {
	var (
		year    int
		out     string
		pdf     string
		planCRS string
		public  bool
		world   worldFlags
	)
	cmd := &cobra.Command{
		Use:   "compare [--data DIR] [--out DIR] PLAN_A PLAN_B [PLAN_C ...]",
		Short: "Compare zone plans and write the pack for the zoning review meeting (片区调整论证会)",
		Long: `compare places the same entrants of one school year through each plan's zones, so that
the differences come from the zones alone, and writes the material for the zoning review
meeting (片区调整论证会). PLAN_A is the plan in force; every other plan is a proposal counted
against it.

A plan is a redraw's output folder (zoning run / redraw --out), a zones.geojson (FORMATS.md:
properties level, school_id, optionally zone_id; WGS84, or GCJ-02 / BD-09 with --plan-crs for
a plan drawn on a Chinese web map), a GeoPackage layer (FILE.gpkg or FILE.gpkg:LAYER, polygons
with the fields level and school_id: e.g. a plan layer of compare.gpkg edited in QGIS), or the
word current: the zones in force
of the dataset (its zones.geojson). With a single plan, PLAN_A is current. NAME=PLAN gives a
plan the name the pack shows (default: the folder's or file's name; 现行片区 for current).

The school year is --year, else the latest year of the plans' metrics.json, else the dataset's
base year + 1. For a later year, the years between are simulated once, with redrawn zones, the
same for every plan, so that each plan meets the same pupils and places.

` + worldHelp + `

It writes, into --out:
  compare.html   the meeting pack, in Chinese, self-contained, opens offline and prints to A4:
                 maps of each plan and of the changed areas, the side-by-side table, charts,
                 the schools, the moves, and each plan's zones as the enrollment notice words them
  compare.pdf    the same page printed to A4 by headless Chromium, when one is installed
                 (--pdf auto); --pdf off skips it, --pdf on fails without Chromium
  compare.xlsx   汇总 (summary), 学校 (per school), 调整名单 (moved entrants), 调整住户 (every
                 household whose zone changes), 调整统计 (per village, compound and street),
                 学校增减 (per school), 片区范围 (zone texts)
  compare.gpkg   GeoPackage for GIS: the schools, each plan's zones, each proposal's changed
                 areas and the homes whose zone school changes
  planN-NAME.geojson           each plan's zones with the entrants it places (FORMATS.md)
  planN-NAME-changes.geojson   each proposal's changed areas, old and new schools
  planN-NAME-moves.csv         each proposal's moved entrants: address, old and new school
                               and distance (UTF-8 with BOM for Excel)
  planN-NAME-notice.txt        each plan's zones as the enrollment notice's text
  compare-feeders.csv          each plan's 对口 table: primary school, the junior school it feeds,
                               the share of its entrants going there
  compare-concentration.csv    each plan's migrant entrants across schools: dissimilarity and
                               isolation indices, the schools over twice the county's share
  detours.csv                  with a road layer: per plan, place and school, the entrants whose
                               walk is a long detour or crosses a railway or expressway at grade

With --public the pack is one to hand out: it names no child or household and no address below
the building (no moves CSV, no 调整名单 or 调整住户 sheet, no layer of moved homes).

Nothing is written when a plan or the dataset has a problem.`,
		Example: `  zoning run --out out/redraw && zoning compare current out/redraw --out out/compare
  zoning compare --data ./mycounty current proposals/a proposals/b.geojson --out meeting
  zoning compare 现行=out/2022 最少调整=out/fewest-moves 最短距离=out/distance --pdf off
  zoning compare current out/redraw --public --out meeting-handout`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := pack.ParsePDFMode(pdf)
			if err != nil {
				return fmt.Errorf("compare: --pdf: %w", err)
			}
			c, ds, err := a.configAndData(cmd.Context())
			if err != nil {
				return err
			}
			c.Out = out
			if len(args) == 1 {
				args = append([]string{compare.CurrentPlan}, args...)
			}
			crs, err := geo.ParseCRS(planCRS)
			if err != nil {
				return fmt.Errorf("compare: --plan-crs: %w", err)
			}
			sc, err := a.countyScenario(c, ds, &world)
			if err != nil {
				return err
			}
			plans, err := loadPlans(compare.WithPlannedSections(ds, sc), args, crs)
			if err != nil {
				// Bad input, as a dataset's: every problem printed
				// (FILE:LINE: message where the file has lines), exit 2.
				fmt.Fprintln(a.stderr, err)
				return exitError{2}
			}
			for _, p := range plans {
				a.warnings(p.Warnings)
			}
			start := time.Now()
			cp, err := compare.Compare(cmd.Context(), ds, plans, compare.Options{Year: year, Config: c, Scenario: sc, Log: a.logger()})
			if err != nil {
				return err
			}
			files, note, err := pack.Files(cmd.Context(), cp, pack.Options{PDF: mode, Public: public, Log: a.logger()})
			if err != nil {
				return err
			}
			if err := engine.WriteFiles(c.Out, "compare", files); err != nil {
				return err
			}
			if note != "" {
				fmt.Fprintln(a.stderr, note)
			}
			_, withPDF := files[pack.PDFFile]
			compareSummary(a.stdout, cp, sc, c.Out, withPDF, time.Since(start))
			return nil
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "school year of the entrants (default: the plans' metrics.json year, else the base year + 1)")
	cmd.Flags().StringVar(&out, "out", "compare", "output folder")
	cmd.Flags().StringVar(&planCRS, "plan-crs", "wgs84", "coordinates of plans given as .geojson files: wgs84, gcj02 (drawn on Amap or Tencent maps) or bd09 (Baidu); a redraw's folder is always WGS84")
	cmd.Flags().BoolVar(&public, "public", false, "a pack to hand out (parents' representatives): no moves CSV, no workbook sheets or GeoPackage layer listing children or households; the page lists moves by building as always")
	world.register(cmd.Flags())
	cmd.Flags().StringVar(&pdf, "pdf", "auto", "compare.pdf by headless Chromium: auto (when installed), on (required) or off")
	return cmd
}

// loadPlans reads the plans of the arguments; current is the dataset's
// zones in force. Every plan's problems are reported together.
func loadPlans(ds *dataset.Dataset, args []string, crs geo.CRS) ([]*compare.Plan, error) {
	var plans []*compare.Plan
	var errs []error
	for _, arg := range args {
		name, path := compare.PlanArg(arg, func(p string) bool { _, err := os.Stat(p); return err == nil })
		load := func() (*compare.Plan, error) { return compare.Load(path, ds, crs) }
		if path == compare.CurrentPlan {
			load = func() (*compare.Plan, error) { return compare.InForce(ds, name) }
		}
		p, err := load()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if name != "" {
			p.Name = name
		}
		plans = append(plans, p)
	}
	return plans, errors.Join(errs...)
}

// compareSummary prints each proposal's headline figures against the plan
// in force.
func compareSummary(w io.Writer, c *compare.Comparison, sc *scenario.Scenario, out string, withPDF bool, took time.Duration) {
	base := c.Plans[0]
	fmt.Fprintf(w, "%s %d 学年: %d plans compared on the same entrants; the plan in force is %s (%s)\n",
		c.Dataset.Meta.Name, c.Year, len(c.Plans), base.Plan.Name, base.Plan.Path)
	eventsInForce(w, sc, c.Year, c.Events)
	var plan *compare.Outcome
	for _, h := range c.Headlines() {
		if h.Plan != plan {
			plan = h.Plan
			fmt.Fprintf(w, "%s (%s):\n", plan.Plan.Name, plan.Plan.Path)
		}
		fmt.Fprintf(w, "  %-7s %d of %d entrants change school, %d households change zone; nearby ratio %s → %s; mean distance %s → %s\n",
			h.Level, h.Moved, h.Entrants, h.Households, pct(h.NearbyBefore), pct(h.NearbyAfter),
			metresText(h.MeanBefore), metresText(h.MeanAfter))
	}
	for _, warning := range c.Warnings() {
		fmt.Fprintln(w, "warning:", warning.String())
	}
	names := pack.HTMLFile + ", " + pack.XLSXFile
	if withPDF {
		names += ", " + pack.PDFFile
	}
	fmt.Fprintf(w, "wrote %s (%s, %s, GeoJSON, moves, notice texts) in %.1f s\n", out, names, pack.GeoPackageFile, took.Seconds())
}

// metresText writes a distance in metres, "n/a" for none (as pct).
func metresText(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return num(v) + " m"
}
