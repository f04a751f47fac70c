// Command benchgen publishes generated counties for scripts/bench-postgis.sh:
// n counties of every family and address style (data/county), each moved to
// its own square of a grid and named apart (第N号 after its county's name),
// published to a database (-db URL, or a throw-away cluster it starts and
// stops, as the tests do), with the lookups the benchmark asks: a point
// and an address of homes of every county.
//
//	benchgen -n 100 -out DIR [-db URL]
//
// It writes DIR/db-url, DIR/points.txt, DIR/addresses.txt (each address
// with its county's name in front) and DIR/addresses-bare.txt (without:
// every county's gazetteer is asked), one request path a line. With a
// cluster of its own it then waits for SIGINT or SIGTERM and stops it.
//
// What belongs here: the benchmark's data only.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/planstore"
	"github.com/hutubi-edu/zoning/engine/planstore/pgtest"
	"github.com/hutubi-edu/zoning/geo/roads"
)

func main() {
	n := flag.Int("n", 100, "counties to generate and publish")
	out := flag.String("out", "bench-postgis", "folder of the request lists and db-url")
	db := flag.String("db", "", "database to publish to; default: a throw-away cluster, kept until SIGINT or SIGTERM")
	perCounty := flag.Int("lookups", 200, "points and addresses asked per county")
	flag.Parse()
	if err := run(*n, *out, *db, *perCounty); err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
}

// spec is the i-th county: the families and styles in turn, sizes of the
// families' own (an urban district of 20,000 children).
func spec(i int) county.Spec {
	f := county.Families[i%len(county.Families)]
	s := county.Spec{Family: f, Seed: uint64(1000 + i), Style: county.Styles[(i/len(county.Families)+i)%len(county.Styles)], ZonesInForce: true}
	if f == county.Urban {
		s.Children, s.Campuses = 20_000, 40
	}
	return s
}

// move translates every coordinate of d by (dx, dy) degrees.
func move(d *dataset.Dataset, dx, dy float64) error {
	mv := func(p orb.Point) orb.Point { return orb.Point{p[0] + dx, p[1] + dy} }
	for i := range d.Schools {
		d.Schools[i].Loc = mv(d.Schools[i].Loc)
	}
	for i := range d.Households {
		d.Households[i].Loc = mv(d.Households[i].Loc)
	}
	for i := range d.Zones {
		for _, poly := range d.Zones[i].Geometry {
			for _, ring := range poly {
				for k := range ring {
					ring[k] = mv(ring[k])
				}
			}
		}
	}
	if d.Roads != nil {
		rs := append([]roads.Road(nil), d.Roads.Roads()...)
		for i := range rs {
			l := make(orb.LineString, len(rs[i].Line))
			for k, p := range rs[i].Line {
				l[k] = mv(p)
			}
			rs[i].Line = l
		}
		bs := append([]roads.Barrier(nil), d.Roads.Barriers()...)
		for i := range bs {
			l := make(orb.LineString, len(bs[i].Line))
			for k, p := range bs[i].Line {
				l[k] = mv(p)
			}
			bs[i].Line = l
		}
		net, err := roads.New(rs, bs)
		if err != nil {
			return err
		}
		d.Roads = net
	}
	d.Boundary = nil
	d.Index()
	return nil
}

func run(n int, out, db string, perCounty int) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	ctx := context.Background()
	var cluster *pgtest.Cluster
	if db == "" {
		c, err := pgtest.Start()
		if err != nil {
			return err
		}
		cluster = c
		defer cluster.Stop()
		if db, err = c.CreateDatabase(ctx, true); err != nil {
			return err
		}
	}
	st, err := planstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	var (
		mu                   sync.Mutex
		points, addrs, bare  []string
		households, firstErr = 0, error(nil)
		work                 = make(chan int)
		wg                   sync.WaitGroup
		start                = time.Now()
	)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				p, pts, as, bs, err := one(ctx, st, i, perCounty)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				points, addrs, bare = append(points, pts...), append(addrs, as...), append(bare, bs...)
				households += p
				mu.Unlock()
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	shuffle := func(s []string) {
		r := rand.New(rand.NewPCG(1, 2))
		r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	}
	for name, list := range map[string][]string{"points.txt": points, "addresses.txt": addrs, "addresses-bare.txt": bare} {
		shuffle(list)
		if err := os.WriteFile(filepath.Join(out, name), []byte(strings.Join(list, "\n")+"\n"), 0o644); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(out, "db-url"), []byte(db+"\n"), 0o644); err != nil {
		return err
	}
	fmt.Printf("published %d counties, %d households, in %s; requests in %s\n", n, households, time.Since(start).Round(time.Second), out)
	if cluster == nil {
		return nil
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	return nil
}

// one generates, moves, names and publishes the i-th county, and returns
// its households and requests.
func one(ctx context.Context, st *planstore.Store, i, perCounty int) (int, []string, []string, []string, error) {
	sp := spec(i)
	d, _, err := county.Generate(sp)
	if err != nil {
		return 0, nil, nil, nil, fmt.Errorf("county %d: %w", i, err)
	}
	if len(d.Zones) == 0 {
		return 0, nil, nil, nil, errors.New("no zones in force")
	}
	// Squares of 1.2° × 1° from 100°E, 22°N; the county's first home
	// stands for where it lies.
	o := d.Households[0].Loc
	if err := move(d, 100+1.2*float64(i%10)-o[0], 22+float64(i/10)-o[1]); err != nil {
		return 0, nil, nil, nil, err
	}
	code := fmt.Sprintf("b%03d", i)
	name := strings.SplitN(d.Meta.Name, "（", 2)[0] + fmt.Sprintf("第%d号", i)
	d.Meta.Name = name
	if _, err := st.Publish(ctx, planstore.Plan{County: code, Name: name, Source: fmt.Sprintf("benchgen %s %s seed %d", sp.Family, sp.Style, sp.Seed), Dataset: d, Zones: d.Zones}, false); err != nil {
		return 0, nil, nil, nil, err
	}
	r := rand.New(rand.NewPCG(uint64(i), 7))
	var pts, as, bs []string
	for range perCounty {
		h := d.Households[r.IntN(len(d.Households))]
		pts = append(pts, fmt.Sprintf("/api/v1/lookup?lon=%.6f&lat=%.6f", h.Loc[0], h.Loc[1]))
		as = append(as, "/api/v1/lookup?address="+url.QueryEscape(name+h.Address))
		bs = append(bs, "/api/v1/lookup?address="+url.QueryEscape(h.Address))
	}
	fmt.Fprintf(os.Stderr, "%s %s: %s %s, %d households\n", code, name, sp.Family, sp.Style, len(d.Households))
	return len(d.Households), pts, as, bs, nil
}
