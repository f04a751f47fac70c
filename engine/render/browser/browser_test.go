package browser

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func needChromium(t *testing.T) {
	t.Helper()
	if _, ok := FindChromium(); !ok {
		t.Skip("no Chromium or Chrome in PATH")
	}
}

func TestPDFCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PDF(ctx, []byte("<p>x</p>")); !errors.Is(err, context.Canceled) {
		t.Errorf("PDF on a cancelled context: %v, want context.Canceled", err)
	}
	if _, err := Screenshot(ctx, []byte("<p>x</p>"), 800, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Screenshot on a cancelled context: %v, want context.Canceled", err)
	}
}

func TestPDFNoChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if p, ok := FindChromium(); ok {
		t.Fatalf("found %s in an empty PATH", p)
	}
	_, err := PDF(context.Background(), []byte("<p>x</p>"))
	if err == nil || !strings.Contains(err.Error(), "no Chromium") {
		t.Errorf("PDF without Chromium: %v, want an error naming the browser", err)
	}
}

func TestScreenshot(t *testing.T) {
	if _, err := Screenshot(context.Background(), []byte("<p>x</p>"), 10, 0); err == nil {
		t.Error("a 10 px window: no error")
	}
	needChromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// A page 1000 px tall: the shot is the whole page at the width asked.
	// A page 1000 px tall: the shot is the whole page at the width asked,
	// or its top when a height is given.
	page := []byte(`<!DOCTYPE html><body style="margin:0"><div style="height:1000px;background:#123e63"></div></body>`)
	for _, tc := range []struct{ height, want int }{{0, 1000}, {400, 400}, {5000, 1000}} {
		png, err := Screenshot(ctx, page, 640, tc.height)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 24 {
			t.Fatal("not a PNG")
		}
		w := int(png[16])<<24 | int(png[17])<<16 | int(png[18])<<8 | int(png[19])
		h := int(png[20])<<24 | int(png[21])<<16 | int(png[22])<<8 | int(png[23])
		if w != 640 || h != tc.want {
			t.Errorf("height %d: shot of %d × %d px, want 640 × %d", tc.height, w, h, tc.want)
		}
	}
}
