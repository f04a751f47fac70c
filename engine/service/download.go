package service

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"time"
)

// Downloads (a run's files and outputs.zip, the map's GeoJSON and static
// files) may take longer than a request: a file of several MB to a client
// on a slow line takes minutes, far beyond the server's WriteTimeout
// (Options.Timeout + 5 s), which is the connection's deadline for every
// other answer. A download's deadline is its own instead: each write of
// at most downloadChunk bytes must go out within Options.DownloadStall (a
// client that stops reading is dropped then), and the whole download
// within Options.DownloadMax.

// Defaults of Options.DownloadStall and DownloadMax.
const (
	DefaultDownloadStall = 30 * time.Second
	DefaultDownloadMax   = time.Hour
)

// downloadChunk is the most written under one extension of the deadline.
const downloadChunk = 32 << 10

// download gives the response of next a download's write deadline.
func (s *Server) download(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(s.downloadWriter(w), r)
	})
}

// downloadWriter wraps w so that every write extends the connection's
// write deadline (http.ResponseController.SetWriteDeadline) by
// DownloadStall, never past DownloadMax from now.
func (s *Server) downloadWriter(w http.ResponseWriter) *deadlineWriter {
	now := time.Now()
	return &deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w), stall: s.opt.DownloadStall, end: now.Add(s.opt.DownloadMax)}
}

type deadlineWriter struct {
	http.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
	end   time.Time
}

// extend sets the write deadline for the next write.
func (d *deadlineWriter) extend() error {
	dl := time.Now().Add(d.stall)
	if dl.After(d.end) {
		dl = d.end
	}
	if err := d.rc.SetWriteDeadline(dl); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	return nil
}

func (d *deadlineWriter) WriteHeader(code int) {
	_ = d.extend()
	d.ResponseWriter.WriteHeader(code)
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		if err := d.extend(); err != nil {
			return n, err
		}
		k := min(len(p), downloadChunk)
		m, err := d.ResponseWriter.Write(p[:k])
		n += m
		if err != nil {
			return n, err
		}
		p = p[k:]
	}
	return n, nil
}

// Flush sends what is buffered, within the download's deadline.
func (d *deadlineWriter) Flush() {
	if d.extend() == nil {
		_ = d.rc.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (d *deadlineWriter) Unwrap() http.ResponseWriter { return d.ResponseWriter }

// sizeOf is the size of a file to download, if known.
func sizeOf(f io.Reader) (int64, bool) {
	switch f := f.(type) {
	case interface{ Size() int64 }:
		return f.Size(), true
	case interface{ Stat() (fs.FileInfo, error) }:
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size(), true
		}
	}
	return 0, false
}
