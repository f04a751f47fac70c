package report

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/hutubi-edu/zoning/engine/render/browser"
)

// printWidthPx is the width of A4's printable area at the page's 12 mm
// margins, in CSS pixels: (210 − 2·12) mm ÷ 25.4 mm × 96 px ≈ 703.
const printWidthPx = 703

func needChromium(t *testing.T) {
	t.Helper()
	if _, ok := browser.FindChromium(); !ok {
		t.Skip("no Chromium or Chrome in PATH")
	}
}

// emulateMedia lays the page out for a CSS media type (print, screen).
func emulateMedia(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}

// overflowJS lists what sticks out past the window's right edge: the page
// itself, any element outside an SVG, and any table wrapper that would
// scroll sideways.
const overflowJS = `(() => {
	const W = document.documentElement.clientWidth, bad = [];
	if (document.documentElement.scrollWidth > W) bad.push("page " + document.documentElement.scrollWidth + " > " + W);
	for (const el of document.querySelectorAll("body *")) {
		if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
		const r = el.getBoundingClientRect();
		if (r.width > 0 && r.right > W + 0.5) bad.push(el.tagName + "." + el.className + " right " + Math.round(r.right));
		if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") bad.push(el.tagName + "." + el.className + " scrolls " + el.scrollWidth);
	}
	return bad.slice(0, 12);
})()`

// printOverflow loads a page laid out for print in a window as wide as
// A4's printable area and lists what sticks out.
func printOverflow(t *testing.T, html []byte) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var bad []string
	err := browser.Open(ctx, html, printWidthPx, func(b context.Context) error {
		if err := chromedp.Do(b, emulateMedia("print")); err != nil {
			return err
		}
		var err error
		bad, err = chromedp.Run(b, chromedp.Evaluate[[]string](overflowJS))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return bad
}

// TestCompareHTMLPrintWidth checks that the comparison, laid out for print,
// fits A4's printable width; and that the check finds a page that does
// not. (docs/compare.png comes from the default dataset's page: see
// cmd/zoning's TestCompareDefault.)
func TestCompareHTMLPrintWidth(t *testing.T) {
	needChromium(t)
	html := []byte(renderCompare(t, townComparison(t)))
	if bad := printOverflow(t, html); len(bad) > 0 {
		t.Errorf("printed at %d px, the page overflows: %q", printWidthPx, bad)
	}
	wide := bytes.Replace(html, []byte("</main>"), []byte(`<div style="width: 900px">wide</div></main>`), 1)
	if bad := printOverflow(t, wide); len(bad) == 0 {
		t.Error("a 900 px element is not found sticking out")
	}
}

// TestPDF prints the comparison: a PDF of A4 pages, at least one a
// section (each major section starts a page).
func TestPDF(t *testing.T) {
	needChromium(t)
	html := []byte(renderCompare(t, townComparison(t)))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	pdf, err := browser.PDF(ctx, html)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
	if sections := strings.Count(string(html), "<section id="); pages < max(2, sections) {
		t.Errorf("%d pages, want at least %d (one a section)", pages, sections)
	}
	// A4 is 210 × 297 mm: 595.3 × 841.9 points.
	boxes := regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) == 0 {
		t.Fatal("no page size in the PDF")
	}
	for _, b := range boxes {
		w, _ := strconv.ParseFloat(string(b[1]), 64)
		h, _ := strconv.ParseFloat(string(b[2]), 64)
		if w < 593 || w > 598 || h < 839 || h > 845 {
			t.Fatalf("page of %.1f × %.1f points, want A4 (595.3 × 841.9)", w, h)
		}
	}
}
