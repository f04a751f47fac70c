package roads

import (
	"runtime"
	"sync"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// Routes are the walks along a road network from the schools: one
// Field a campus, computed once (in parallel for the dataset's
// campuses, on first use for a campus a scenario adds), and each home
// snapped to the network once. Safe for concurrent use.
//
// Routes is the redraw's distance (it implements zones.Metric): DistanceM is the walk, never
// shorter than the straight line, and for a home beyond the cut-off or off
// any connected road the cut-off plus the straight line, so that such
// homes still rank by distance.
type Routes struct {
	net     *Network
	cutoffM float64
	mu      sync.Mutex
	fields  map[orb.Point]*routeField
	snaps   sync.Map // orb.Point → Snapped
}

type routeField struct {
	once sync.Once
	f    *Field
}

// NewRoutes measures the walks from every site (WGS84 lon, lat) along net,
// up to cutoffM metres.
func NewRoutes(net *Network, cutoffM float64, sites []orb.Point) *Routes {
	r := &Routes{net: net, cutoffM: cutoffM, fields: map[orb.Point]*routeField{}}
	var wg sync.WaitGroup
	work := make(chan orb.Point)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for s := range work {
				r.field(s)
			}
		})
	}
	seen := map[orb.Point]bool{}
	for _, s := range sites {
		if !seen[s] {
			seen[s] = true
			work <- s
		}
	}
	close(work)
	wg.Wait()
	return r
}

// Network returns the road network walked.
func (r *Routes) Network() *Network { return r.net }

// CutoffM returns the longest walk searched, metres.
func (r *Routes) CutoffM() float64 { return r.cutoffM }

func (r *Routes) field(site orb.Point) *Field {
	r.mu.Lock()
	rf := r.fields[site]
	if rf == nil {
		rf = &routeField{}
		r.fields[site] = rf
	}
	r.mu.Unlock()
	rf.once.Do(func() { rf.f = r.net.Field(site, r.cutoffM) })
	return rf.f
}

func (r *Routes) snap(p orb.Point) Snapped {
	if s, ok := r.snaps.Load(p); ok {
		return s.(Snapped)
	}
	s := r.net.Snap(p)
	r.snaps.Store(p, s)
	return s
}

// Route returns the walk in metres from home to site along the roads
// (the straight stretches to and from the nearest road counted), and false
// when it is longer than the cut-off or no road joins them.
func (r *Routes) Route(home, site orb.Point) (float64, bool) {
	return r.route(home, site, r.snap(home))
}

// Walk is Route for a point asked once (a lookup's): its snap to the
// network is not kept, so that a server's answers do not grow the cache.
func (r *Routes) Walk(from, site orb.Point) (float64, bool) {
	return r.route(from, site, r.net.Snap(from))
}

func (r *Routes) route(home, site orb.Point, s Snapped) (float64, bool) {
	d, ok := r.field(site).DistanceSnapped(s)
	if !ok {
		return 0, false
	}
	return max(d, geo.Distance(home, site)), true
}

// DistanceM is the distance the redraw minimises (zones.Metric): the route, or beyond reach the
// cut-off plus the straight line.
func (r *Routes) DistanceM(home, site orb.Point) float64 {
	if d, ok := r.Route(home, site); ok {
		return d
	}
	return r.cutoffM + geo.Distance(home, site)
}

// AtGrade returns the kinds of barrier (railway, motorway, trunk) that the
// walk from home to site crosses on their level; nil for none or beyond
// reach.
func (r *Routes) AtGrade(home, site orb.Point) []BarrierKind {
	return r.field(site).AtGrade(home)
}

// Apart returns the units' adjacency rule for zones.UnitOptions.Apart: two
// places are apart when a barrier runs between them with no crossing
// within slackM metres of where it does.
func (r *Routes) Apart(slackM float64) func(a, b orb.Point) bool {
	return func(a, b orb.Point) bool { return r.net.Apart(a, b, slackM) }
}
