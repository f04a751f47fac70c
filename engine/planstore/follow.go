package planstore

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// DefaultPoll is how often Follow asks for new versions when no
// notification comes (a lost connection, a pooler that drops LISTEN).
const DefaultPoll = 30 * time.Second

// Follower is what Follow keeps up to date.
type Follower interface {
	// Served returns the version served of each county (code → version).
	Served() map[string]int
	// Apply serves c in place of the county's version served, at once.
	Apply(c *County)
	// Failed tells of a county that could not be loaded ("" for the
	// store as a whole); what was served stays served. A nil err says the
	// store answers again (county "").
	Failed(county string, err error)
}

// Sync loads, in parallel, every county whose version served in the store
// differs from f's, and applies each as it is loaded. It returns the
// error of listing the counties; a county that fails to load goes to
// f.Failed.
func (s *Store) Sync(ctx context.Context, f Follower) error {
	vs, err := s.Versions(ctx)
	if err != nil {
		return err
	}
	have := f.Served()
	work := make(chan string)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for code := range work {
				c, err := s.Load(ctx, code)
				if err != nil {
					f.Failed(code, err)
					continue
				}
				f.Apply(c)
			}
		}()
	}
	for _, v := range vs {
		if have[v.County] != v.Version {
			work <- v.County
		}
	}
	close(work)
	wg.Wait()
	return nil
}

// Follow keeps f up to date until ctx is done: it listens on Channel on a
// connection of its own (opened again when lost) and syncs at each
// notification, and every poll (0: DefaultPoll) in any case.
func (s *Store) Follow(ctx context.Context, f Follower, poll time.Duration) {
	if poll <= 0 {
		poll = DefaultPoll
	}
	wake := make(chan struct{}, 1)
	go s.listen(ctx, wake, f)
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-t.C:
		}
		switch err := s.Sync(ctx, f); {
		case err == nil:
			f.Failed("", nil)
		case ctx.Err() == nil:
			f.Failed("", err)
		}
	}
}

// listen sends on wake at each notification on Channel, reconnecting with
// a growing pause (up to the poll's) while the database cannot be reached.
func (s *Store) listen(ctx context.Context, wake chan<- struct{}, f Follower) {
	pause := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, wake)
		if ctx.Err() != nil {
			return
		}
		f.Failed("", fmt.Errorf("planstore: listening on %s: %w (polling meanwhile)", Channel, err))
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 10*time.Second)
	}
}

func (s *Store) listenOnce(ctx context.Context, wake chan<- struct{}) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		conn.Conn().Close(context.WithoutCancel(ctx)) // not back to the pool listening
		return err
	}
	defer conn.Conn().Close(context.WithoutCancel(ctx))
	// A notification may have come before LISTEN: sync once now.
	select {
	case wake <- struct{}{}:
	default:
	}
	for {
		if _, err := conn.Conn().WaitForNotification(ctx); err != nil {
			return err
		}
		select {
		case wake <- struct{}{}:
		default: // a sync is due already
		}
	}
}
