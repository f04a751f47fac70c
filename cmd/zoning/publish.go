package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/engine/planfile"
	"github.com/hutubi-edu/zoning/engine/planstore"
)

// dbEnv names the environment variable of the database URL, which keeps a
// password out of the process list.
const dbEnv = "ZONING_DB"

func (a *app) publishCmd() *cobra.Command {
	var (
		db, county, name, planPath string
		dryRun                     bool
	)
	cmd := &cobra.Command{
		Use:   "publish",
		Short: "Publish a county's plan to PostgreSQL with PostGIS, as a new version that zoning serve --db serves",
		Long: `publish writes one county's published plan into the database of --db (PostgreSQL with the
PostGIS extension), in one transaction, as a new version: the schools, the zones
(geometries in SRID 4326 with GiST indexes), their notice texts, the metrics, the road
layer and the gazetteer of addresses and points that lookups need (never a household or
child id, nor a child). The plan is --plan (a run's output folder, a zones.geojson or a
GeoPackage layer), or without it the dataset's zones in force.

The version served before stays served until the commit; servers started with zoning
serve --db switch to the new one at once (LISTEN/NOTIFY). The schema (zoning.*) is
created or migrated first, in the same transaction. --dry-run does all of it and rolls
back, printing what would change. The last 3 versions of each county are kept.`,
		Example: `  zoning publish --db postgres://zoning@db:5432/zoning --county 652323 --data ./hutubi --plan ./out
  zoning publish --db "$ZONING_DB" --county 652323 --data ./hutubi --dry-run   # the zones in force
  ZONING_DB=postgres://zoning:secret@db/zoning zoning publish --county 652323 --plan ./out`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if db == "" {
				db = os.Getenv(dbEnv)
			}
			if db == "" {
				return fmt.Errorf("publish: no database (accepted: --db postgres://USER@HOST:PORT/DATABASE, or $%s)", dbEnv)
			}
			c, err := a.config()
			if err != nil {
				return err
			}
			if county == "" {
				county = defaultCounty(c.Data)
			}
			if err := planstore.CheckCode(county); err != nil {
				return fmt.Errorf("publish: --county: %w", err)
			}
			ds, err := a.load(cmd.Context(), c)
			if err != nil {
				return err
			}
			p := planstore.Plan{County: county, Name: name, Dataset: ds}
			if planPath != "" {
				pf, err := planfile.Read(planPath, planfile.Options{Dataset: ds, Descriptions: true, MetricsBesideFile: true, FixGeometry: a.fixGeometry})
				if err != nil {
					return fmt.Errorf("publish: %w", err)
				}
				a.warnings(pf.Warnings)
				p.Zones, p.Descriptions, p.Metrics = pf.Zones, pf.Descriptions, pf.Metrics
				p.Source = "plan " + planPath
			} else {
				if len(ds.Zones) == 0 {
					return fmt.Errorf("publish: the dataset has no zones in force (zones.geojson) to publish (accepted: --plan DIR, a run's output folder)")
				}
				p.Zones = ds.Zones
				p.Source = "zones in force of " + datasetLabel(c.Data)
			}
			st, err := planstore.Open(cmd.Context(), db)
			if err != nil {
				return fmt.Errorf("publish: %w", err)
			}
			defer st.Close()
			ch, err := st.Publish(cmd.Context(), p, dryRun)
			if err != nil {
				return fmt.Errorf("publish: %w", err)
			}
			fmt.Fprint(a.stdout, ch)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&db, "db", "", "the database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (or $"+dbEnv+")")
	f.StringVar(&county, "county", "", "the county's code: 1 to 32 ASCII letters, digits, - and _, such as its division code 652323; default: the dataset folder's name (hutubi for the embedded one)")
	f.StringVar(&name, "name", "", "the county's name in the answers; default: dataset.yaml's name")
	f.StringVar(&planPath, "plan", "", "the plan: a run's output folder (zones.geojson, zones.csv, metrics.json), a zones.geojson or FILE.gpkg[:LAYER]; default: the dataset's zones in force")
	f.BoolVar(&dryRun, "dry-run", false, "print what would change and write nothing")
	return cmd
}

// defaultCounty is the code of the dataset: its folder's name, hutubi for
// the embedded default.
func defaultCounty(data string) string {
	if data == "" {
		return "hutubi"
	}
	return filepath.Base(filepath.Clean(data))
}

// datasetLabel names the dataset in zoning.versions.source.
func datasetLabel(data string) string {
	if data == "" {
		return "the embedded dataset"
	}
	if strings.Contains(data, "://") {
		return "a database"
	}
	return data
}
