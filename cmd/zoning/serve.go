package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/engine/planstore"
	"github.com/hutubi-edu/zoning/engine/render/pack"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/service"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// planOf loads the zone plan of an output folder, or, without one, runs the
// dataset's default job and takes its zones.
func (a *app) planOf(ctx context.Context, c config.Config, ds *dataset.Dataset, dir string, world *worldFlags) (*lookup.Plan, error) {
	if dir != "" {
		p, files, err := lookup.LoadDirFiles(dir, ds)
		if err == nil {
			a.warnings(files.Warnings)
			p.Configure(c)
		}
		return p, err
	}
	sc, err := a.countyScenario(c, ds, world)
	if err != nil {
		return nil, err
	}
	res, err := a.defaultJob(ctx, c, ds, sc)
	if err != nil {
		return nil, err
	}
	return lookup.FromResult(res)
}

// defaultJob runs the dataset's default job: the redraw of the base year +
// 1 in the county the scenario makes that year (nil: as it stands).
func (a *app) defaultJob(ctx context.Context, c config.Config, ds *dataset.Dataset, sc *scenario.Scenario) (*engine.Result, error) {
	sim, err := a.world(ctx, c, ds, sc, simulate.Target{}, 0, 0)
	if err != nil {
		return nil, err
	}
	return sim.Targets[0], nil
}

// tokenEnv names the environment variable of the planner's bearer token,
// which keeps it out of the process list.
const tokenEnv = "ZONING_TOKEN"

// logFlushEvery is how often buffered access logs are written out.
const logFlushEvery = 200 * time.Millisecond

// flushWriter buffers the access log and writes it out periodically and at
// the end, so that a request costs no write system call of its own.
type flushWriter struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func newFlushWriter(w io.Writer) *flushWriter {
	return &flushWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

func (f *flushWriter) Write(b []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.w.Write(b)
}

// Flush writes out what is buffered.
func (f *flushWriter) Flush() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.w.Flush()
}

// every flushes every d until ctx is done or the returned stop is called.
func (f *flushWriter) every(ctx context.Context, d time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				_ = f.Flush()
			}
		}
	}()
	return func() { cancel(); <-done }
}

