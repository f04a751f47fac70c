package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/geo"
)

func (a *app) lookupCmd() *cobra.Command {
	var (
		planDir, crsName string
		lon, lat         float64
		asJSON           bool
		world            worldFlags
	)
	cmd := &cobra.Command{
		Use:   "lookup [--plan DIR] ADDRESS | --lon X --lat Y [--crs gcj02]",
		Short: "Which primary and junior school an address or a point belongs to",
		Long: `lookup answers one question as the service does: the zone's school(s) of each level, the
campus address, the distance and the zone's paragraph of the enrollment notice.

An address may be typed as people do (full-width digits, 幢 for 栋, without the township, the
compound or the village group only, a small typo); an address that names no single place prints
up to 5 candidates and exits 1. Without --plan the dataset's job runs first (some seconds).`,
		Example: `  zoning lookup --plan out 呼图壁镇园林路18号锦华苑3栋
  zoning lookup --plan out --lon 86.8710 --lat 44.1884
  zoning lookup --plan out --lon 86.8771 --lat 44.1898 --crs gcj02 --json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			point := cmd.Flags().Changed("lon") || cmd.Flags().Changed("lat")
			switch {
			case point && len(args) > 0:
				return errors.New("lookup: give an ADDRESS or --lon and --lat, not both")
			case point && !(cmd.Flags().Changed("lon") && cmd.Flags().Changed("lat")):
				return errors.New("lookup: give both --lon and --lat")
			case !point && len(args) == 0:
				return errors.New("lookup: give an ADDRESS or --lon X --lat Y")
			case !point && cmd.Flags().Changed("crs"):
				return errors.New("lookup: --crs applies to --lon and --lat only")
			}
			crs, err := geo.ParseCRS(crsName)
			if err != nil {
				return err
			}
			c, ds, err := a.configAndData(cmd.Context())
			if err != nil {
				return err
			}
			plan, err := a.planOf(cmd.Context(), c, ds, planDir, &world)
			if err != nil {
				return err
			}
			if point {
				ans, err := plan.Locate(geo.ToWGS84(orb.Point{lon, lat}, crs))
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSONTo(a.stdout, ans)
				}
				printAnswer(a.stdout, ans)
				return nil
			}
			m, err := plan.Match(args[0])
			if asJSON {
				if jerr := writeJSONTo(a.stdout, m); jerr != nil {
					return jerr
				}
			} else if m.Answer != nil {
				fmt.Fprintf(a.stdout, "%s (%s, %.2f)\n", m.Address, m.How, m.Score)
				printAnswer(a.stdout, *m.Answer)
			}
			if err != nil {
				fmt.Fprintln(a.stderr, err)
				for _, c := range m.Candidates {
					fmt.Fprintf(a.stderr, "  did you mean %s (%.2f)?\n", c.Address, c.Score)
				}
				return exitError{1}
			}
			return nil
		},
	}
	f := cmd.Flags()
	world.register(f)
	f.StringVar(&planDir, "plan", "", "a run's output folder (zones.geojson, zones.csv, metrics.json); default: run the dataset first")
	f.Float64Var(&lon, "lon", 0, "longitude in decimal degrees")
	f.Float64Var(&lat, "lat", 0, "latitude in decimal degrees")
	f.StringVar(&crsName, "crs", "wgs84", "system of --lon, --lat: wgs84 (GPS), gcj02 (Amap, Tencent) or bd09 (Baidu)")
	f.BoolVar(&asJSON, "json", false, "print the answer as the service's JSON")
	return cmd
}

func writeJSONTo(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printAnswer writes an answer for people.
func printAnswer(w io.Writer, a lookup.Answer) {
	for _, l := range a.Levels {
		var names []string
		for _, s := range l.Schools {
			n := s.Name
			if s.Address != "" {
				n += "（" + s.Address + "）"
			}
			if s.DistanceM != nil {
				n += fmt.Sprintf(" 直线 %.0f 米", *s.DistanceM)
			}
			if s.RouteM != nil {
				n += fmt.Sprintf("，步行 %.0f 米", *s.RouteM)
				if s.WalkMin != nil {
					n += fmt.Sprintf("约 %.0f 分钟", *s.WalkMin)
				}
			}
			if s.LotteryOdds != nil {
				n += fmt.Sprintf("，摇号录取率 %.0f%%", *s.LotteryOdds*100)
			}
			names = append(names, n)
		}
		multi := ""
		if l.ZoneID != "" {
			multi = " 多校划片 " + l.ZoneID + ":"
		}
		fmt.Fprintf(w, "%s:%s %s\n", l.LevelName, multi, strings.Join(names, "; "))
		if l.Split {
			fmt.Fprintln(w, "  (this place's homes lie in more than one zone: confirm with the bureau)")
		}
		fmt.Fprintf(w, "  %s\n", l.Notice)
	}
}
