package service

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// smallBufListener gives each connection a small send buffer, as on a real
// line, where a file of a few MB is many times what the kernel buffers
// (on loopback they grow to several MB and would take in a whole file).
type smallBufListener struct{ net.Listener }

func (l smallBufListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(64 << 10)
	}
	return c, err
}

// startSmallBuf serves s like start, with small send buffers.
func startSmallBuf(tb testing.TB, s *Server) string {
	tb.Helper()
	return startWith(tb, s, func(ln net.Listener) net.Listener { return smallBufListener{ln} })
}

// slowDownload is what a slow client got.
type slowDownload struct {
	code   int
	header http.Header
	body   []byte
	err    error // of the request or of reading the body: nil if it ended as announced
	took   time.Duration
}

// getSlowly GETs u with the planner's token over a TCP connection with a
// small receive buffer, waits wait, then reads the body at rate bytes a
// second. It may run in its own goroutine.
func getSlowly(u string, wait time.Duration, rate int) slowDownload {
	tr := &http.Transport{DisableCompression: true, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(64 << 10)
		}
		return c, err
	}}
	defer tr.CloseIdleConnections()
	start := time.Now()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return slowDownload{err: err}
	}
	req.Header.Set("Authorization", "Bearer "+runToken)
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return slowDownload{err: err}
	}
	defer resp.Body.Close()
	time.Sleep(wait)
	const ticks = 20 // reads a second
	var body bytes.Buffer
	next := time.Now()
	for {
		// io.EOF: the body ended as announced; another error: cut short.
		if _, err = io.CopyN(&body, resp.Body, int64(max(1, rate/ticks))); err != nil {
			break
		}
		next = next.Add(time.Second / ticks)
		time.Sleep(time.Until(next))
	}
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return slowDownload{resp.StatusCode, resp.Header, body.Bytes(), err, time.Since(start)}
}

// downloadServer serves one finished run whose files are compare.pdf, of
// size random bytes, and a small metrics.json, with a request timeout of
// 1 ms: the server's WriteTimeout is then its least.
func downloadServer(t *testing.T, size int, opt Options) (s *Server, base, id string, pdf []byte) {
	t.Helper()
	pdf = make([]byte, size)
	rng := rand.New(rand.NewPCG(17, 2))
	for i := range pdf {
		pdf[i] = byte(rng.UintN(256))
	}
	opt.Timeout = time.Millisecond
	opt.Runs = &RunsOptions{Token: runToken, Dataset: &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2026}}}
	s = New(nil, opt)
	s.runs.job = func(context.Context, RunRequest, *engine.Locks) (runOutput, error) {
		return runOutput{files: map[string][]byte{"compare.pdf": pdf, "metrics.json": []byte(`{"year": 2027}`)}}, nil
	}
	base = startSmallBuf(t, s)
	id = submitRun(t, base, `{"kind": "redraw"}`)
	if st := waitRun(t, base, id); st.Status != RunDone {
		t.Fatalf("run %s: %s %s", id, st.Status, st.Error)
	}
	return s, base, id, pdf
}

// TestSlowDownload: a client reading compare.pdf (3 MiB) and outputs.zip
// slowly, so that each takes longer than the server's WriteTimeout, gets
// every byte of both.
func TestSlowDownload(t *testing.T) {
	const size = 3 << 20
	s, base, id, pdf := downloadServer(t, size, Options{})
	wt := s.HTTPServer().WriteTimeout
	// A rate at which the file takes 1.5 s longer than the WriteTimeout.
	rate := int(float64(size) / (wt + 1500*time.Millisecond).Seconds())
	t.Logf("WriteTimeout %v, reading at %d KiB/s", wt, rate>>10)
	defer func(start time.Time) { t.Logf("both read in %v", time.Since(start).Round(time.Millisecond)) }(time.Now())
	files := base + "/api/v1/planner/runs/" + id
	got := make(chan slowDownload, 1)
	go func() { got <- getSlowly(files+"/outputs.zip", 0, rate) }()
	d := getSlowly(files+"/files/compare.pdf", 0, rate)
	if d.code != http.StatusOK || d.err != nil || !bytes.Equal(d.body, pdf) {
		t.Errorf("compare.pdf: %d, %d of %d bytes in %v, %v", d.code, len(d.body), size, d.took.Round(time.Millisecond), d.err)
	}
	if d.took <= wt {
		t.Errorf("compare.pdf took %v, not longer than the WriteTimeout %v: the test proves nothing", d.took, wt)
	}
	if cl := d.header.Get("Content-Length"); cl != strconv.Itoa(size) {
		t.Errorf("compare.pdf Content-Length %q, want %d", cl, size)
	}
	z := <-got
	if z.code != http.StatusOK || z.err != nil {
		t.Fatalf("outputs.zip: %d, %d bytes in %v, %v", z.code, len(z.body), z.took.Round(time.Millisecond), z.err)
	}
	zr, err := zip.NewReader(bytes.NewReader(z.body), int64(len(z.body)))
	if err != nil {
		t.Fatalf("outputs.zip (%d bytes in %v): %v", len(z.body), z.took.Round(time.Millisecond), err)
	}
	f, err := zr.Open("compare.pdf")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	if err != nil || !bytes.Equal(b, pdf) {
		t.Errorf("outputs.zip's compare.pdf: %d of %d bytes, %v", len(b), size, err)
	}
}

// TestStalledDownload: a client that stops reading is dropped once a write
// has waited DownloadStall, and a download is cut at DownloadMax; the
// client can tell (the body ends before its Content-Length, or without the
// zip's last chunk).
func TestStalledDownload(t *testing.T) {
	const size = 3 << 20
	_, base, id, _ := downloadServer(t, size, Options{DownloadStall: 300 * time.Millisecond, DownloadMax: 1500 * time.Millisecond})
	files := base + "/api/v1/planner/runs/" + id
	type client struct {
		name, file string
		wait       time.Duration
		rate       int
		got        chan slowDownload
	}
	var clients []client
	for _, f := range []string{"/files/compare.pdf", "/outputs.zip"} {
		clients = append(clients,
			client{"stalled", f, 2 * time.Second, 64 << 20, make(chan slowDownload, 1)},
			client{"over DownloadMax", f, 0, 512 << 10, make(chan slowDownload, 1)}) // 6 s at this rate
	}
	for _, c := range clients {
		go func() { c.got <- getSlowly(files+c.file, c.wait, c.rate) }()
	}
	for _, c := range clients {
		d := <-c.got
		if d.code != http.StatusOK || d.err == nil || c.file == "/files/compare.pdf" && len(d.body) >= size {
			t.Errorf("%s %s: %d, %d of %d bytes in %v, %v: want cut short with an error", c.name, c.file, d.code, len(d.body), size, d.took.Round(time.Millisecond), d.err)
		}
		if d.took > 4*time.Second {
			t.Errorf("%s %s: cut after %v", c.name, c.file, d.took.Round(time.Millisecond))
		}
	}
}
