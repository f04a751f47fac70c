package dataset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// LoadDirContext is LoadDir that stops when ctx is done (see LoadContext).
// A folder that does not exist, or is not a folder, is one problem naming
// it ("FOLDER: folder not found") rather than a missing file each. opts
// are Load's, after WithDisplayDir(dir).
func LoadDirContext(ctx context.Context, dir string, opts ...Option) (*Dataset, error) {
	if IsPostgresURL(dir) { // a dataset kept in PostGIS tables (postgis.go)
		return LoadPostgres(ctx, dir, opts...)
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, Problems{{File: dir, Msg: "folder not found"}}
	case err != nil:
		return nil, Problems{{File: dir, Msg: fmt.Sprintf("cannot read the folder: %v", unwrapPath(err))}}
	case !fi.IsDir():
		return nil, Problems{{File: dir, Msg: "not a folder: --data takes the dataset folder, not one of its files"}}
	}
	return LoadContext(ctx, os.DirFS(dir), append([]Option{WithDisplayDir(dir)}, opts...)...)
}

// LoadContext is Load that stops when ctx is done: it then returns at once
// with an error wrapping context.Cause(ctx), and no dataset. The loader
// checks ctx between records and between reads; a read that the operating
// system keeps blocked is left behind, and its goroutine ends when the read
// returns. Files that are not regular files (named pipes, devices, sockets,
// folders) are never opened: each is a problem, "FILE: not a regular file".
func LoadContext(ctx context.Context, fsys fs.FS, opts ...Option) (*Dataset, error) {
	if ctx.Done() == nil {
		return load(ctx, fsys, opts)
	}
	if err := ctx.Err(); err != nil {
		return nil, stoppedError(ctx)
	}
	type result struct {
		d   *Dataset
		err error
	}
	done := make(chan result, 1)
	go func() {
		d, err := load(ctx, fsys, opts)
		done <- result{d, err}
	}()
	select {
	case r := <-done:
		return r.d, r.err
	case <-ctx.Done():
		return nil, stoppedError(ctx)
	}
}

func stoppedError(ctx context.Context) error {
	return fmt.Errorf("dataset: loading stopped: %w", context.Cause(ctx))
}

// regularFS opens only the regular files of an fs.FS: Load reads through
// it, so that no way of opening a file can block on a named pipe. Its Stat
// is the file system's.
type regularFS struct{ fs.FS }

func (r regularFS) Open(name string) (fs.File, error) {
	if fi, err := fs.Stat(r.FS, name); err == nil && !fi.Mode().IsRegular() && name != "." {
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular{fi.Mode()}}
	}
	return r.FS.Open(name)
}

func (r regularFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(r.FS, name) }

// notRegular is the error of opening a file that is not a regular file.
type notRegular struct{ mode fs.FileMode }

func (e notRegular) Error() string {
	return "not a regular file" + modeKind(e.mode) + ": a dataset file must be an ordinary file"
}

// modeKind names what a file that is not a regular file is, for a message.
func modeKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return " (a folder)"
	case m&fs.ModeNamedPipe != 0:
		return " (a named pipe)"
	case m&fs.ModeSocket != 0:
		return " (a socket)"
	case m&fs.ModeDevice != 0:
		return " (a device)"
	case m&fs.ModeIrregular != 0:
		return " (of an unknown kind)"
	}
	return ""
}

// ctxReader fails a read once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if c.ctx != nil {
		if err := c.ctx.Err(); err != nil {
			return 0, err
		}
	}
	return c.r.Read(p)
}

// stopped reports whether the load's context is done; a loader without one
// (ReadZones) never stops.
func (l *loader) stopped() bool { return l.ctx != nil && l.ctx.Err() != nil }

// noFolder reports, when none of the dataset's required files is there, the
// folder instead of each file: "FOLDER: folder not found", or that it holds
// no dataset. It says whether it did.
func (l *loader) noFolder() bool {
	for _, f := range []string{MetaFile, SchoolsFile, HouseholdsFile, ChildrenFile} {
		if _, err := fs.Stat(l.fsys, f); !errors.Is(err, fs.ErrNotExist) {
			return false
		}
	}
	if _, err := fs.Stat(l.fsys, "."); errors.Is(err, fs.ErrNotExist) {
		l.structural(".", 0, "folder not found")
	} else {
		l.structural(".", 0, "not a dataset folder: none of %s, %s, %s, %s is in it", MetaFile, SchoolsFile, HouseholdsFile, ChildrenFile)
	}
	return true
}

// CheckRegular returns, for a file at path that exists and is not a
// regular file (a named pipe, a device, a folder), the problem
// "PATH: not a regular file (…)" as Problems, so that a caller reading a
// file beside a dataset (plan.yaml) need not block on it; nil otherwise: a
// missing file is the caller's to judge.
func CheckRegular(path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().IsRegular() {
		return nil
	}
	return Problems{{File: path, Msg: notRegular{fi.Mode()}.Error()}}
}
