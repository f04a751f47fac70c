// Package browser shows a self-contained page (engine/render/report's
// pages, or any HTML that fetches nothing) in headless Chromium through
// chromedp: PDF prints it, Screenshot takes a picture of it, and Open runs
// other steps on it (the page tests' measurements). The browser is started
// for each call and stopped at its end.
//
// What belongs here: finding and driving the browser, nothing about the
// pages' content.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// chromiumNames are the browsers FindChromium looks for, in order.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// FindChromium returns the path of a Chromium or Chrome found in PATH
// (chromium, chromium-browser, google-chrome or google-chrome-stable, in
// that order); ok is false when there is none, and PDF and Screenshot
// cannot run.
func FindChromium() (path string, ok bool) {
	for _, n := range chromiumNames {
		if p, err := exec.LookPath(n); err == nil {
			return p, true
		}
	}
	return "", false
}

// PDF prints a page (report.CompareHTML's, or any self-contained HTML) to
// an A4 PDF with headless Chromium (FindChromium), backgrounds included and
// the page's CSS @page size preferred. The browser is started for the call
// and stopped at its end; ctx bounds the whole, start included.
func PDF(ctx context.Context, html []byte) ([]byte, error) {
	var out []byte
	err := open(ctx, html, 0, func(bctx context.Context) error {
		var err error
		out, err = chromedp.Run(bctx, chromedp.PrintToPDF(
			chromedp.PDFPaper(chromedp.PaperA4),
			chromedp.PDFPrintBackground(),
			chromedp.PDFPreferCSSPageSize(),
		))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("browser: pdf: %w", err)
	}
	return out, nil
}

// Screenshot renders a page in headless Chromium (FindChromium) in a window
// width CSS pixels wide and returns a PNG of the page from the top, as a
// screen shows it, down to height pixels (0: the whole page), never more
// than maxShotHeight. ctx bounds the whole, start included.
func Screenshot(ctx context.Context, html []byte, width, height int) ([]byte, error) {
	if width < 320 || width > 4096 {
		return nil, fmt.Errorf("browser: screenshot: width %d pixels: give 320 to 4096", width)
	}
	var out []byte
	err := open(ctx, html, width, func(bctx context.Context) error {
		h, err := chromedp.Run(bctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
		if err != nil {
			return err
		}
		if height > 0 {
			h = min(h, int64(height))
		}
		h = min(max(h, 1), maxShotHeight)
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(int64(width), h)); err != nil {
			return err
		}
		out, err = chromedp.Run(bctx, chromedp.CaptureScreenshot())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("browser: screenshot: %w", err)
	}
	return out, nil
}

// maxShotHeight is the height at which Screenshot cuts a long page, CSS
// pixels (Chromium draws no larger surface).
const maxShotHeight = 16000

// Open starts headless Chromium, loads the page from a temporary file in a
// window width pixels wide (0: the browser's default), runs f on the tab
// (f's context is chromedp's), and stops the browser. ctx bounds the whole,
// start included.
func Open(ctx context.Context, html []byte, width int, f func(context.Context) error) error {
	if err := open(ctx, html, width, f); err != nil {
		return fmt.Errorf("browser: %w", err)
	}
	return nil
}

// open is Open without the package's name on its errors.
func open(ctx context.Context, html []byte, width int, f func(context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	exe, ok := FindChromium()
	if !ok {
		return errors.New("no Chromium or Chrome in PATH (looked for chromium, chromium-browser, google-chrome, google-chrome-stable)")
	}
	dir, err := os.MkdirTemp("", "zoning-browser-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "page.html")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
	}
	if width > 0 {
		opts = append(opts, chromedp.WindowSize(width, 900))
	}
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	steps := []chromedp.Action[chromedp.Void]{}
	if width > 0 {
		steps = append(steps, chromedp.EmulateViewport(int64(width), 900))
	}
	steps = append(steps, chromedp.Navigate("file://"+filepath.ToSlash(page)))
	if err := chromedp.Do(bctx, steps...); err != nil {
		return err
	}
	return f(bctx)
}
