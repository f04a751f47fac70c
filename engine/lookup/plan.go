package lookup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/engine/planfile"
	"github.com/hutubi-edu/zoning/geo/geos"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// Source is what a Plan is built from: the zones of both levels, their
// descriptions in words and the odds of the multi-school zones' lotteries.
type Source struct {
	// Zones has one entry per (level, school) with a zone; the schools of
	// a multi-school zone share a ZoneID (and their geometry). Geometry is
	// WGS84 lon, lat.
	Zones []dataset.Zone
	// Descriptions are zones.csv: per level, each school's zone in words.
	// Optional: a zone without one gets the school's name only as notice.
	Descriptions []notice.Plan
	// Lotteries are metrics.json's lotteries; optional.
	Lotteries []engine.LotteryMetrics
}

// Plan is a zone plan ready for lookups. It is immutable once built and safe
// for concurrent use.
type Plan struct {
	county  string
	schools map[string]*dataset.School
	levels  []*levelPlan
	gaz     *gazetteer
	parser  *address.Parser // the dataset's: how its county writes addresses
	// routes are the walks along the dataset's roads, nil without a road
	// layer; walkSpeed turns them into minutes (SetWalking).
	net       *roads.Network
	routes    *roads.Routes
	walkSpeed float64
}

// levelPlan is one level's zones and their point-in-polygon index.
type levelPlan struct {
	level dataset.Level
	zones []zoneInfo
	index *geos.PolygonIndex
	// streets are the house-number ranges of zones.csv: road → entries.
	streets map[string][]streetRange
	// described[k] is zone k's description from zones.csv, if any.
	described map[int]notice.Zone
}

// zoneInfo is one zone of a level: one school, or the schools of a
// multi-school zone.
type zoneInfo struct {
	id      string // zone_id; "" for a single-school zone
	schools []string
	odds    []*float64 // per school; nil when not given
	notice  string
}

// streetRange is one road's range of house numbers in a zone.
type streetRange struct {
	town string
	r    notice.Range // its numbers: all, or one side (单号, 双号)
	zone int
}

// County returns the name of the county (the dataset's name).
func (p *Plan) County() string { return p.county }

// New builds a plan from a dataset (the schools and the gazetteer of
// addresses) and the zones. It is an error for a zone to name a school the
// dataset lacks, to have an unknown level, or to have an invalid geometry.
func New(ds *dataset.Dataset, src Source) (*Plan, error) {
	if ds == nil {
		return nil, errors.New("lookup: no dataset")
	}
	p := &Plan{county: ds.Meta.Name, schools: map[string]*dataset.School{}, parser: ds.Parser()}
	p.net = ds.Roads
	p.Configure(config.Default())
	if p.county == "" {
		p.county = "the county"
	}
	for i := range ds.Schools {
		p.schools[ds.Schools[i].ID] = &ds.Schools[i]
	}
	odds := map[string]*float64{}
	for _, l := range src.Lotteries {
		odds[l.Level+"\x00"+l.SchoolID] = l.Odds
	}
	texts := map[string]notice.Zone{}
	for _, pl := range src.Descriptions {
		for _, z := range pl.Zones {
			texts[pl.Level+"\x00"+z.SchoolID] = z
		}
	}
	for _, l := range dataset.Levels {
		lp := &levelPlan{level: l, streets: map[string][]streetRange{}, described: map[int]notice.Zone{}}
		byKey := map[string]int{}
		var geoms []orb.MultiPolygon
		for _, z := range src.Zones {
			if z.Level != l {
				if _, err := dataset.ParseLevel(string(z.Level)); err != nil {
					return nil, fmt.Errorf("lookup: zone of school %q: %w", z.SchoolID, err)
				}
				continue
			}
			if p.schools[z.SchoolID] == nil {
				return nil, fmt.Errorf("lookup: %s zone of school %q: the dataset has no such school", l, z.SchoolID)
			}
			key := "s\x00" + z.SchoolID
			if z.ZoneID != "" {
				key = "z\x00" + z.ZoneID
			}
			k, ok := byKey[key]
			if !ok {
				k = len(lp.zones)
				byKey[key] = k
				lp.zones = append(lp.zones, zoneInfo{id: z.ZoneID})
				geoms = append(geoms, z.Geometry)
			}
			zi := &lp.zones[k]
			zi.schools = append(zi.schools, z.SchoolID)
			zi.odds = append(zi.odds, odds[string(l)+"\x00"+z.SchoolID])
		}
		ix, err := geos.NewPolygonIndex(geoms)
		if err != nil {
			return nil, fmt.Errorf("lookup: %s zones: %w", l, err)
		}
		lp.index = ix
		for k := range lp.zones {
			zi := &lp.zones[k]
			var names []string
			var desc *notice.Zone
			for _, id := range zi.schools {
				names = append(names, p.schools[id].Name)
				if d, ok := texts[string(l)+"\x00"+id]; ok && desc == nil {
					desc = &d
				}
			}
			if desc == nil {
				zi.notice = strings.Join(names, "、")
				continue
			}
			d := *desc
			d.SchoolName, d.SchoolID = strings.Join(names, "、"), zi.schools[0]
			zi.notice = d.Text()
			lp.described[k] = d
			for _, s := range d.Streets {
				for _, r := range s.Ranges {
					lp.streets[s.Road] = append(lp.streets[s.Road], streetRange{town: s.Township, r: r, zone: k})
				}
			}
		}
		p.levels = append(p.levels, lp)
	}
	p.gaz = newGazetteer(ds, p)
	return p, nil
}

// FromResult builds the plan of a run: its zones, descriptions and lottery
// odds, with the run's dataset as gazetteer.
func FromResult(r *engine.Result) (*Plan, error) {
	if r == nil || r.Dataset == nil {
		return nil, errors.New("lookup: no run result")
	}
	src := Source{Zones: r.Zones()}
	src.Descriptions = r.Descriptions()
	src.Lotteries = r.Metrics().Lotteries
	p, err := New(r.Dataset, src)
	if err == nil {
		p.Configure(r.Config)
		if r.Routes != nil {
			p.routes = r.Routes // the run's walks, already measured
		}
	}
	return p, err
}

// Configure makes the answers give, for a dataset with a road layer, the
// walk along the roads from the point to each school and its time, with
// c's walking speed (policy.walk_speed_m_per_min) and cut-off
// (zoning.route_cutoff_m); zoning.distance straight leaves walks out. New
// configures a plan with the defaults.
func (p *Plan) Configure(c config.Config) {
	def := config.Default()
	speed, cutoff := c.Policy.WalkSpeedMPerMin, c.Zoning.RouteCutoffM
	if speed <= 0 { // a configuration not loaded: the defaults
		speed = def.Policy.WalkSpeedMPerMin
	}
	if cutoff <= 0 {
		cutoff = def.Zoning.RouteCutoffM
	}
	p.routes, p.walkSpeed = nil, speed
	if p.net != nil && c.Zoning.Distance != "straight" {
		p.routes = roads.NewRoutes(p.net, cutoff, nil)
	}
}

// LoadDir builds the plan of a run's output folder (zones.geojson required,
// zones.csv and metrics.json optional) with ds as gazetteer.
func LoadDir(dir string, ds *dataset.Dataset) (*Plan, error) {
	return Load(os.DirFS(dir), ds)
}

// LoadDirFiles is LoadDir that also returns what the folder's files hold,
// for the folder's other users (the server's web map), read once.
func LoadDirFiles(dir string, ds *dataset.Dataset) (*Plan, *planfile.Plan, error) {
	p, pf, err := load(os.DirFS(dir), ds)
	if pf != nil {
		for i := range pf.Warnings { // named as the user knows them
			pf.Warnings[i].File = filepath.Join(dir, filepath.FromSlash(pf.Warnings[i].File))
		}
	}
	return p, pf, err
}

// Load is LoadDir on a file system rooted at the output folder.
func Load(fsys fs.FS, ds *dataset.Dataset) (*Plan, error) {
	p, _, err := load(fsys, ds)
	return p, err
}

// load is Load, returning the files read too.
func load(fsys fs.FS, ds *dataset.Dataset) (*Plan, *planfile.Plan, error) {
	if ds == nil {
		return nil, nil, errors.New("lookup: no dataset")
	}
	// Read as the dataset's own zones are: every problem as
	// zones.geojson:LINE: message.
	pf, err := planfile.ReadFS(fsys, planfile.Options{Dataset: ds, Descriptions: true})
	if err != nil {
		return nil, nil, fmt.Errorf("lookup: %w", err)
	}
	p, err := FromFiles(ds, pf)
	if err != nil {
		return nil, nil, err
	}
	return p, pf, nil
}

// FromFiles builds the plan of a plan folder read by planfile (its zones,
// zones.csv's descriptions and metrics.json's lottery odds), with ds as
// gazetteer.
func FromFiles(ds *dataset.Dataset, pf *planfile.Plan) (*Plan, error) {
	src := Source{Zones: pf.Zones, Descriptions: pf.Descriptions}
	if pf.Metrics != nil {
		src.Lotteries = pf.Metrics.Lotteries
	}
	return New(ds, src)
}
