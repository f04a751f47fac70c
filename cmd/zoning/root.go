package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// app carries what every subcommand shares.
type app struct {
	stdout, stderr io.Writer
	configFile     string
	dataDir        string
	quiet          bool
	fixGeometry    bool // --fix-geometry: dataset.WithFixGeometry
	verbose        bool
	// progress is the progress line on a terminal (progress.go): stdout
	// and stderr clear it before each write.
	progress *progress
	// flags are the running command's flags (set before it runs), for the
	// checks that need the dataset's base year (checkYearFlags).
	flags *pflag.FlagSet
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	p := newProgress(stderr)
	a := &app{stdout: p.writer(stdout), stderr: p.writer(stderr), progress: p}
	root := &cobra.Command{
		Use:   "zoning",
		Short: "Enrollment zoning and student allocation (义务教育招生划片与学位分配)",
		Long: `zoning loads a county's schools and household registrations, redraws the attendance
zones (划片) of primary and junior schools, and places each year's entrants.

Without --data it works on the embedded default: a synthetic 呼图壁县 (Hutubi County)
with base year 2021. Every threshold of the national standard (docs/policy.md) is a
configuration value: see 'zoning config'. The files read and written: docs/dataset-format.md.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Every numeric flag is checked before any work (flags.go).
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			a.flags = cmd.Flags()
			if a.quiet && a.verbose {
				return fmt.Errorf("zoning: -q prints no progress and -v every log line: give one")
			}
			return checkFlags(cmd.Flags())
		},
	}
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&a.configFile, "config", "", "configuration file (YAML); ZONING_* environment variables override it")
	pf.StringVar(&a.dataDir, "data", "", "dataset folder (docs/dataset-format.md); default: the embedded synthetic Hutubi County")
	pf.BoolVarP(&a.quiet, "quiet", "q", false, "print no progress")
	pf.BoolVar(&a.fixGeometry, "fix-geometry", false, "repair invalid polygons (a bow-tie, overlapping parts) of the boundary, the zones in force and the plans read, with GEOS MakeValid, each repair a warning, instead of refusing them")
	pf.BoolVarP(&a.verbose, "verbose", "v", false, "print the engine's log lines (slog) instead of the one progress line shown on a terminal")
	root.AddCommand(a.runCmd(), a.redrawCmd(), a.validateCmd(), a.configCmd(), a.simulateCmd(), a.serveCmd(), a.publishCmd(), a.lookupCmd(), a.migrantsCmd(), a.noticeCmd(), a.compareCmd(), a.importCmd())
	return root
}

// config loads the configuration in force.
func (a *app) config() (config.Config, error) {
	c, err := config.Load(a.configFile)
	if err != nil {
		return c, err
	}
	dataset.SetMaxGeoJSONBytes(int64(c.Limits.GeoJSONMaxMiB) << 20)
	if a.dataDir != "" {
		c.Data = a.dataDir
	}
	return c, nil
}

// logger returns the progress logger: nothing with -q, the engine's log
// lines on stderr with -v, else one progress line on a terminal (and
// nothing elsewhere), warnings printed either way (progress.go).
func (a *app) logger() *slog.Logger {
	switch {
	case a.quiet:
		return slog.New(slog.DiscardHandler)
	case a.verbose:
		return slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(progressHandler{p: a.progress})
}

// configAndData loads the configuration in force and the dataset it names,
// stopping when ctx is done.
func (a *app) configAndData(ctx context.Context) (config.Config, *dataset.Dataset, error) {
	c, err := a.config()
	if err != nil {
		return c, nil, err
	}
	ds, err := a.load(ctx, c)
	return c, ds, err
}

// load reads the dataset named by the configuration, or the embedded default,
// stopping when ctx is done (the command's context: SIGINT or SIGTERM).
// Problems are printed one a line as FILE:LINE: message, and the command
// then fails with exit code 2; warnings are printed as FILE:LINE: warning:
// message, and the command goes on.
func (a *app) load(ctx context.Context, c config.Config) (*dataset.Dataset, error) {
	var (
		ds  *dataset.Dataset
		err error
	)
	if c.Data == "" {
		ds, err = dataset.LoadContext(ctx, data.Hutubi(), dataset.WithDisplayDir("(embedded)"), dataset.WithFixGeometry(a.fixGeometry))
	} else {
		ds, err = dataset.LoadDirContext(ctx, c.Data, dataset.WithFixGeometry(a.fixGeometry))
	}
	var probs dataset.Problems
	if errors.As(err, &probs) {
		fmt.Fprintln(a.stderr, err)
		return nil, exitError{2}
	}
	if err != nil {
		return nil, err
	}
	if err := checkYearFlags(a.flags, ds.Meta.BaseYear); err != nil {
		return nil, err
	}
	for _, w := range ds.Warnings {
		w.Msg = "warning: " + w.Msg
		fmt.Fprintln(a.stderr, w)
	}
	return ds, nil
}

func (a *app) configCmd() *cobra.Command {
	var keys bool
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the configuration in force (defaults, --config file, ZONING_* environment)",
		Example: `  zoning config
  zoning config --keys
  ZONING_POLICY_CLASS_SIZE_PRIMARY=40 zoning config --config my.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if keys {
				for _, k := range config.Keys() {
					fmt.Fprintln(a.stdout, k)
				}
				return nil
			}
			c, err := a.config()
			if err != nil {
				return err
			}
			b, err := c.YAML()
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(b)
			return err
		},
	}
	cmd.Flags().BoolVar(&keys, "keys", false, "list every key with its environment variable")
	return cmd
}

func (a *app) validateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate",
		Short: "Check a dataset folder against its format (docs/dataset-format.md) and report every problem as FILE:LINE: message",
		Example: `  zoning validate --data ./mycounty
  zoning validate            # the embedded default`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, ds, err := a.configAndData(cmd.Context())
			if err != nil {
				return err
			}
			name := c.Data
			if name == "" {
				name = "(embedded default)"
			}
			fmt.Fprintf(a.stdout, "%s: %s, base year %d: %d schools, %d households, %d children: valid\n",
				name, ds.Meta.Name, ds.Meta.BaseYear, len(ds.Schools), len(ds.Households), len(ds.Children))
			return nil
		},
	}
}
