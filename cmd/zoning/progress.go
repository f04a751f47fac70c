package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"unicode/utf8"
)

// progress shows what a long command is doing, compactly: on a terminal,
// one line on stderr that each step overwrites and that is cleared before
// anything else is printed; elsewhere (a pipe, a log file, CI) nothing.
// The engine's log lines (slog INFO records with their attributes) are
// printed instead with -v; warnings are printed either way.
type progress struct {
	mu    sync.Mutex
	w     io.Writer // stderr itself
	tty   bool
	shown bool // a progress line is on the screen
}

// progressWidth is the longest progress line, in characters.
const progressWidth = 78

func newProgress(stderr io.Writer) *progress {
	p := &progress{w: stderr}
	if f, ok := stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// clear removes the progress line, if one is shown.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
}

func (p *progress) clearLocked() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// show replaces the progress line by msg.
func (p *progress) show(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.tty {
		return
	}
	if utf8.RuneCountInString(msg) > progressWidth {
		msg = string([]rune(msg)[:progressWidth-1]) + "…"
	}
	fmt.Fprint(p.w, "\r\033[K"+msg)
	p.shown = true
}

// writer returns w that clears the progress line before each write, so
// that what a command prints never lands after a progress line.
func (p *progress) writer(w io.Writer) io.Writer { return clearingWriter{p: p, w: w} }

type clearingWriter struct {
	p *progress
	w io.Writer
}

func (c clearingWriter) Write(b []byte) (int, error) {
	c.p.clear()
	return c.w.Write(b)
}

// handler is the slog handler of the default (neither -q nor -v): INFO
// records become the progress line ("simulated: year 2023"), warnings and
// errors a line "warning: message key=value".
type progressHandler struct {
	p     *progress
	attrs []slog.Attr
}

func (h progressHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelInfo }

func (h progressHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	write := func(a slog.Attr) bool {
		if a.Key != "" {
			fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		}
		return true
	}
	for _, a := range h.attrs {
		write(a)
	}
	r.Attrs(write)
	if r.Level >= slog.LevelWarn {
		h.p.mu.Lock()
		defer h.p.mu.Unlock()
		h.p.clearLocked()
		_, err := fmt.Fprintln(h.p.w, "warning: "+b.String())
		return err
	}
	h.p.show(b.String())
	return nil
}

func (h progressHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return progressHandler{p: h.p, attrs: append(append([]slog.Attr(nil), h.attrs...), as...)}
}

// WithGroup is not needed by the engine's records: the group is dropped.
func (h progressHandler) WithGroup(string) slog.Handler { return h }
