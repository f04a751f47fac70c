// Command zoning is the command line of the enrollment zoning engine: it
// validates datasets, redraws attendance zones and places a year's entrants,
// and prints the configuration in force.
//
// Run `zoning --help` for the subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
)

// defaultMemoryLimit is the Go runtime's soft memory limit when GOMEMLIMIT
// is not set: the collector works harder as the heap nears it, instead of
// letting it grow to twice what is live. A city of a million children
// (1.6 million households) then runs in about 1.5 GB instead of 2.1 GB, a
// few seconds slower; a larger dataset still runs, with the collector
// busier. GOMEMLIMIT overrides it (GOMEMLIMIT=off for none).
const defaultMemoryLimit = 1536 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRoot(os.Stdout, os.Stderr)
	err := root.ExecuteContext(ctx)
	// Through the command's stderr, which clears a progress line left on
	// the terminal (progress.go).
	stderr := root.ErrOrStderr()
	fmt.Fprint(stderr, "")
	if err != nil {
		var ex exitError
		if errors.As(err, &ex) {
			os.Exit(ex.code)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "zoning: ") {
			msg = "zoning: " + msg
		}
		fmt.Fprintln(stderr, msg)
		os.Exit(1)
	}
}

// exitError ends the command with a code after its message was printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }
