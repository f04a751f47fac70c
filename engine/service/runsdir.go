package service

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The runs folder (zoning serve --runs-dir DIR) keeps the planner's
// finished runs across restarts:
//
//	DIR/<id>/status.json   the answer of GET /api/v1/planner/runs/{id}
//	DIR/<id>/<name>        each output file, as served
//	DIR/<id>.pending       a run queued or running: its status when queued
//	                       or started; removed once DIR/<id>/ is written
//	DIR/.tmp-<id>-<hex>/   a finished run being written; renamed to
//	                       DIR/<id>/ when complete, deleted at start if a
//	                       crash left it
//
// <id> is 16 lowercase hex digits: the nanoseconds since 1970 (UTC) when
// the run was submitted, raised past every id already used, so that ids
// stay unique across restarts and sort by age. Nothing else in DIR is
// read, written or deleted.

// Files and defaults of the runs folder.
const (
	// DefaultRunsDirKeep is how many finished runs a runs folder keeps.
	DefaultRunsDirKeep = 20
	// RunStatusFile is the status of a finished run in its folder.
	RunStatusFile = "status.json"
	// pendingExt ends the marker of a run queued or running.
	pendingExt = ".pending"
	// InterruptedNote is the error and note of a run that was queued or
	// running when the server stopped.
	InterruptedNote = "interrupted by a server restart"
)

var (
	runIDRE  = regexp.MustCompile(`^[0-9a-f]{16}$`)
	runTmpRE = regexp.MustCompile(`^\.tmp-[0-9a-f]{16}-[0-9a-f]{8}$`)
)

// validRunID says whether id has the form of a run id.
func validRunID(id string) bool { return runIDRE.MatchString(id) }

// validFileName says whether name may be an output file of a run folder: a
// plain file name, not hidden, not the status.
func validFileName(name string) bool {
	return name != "" && len(name) <= 255 && utf8.ValidString(name) && !strings.HasPrefix(name, ".") &&
		!strings.ContainsAny(name, `/\:`) && !strings.ContainsFunc(name, unicode.IsControl) && name != RunStatusFile
}

// RunsDir is a folder keeping the planner's finished runs
// (RunsOptions.Dir), opened by OpenRunsDir. Its files are read on demand.
type RunsDir struct {
	path   string
	root   *os.Root
	keep   int
	log    *slog.Logger
	loaded []*run // the finished runs found at opening, oldest first
	lastID uint64 // the highest id found
}

// OpenRunsDir opens (creating it if need be) the runs folder dir, keeping
// its keep newest finished runs (0: DefaultRunsDirKeep) and deleting the
// older run folders. A run queued or running when the server stopped
// becomes a failed run noted InterruptedNote. A run folder whose
// status.json is unreadable is skipped with a warning in log (nil:
// discard). It fails when dir cannot be created or written.
func OpenRunsDir(dir string, keep int, log *slog.Logger) (*RunsDir, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if keep <= 0 {
		keep = DefaultRunsDirKeep
	}
	const accepted = "(accepted: a folder the server may create and write, for the planner's runs)"
	if dir == "" {
		return nil, errors.New("service: runs folder: empty path " + accepted)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("service: runs folder %s: cannot create it: %w %s", dir, err, accepted)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("service: runs folder %s: %w %s", dir, err, accepted)
	}
	d := &RunsDir{path: dir, root: root, keep: keep, log: log}
	probe := ".probe-" + randHex()
	if err := root.WriteFile(probe, []byte("probe\n"), 0o640); err != nil {
		root.Close()
		return nil, fmt.Errorf("service: runs folder %s is not writable: %w %s", dir, err, accepted)
	}
	_ = root.Remove(probe)
	if err := d.load(); err != nil {
		root.Close()
		return nil, err
	}
	return d, nil
}

// Path is the folder's path as given to OpenRunsDir.
func (d *RunsDir) Path() string { return d.path }

// Keep is how many finished runs the folder keeps.
func (d *RunsDir) Keep() int { return d.keep }

// Close releases the folder.
func (d *RunsDir) Close() error { return d.root.Close() }

func randHex() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// load reads the folder: interrupted runs, finished runs, retention.
func (d *RunsDir) load() error {
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return fmt.Errorf("service: runs folder %s: %w", d.path, err)
	}
	folders := map[string]bool{}
	var pending []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir() && validRunID(name):
			folders[name] = true
			d.seen(name)
		case e.IsDir() && runTmpRE.MatchString(name):
			d.log.Warn("runs folder: deleting a run a crash left half written", "folder", name)
			if err := d.root.RemoveAll(name); err != nil {
				d.log.Warn("runs folder: cannot delete", "folder", name, "error", err.Error())
			}
		case e.Type().IsRegular() && strings.HasSuffix(name, pendingExt) && validRunID(strings.TrimSuffix(name, pendingExt)):
			id := strings.TrimSuffix(name, pendingExt)
			pending = append(pending, id)
			d.seen(id)
		}
	}
	// Runs queued or running when the server stopped: failed now.
	now := time.Now().UTC()
	for _, id := range pending {
		if folders[id] { // finished; the marker outlived the rename
			_ = d.root.Remove(id + pendingExt)
			continue
		}
		r, err := d.readPending(id)
		if err != nil {
			d.log.Warn("runs folder: skipping an unreadable marker of an unfinished run", "file", id+pendingExt, "error", err.Error())
			continue
		}
		r.status, r.err, r.notes, r.finished = RunFailed, InterruptedNote, []string{InterruptedNote}, now
		if err := d.write(r, nil); err != nil {
			d.log.Warn("runs folder: cannot record an interrupted run", "run", id, "error", err.Error())
			continue
		}
		_ = d.root.Remove(id + pendingExt)
		folders[id] = true
		d.log.Info("planner run interrupted by a server restart: recorded as failed", "run", id)
	}
	var runs []*run
	for id := range folders {
		r, err := d.readRun(id)
		if err != nil {
			d.log.Warn("runs folder: skipping a run whose status is unreadable", "run", id, "error", err.Error())
			continue
		}
		runs = append(runs, r)
	}
	// Newest first: by finish, then id.
	slices.SortFunc(runs, func(a, b *run) int {
		if c := b.finished.Compare(a.finished); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	if len(runs) > d.keep {
		for _, r := range runs[d.keep:] {
			d.remove(r.id)
		}
		runs = runs[:d.keep]
	}
	slices.Reverse(runs)
	d.loaded = runs
	return nil
}

// seen raises lastID to id's.
func (d *RunsDir) seen(id string) {
	if n, err := strconv.ParseUint(id, 16, 64); err == nil && n > d.lastID {
		d.lastID = n
	}
}

// remove deletes the folder of run id, logging a failure.
func (d *RunsDir) remove(id string) {
	if !validRunID(id) {
		return
	}
	if err := d.root.RemoveAll(id); err != nil {
		d.log.Warn("runs folder: cannot delete an old run", "run", id, "error", err.Error())
		return
	}
	d.log.Info("runs folder: deleted an old run beyond the kept count", "run", id, "keep", d.keep)
}

// fromStatus is the run of a stored status of run id, checked.
func fromStatus(id string, b []byte) (*run, error) {
	var st RunStatus
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("not a run status: %w", err)
	}
	if st.ID != id {
		return nil, fmt.Errorf("id %.32q, not the folder's %s", st.ID, id)
	}
	switch st.Request.Kind {
	case RunRedraw, RunSimulate, RunCompare:
	default:
		return nil, fmt.Errorf("request kind %.32q (accepted: redraw, simulate, compare)", st.Request.Kind)
	}
	r := &run{req: st.Request, id: id, status: st.Status, err: st.Error, notes: st.Notes, created: st.Created}
	if st.Started != nil {
		r.started = *st.Started
	}
	if st.Finished != nil {
		r.finished = *st.Finished
	}
	return r, nil
}

// readPending reads the marker of an unfinished run.
func (d *RunsDir) readPending(id string) (*run, error) {
	b, err := d.root.ReadFile(id + pendingExt)
	if err != nil {
		return nil, err
	}
	r, err := fromStatus(id, b)
	if err != nil {
		return nil, err
	}
	if r.status != RunQueued && r.status != RunRunning {
		return nil, fmt.Errorf("status %.16q (accepted: queued, running)", r.status)
	}
	return r, nil
}

// readRun reads the status of a finished run and checks its files.
func (d *RunsDir) readRun(id string) (*run, error) {
	b, err := d.root.ReadFile(id + "/" + RunStatusFile)
	if err != nil {
		return nil, err
	}
	r, err := fromStatus(id, b)
	if err != nil {
		return nil, err
	}
	var st RunStatus
	_ = json.Unmarshal(b, &st)
	if r.status != RunDone && r.status != RunFailed {
		return nil, fmt.Errorf("status %.16q (accepted: done, failed)", r.status)
	}
	if r.finished.IsZero() {
		return nil, errors.New("no finish time")
	}
	r.stored = map[string]int{}
	for _, f := range st.Files {
		if !validFileName(f.Name) {
			return nil, fmt.Errorf("file name %.64q (accepted: a plain file name in the run's folder)", f.Name)
		}
		fi, err := d.root.Lstat(id + "/" + f.Name)
		if err != nil {
			return nil, err
		}
		if !fi.Mode().IsRegular() || fi.Size() != int64(f.Size) {
			return nil, fmt.Errorf("file %s: %d bytes or not a regular file (status says %d)", f.Name, fi.Size(), f.Size)
		}
		r.stored[f.Name] = f.Size
	}
	return r, nil
}

// statusJSON is a run's status as the status route answers it.
func statusJSON(st RunStatus) ([]byte, error) {
	b, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// mark writes the marker of an unfinished run (its status st).
func (d *RunsDir) mark(st RunStatus) error {
	b, err := statusJSON(st)
	if err != nil {
		return err
	}
	tmp := st.ID + pendingExt + ".tmp-" + randHex()
	if err := d.root.WriteFile(tmp, b, 0o640); err != nil {
		return err
	}
	if err := d.root.Rename(tmp, st.ID+pendingExt); err != nil {
		_ = d.root.Remove(tmp)
		return err
	}
	return nil
}

// unmark deletes the marker of run id.
func (d *RunsDir) unmark(id string) {
	if err := d.root.Remove(id + pendingExt); err != nil && !errors.Is(err, fs.ErrNotExist) {
		d.log.Warn("runs folder: cannot delete a run's marker", "run", id, "error", err.Error())
	}
}

// write stores finished run r (status and files) atomically: into a
// temporary folder, synced, then renamed to DIR/<id>/.
func (d *RunsDir) write(r *run, files map[string][]byte) error {
	st := r.view()
	b, err := statusJSON(st)
	if err != nil {
		return err
	}
	tmp := ".tmp-" + r.id + "-" + randHex()
	if err := d.root.Mkdir(tmp, 0o750); err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			_ = d.root.RemoveAll(tmp)
		}
	}()
	put := func(name string, data []byte) error {
		f, err := d.root.OpenFile(tmp+"/"+name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	for _, name := range sortedNames(files) {
		if !validFileName(name) {
			return fmt.Errorf("service: output file name %.64q cannot be stored (accepted: a plain file name)", name)
		}
		if err := put(name, files[name]); err != nil {
			return err
		}
	}
	if err := put(RunStatusFile, b); err != nil { // last: a folder with it is whole
		return err
	}
	if err := d.root.Rename(tmp, r.id); err != nil {
		return err
	}
	ok = true
	if f, err := d.root.Open("."); err == nil {
		_ = f.Sync()
		f.Close()
	}
	return nil
}

// open opens output file name of stored run id.
func (d *RunsDir) open(id, name string) (*os.File, error) {
	if !validRunID(id) || !validFileName(name) {
		return nil, fs.ErrNotExist
	}
	rr, err := d.root.OpenRoot(id)
	if err != nil {
		return nil, err
	}
	defer rr.Close()
	f, err := rr.Open(name)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fs.ErrNotExist
	}
	return f, nil
}

// opener opens one output file of a run.
type opener func(name string) (io.ReadCloser, error)
