package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/engine/planstore"
	"github.com/hutubi-edu/zoning/engine/service"
)

// serveDB serves every county published in the database at url (zoning
// serve --db): the counties are loaded in the background (/readyz answers
// 503 until done) and followed until ctx is done.
func (a *app) serveDB(ctx context.Context, c config.Config, url, addr string, opt service.Options, poll time.Duration, log *slog.Logger) error {
	st, err := planstore.Open(ctx, url)
	if err != nil {
		return fmt.Errorf("serve: --db: %w", err)
	}
	defer st.Close()
	vs, err := st.Versions(ctx) // the schema is there: else say so now
	if err != nil {
		return fmt.Errorf("serve: --db: %w", err)
	}
	cs := service.NewCounties(func(p *lookup.Plan) { p.Configure(c) }, log)
	opt.Counties = cs
	s := service.New(nil, opt)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); cs.Follow(fctx, st, poll) }()
	fmt.Fprintf(a.stdout, "serving the %d counties of %s on http://%s/api/v1/lookup (loading; /readyz lists them)\n", len(vs), st.Database(), ln.Addr())
	err = s.Serve(ctx, ln)
	stop()
	<-done
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, "stopped")
	return nil
}

// serveDBCmd checks the flags that --db excludes and serves the database.
func (a *app) serveDBCmd(cmd *cobra.Command, db, planDir string, web service.WebOptions, addr string, opt service.Options, poll time.Duration) error {
	switch {
	case planDir != "":
		return fmt.Errorf("serve: --db and --plan given together (accepted: one of them: --db serves the database's counties, --plan one folder's plan)")
	case web.Token != "" || web.Tiles != "":
		return fmt.Errorf("serve: --db serves lookups only: the web map and the planner's mode (--token, --tiles) need --data and --plan")
	case cmd.Flags().Changed("data"):
		return fmt.Errorf("serve: --db and --data given together (accepted: one of them: the database holds the counties' gazetteers)")
	}
	c, err := a.config()
	if err != nil {
		return err
	}
	log, stopLog := a.serverLog(cmd.Context())
	defer stopLog()
	opt.Log = log
	return a.serveDB(cmd.Context(), c, db, addr, opt, poll, log)
}