func (a *app) serveCmd() *cobra.Command {
	var (
		planDir, addr string
		opt           service.Options
		web           service.WebOptions
		runTimeout    time.Duration
		comparePDF    string
		runsDir       string
		runsKeep      int
		world         worldFlags
		proxies       []string
		db            string
		poll          time.Duration
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the lookup API: which schools an address or a point belongs to (GET /api/v1/lookup)",
		Long: `serve answers parents' lookups over HTTP under the zone plan of --plan (a run's output
folder: zones.geojson, zones.csv, metrics.json), with the dataset's addresses as gazetteer.
Without --plan it runs the dataset's job at start-up (/readyz answers 503 until done).
With --db it serves instead every county published in the database (zoning publish),
each answer naming its county, and /readyz lists the counties and versions; a new
version is served as soon as it is published (LISTEN/NOTIFY, and every --poll).

  GET /api/v1/lookup?address=呼图壁镇园林路18号锦华苑
  GET /api/v1/lookup?lon=86.87&lat=44.19&crs=wgs84|gcj02|bd09
  GET /healthz, /readyz, /metrics (Prometheus text format)
  GET /  the web map (offline: zones, schools, address search); with --token, planner
         mode: POST /api/v1/planner/whatif with Authorization: Bearer TOKEN. With --plan
         the map shows the folder's zones and metrics.json's figures; the what-if
         needs the run and answers 503.
  GET /api/v1/placement/migrants  with --token: the migrant check of the run's year
         (ids of children: planner only; zoning migrants writes the same as CSV).
  POST /api/v1/planner/runs  with --token: {"kind": "redraw"|"simulate"|"compare",
         "year": Y, "objective": "distance|moves|balanced", "locks": "CSV text", "name":
         "方案名", "to": Y2} runs a redraw (with the planner's locks), a simulation of the
         county plan, or a redraw set beside the zones in force as the review meeting's
         pack (zoning compare; compare.pdf per --compare-pdf) in the background (one at a
         time, each within --run-timeout);
         GET /api/v1/planner/runs/{id} tells its status and files, .../files/{name} and
         .../outputs.zip download them (kept in memory for the last 4 runs; with
         --runs-dir DIR written to DIR/<id>/ with status.json, the last --runs-keep
         kept across restarts, a run cut short by a restart recorded as failed).

Each client address is rate-limited (--rate, --burst; 10 wrong tokens a minute, then
429); behind a reverse proxy, give its address block with --trusted-proxy so that the
client is the one X-Forwarded-For names (never believed from another peer). Downloads
keep going as long as the client takes 32 KiB every --download-stall, up to
--download-max.

Access logs (JSON, without query strings) go to stderr, written out every 0.2 s; --quiet
drops them. SIGINT or
SIGTERM shuts down gracefully.`,
		Example: `  zoning serve                                   # embedded Hutubi, zones of its run
  zoning serve --plan out --addr 127.0.0.1:8080
  zoning serve --data ./mycounty --plan ./mycounty-out --rate 20
  zoning serve --addr 0.0.0.0:8080 --trusted-proxy 10.0.0.5   # behind nginx at 10.0.0.5
  zoning serve --db postgres://zoning@db:5432/zoning --addr 0.0.0.0:8080  # every county published`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The proxies, before the dataset is read (the downloads'
			// flags: checkFlags).
			for _, p := range proxies {
				pr, err := service.ParseTrustedProxy(p)
				if err != nil {
					return fmt.Errorf("serve: --trusted-proxy: %w", err)
				}
				opt.TrustedProxies = append(opt.TrustedProxies, pr)
			}
			if db == "" {
				db = os.Getenv(dbEnv)
			}
			if db != "" {
				return a.serveDBCmd(cmd, db, planDir, web, addr, opt, poll)
			}
			c, ds, err := a.configAndData(cmd.Context())
			if err != nil {
				return err
			}
			log, stopLog := a.serverLog(cmd.Context())
			defer stopLog()
			opt.Log = log
			if web.Token == "" {
				web.Token = os.Getenv(tokenEnv)
			}
			if runsDir == "" && cmd.Flags().Changed("runs-keep") {
				return fmt.Errorf("serve: --runs-keep applies to --runs-dir (accepted: give --runs-dir DIR too, or omit --runs-keep)")
			}
			if runsDir != "" && web.Token == "" {
				return fmt.Errorf("serve: --runs-dir needs planner mode (accepted: --token TOKEN or $%s)", tokenEnv)
			}
			var mode pack.PDFMode
			if web.Token != "" { // --compare-pdf applies to the planner's runs
				if mode, err = pack.ParsePDFMode(comparePDF); err != nil {
					return fmt.Errorf("serve: --compare-pdf: %w", err)
				}
			}
			// The county of the runs: the plan's, as zoning run takes it.
			sc, err := a.countyScenario(c, ds, &world)
			if err != nil {
				return err
			}
			s, err := service.Assemble(service.Setup{Options: opt, Web: web, Dataset: ds, Config: c, Scenario: sc,
				PlanDir: planDir, Job: func(ctx context.Context) (*engine.Result, error) { return a.defaultJob(ctx, c, ds, sc) },
				RunTimeout: runTimeout, ComparePDF: mode, RunsDir: runsDir, RunsKeep: runsKeep})
			if err != nil {
				return err
			}
			defer s.Close()
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			fmt.Fprintf(a.stdout, "serving %s on http://%s/ (map) and http://%s/api/v1/lookup\n", ds.Meta.Name, ln.Addr(), ln.Addr())
			if err := s.Run(cmd.Context(), ln); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, "stopped")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&planDir, "plan", "", "a run's output folder (zones.geojson, zones.csv, metrics.json); default: run the dataset at start-up")
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.Float64Var(&opt.Rate, "rate", service.DefaultRate, "lookups a second per client address; negative: no limit")
	f.IntVar(&opt.Burst, "burst", service.DefaultBurst, "lookups a client may make at once")
	f.StringVar(&web.Tiles, "tiles", "", "tile URL template of the web map, e.g. https://tiles.example/{z}/{x}/{y}.png; default: none (offline)")
	f.StringVar(&web.Token, "token", "", "bearer token of the web map's planner mode (or $"+tokenEnv+"); default: planner mode off")
	f.DurationVar(&opt.Timeout, "timeout", service.DefaultTimeout, "time limit of a request")
	f.DurationVar(&runTimeout, "run-timeout", service.DefaultRunTimeout, "time limit of a planner's run (POST /api/v1/planner/runs, with --token)")
	f.StringVar(&runsDir, "runs-dir", "", "folder keeping the planner's finished runs across restarts (DIR/<id>/: status.json and the files); default: in memory, the last 4")
	f.IntVar(&runsKeep, "runs-keep", service.DefaultRunsDirKeep, "finished runs kept in --runs-dir; older run folders are deleted")
	world.register(f)
	f.StringArrayVar(&proxies, "trusted-proxy", nil, "a reverse proxy's address block (CIDR, or one address; repeatable): behind it the client is the right-most address of X-Forwarded-For it did not add, for the rate limits and the log; default: none, the client is the connection's peer")
	f.DurationVar(&opt.DownloadStall, "download-stall", service.DefaultDownloadStall, "a download (a run's file, outputs.zip, the map's data) is dropped when the client takes no 32 KiB within it (1s–10m)")
	f.DurationVar(&opt.DownloadMax, "download-max", service.DefaultDownloadMax, "time limit of a whole download (1m–24h)")
	f.StringVar(&db, "db", "", "serve every county published in this database (postgres://USER@HOST:PORT/DATABASE, or $"+dbEnv+"; zoning publish) instead of one dataset's plan; new versions are served as they are published")
	f.DurationVar(&poll, "poll", planstore.DefaultPoll, "with --db: how often to look for new versions besides the database's notifications")
	f.StringVar(&comparePDF, "compare-pdf", "auto", "compare.pdf of a planner's compare run: auto (when Chromium is installed and time allows), on (required) or off")
	return cmd
}

// serverLog returns the server's log: JSON lines to standard error, flushed
// every logFlushEvery, or nothing with -q; stop flushes it.
func (a *app) serverLog(ctx context.Context) (log *slog.Logger, stop func()) {
	if a.quiet {
		return slog.New(slog.DiscardHandler), func() {}
	}
	logw := newFlushWriter(a.stderr)
	stopFlush := logw.every(ctx, logFlushEvery)
	return slog.New(slog.NewJSONHandler(logw, nil)), func() { stopFlush(); logw.Flush() }
}
