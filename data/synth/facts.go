package synth

import "github.com/hutubi-edu/zoning/engine/dataset"

// The hand-written table of facts the generator works from. Names of
// townships, village committees and communities are the county's real ones
// (National Bureau of Statistics division codes); places are approximate
// WGS84 points typed by hand; counts are round figures of the public record
// (about 210,000 people). Roads, compounds (小区), buildings and every
// household are invented.

// BaseYear is the school year of the survey the dataset describes: 2021
// (September 2021 – July 2022), the plan's starting survey (摸清底数).
const BaseYear = 2021

// DefaultSeed is the seed of the committed default dataset.
const DefaultSeed uint64 = 2021

// Name is the dataset's name in dataset.yaml.
const Name = "呼图壁县 (synthetic)"

// countyOutline is a 55-vertex simplification of the public county outline
// (lon, lat WGS84), closed.
var countyOutline = [][2]float64{
	{86.498, 44.165}, {86.525, 44.196}, {86.474, 44.386}, {86.510, 44.400}, {86.509, 44.468},
	{86.556, 44.527}, {86.481, 44.580}, {86.499, 44.643}, {86.441, 44.806}, {86.485, 44.906},
	{86.484, 45.331}, {87.001, 45.330}, {87.002, 44.997}, {87.118, 44.667}, {87.118, 44.524},
	{87.218, 44.472}, {87.236, 44.415}, {87.197, 44.369}, {87.229, 44.339}, {87.143, 44.327},
	{87.163, 44.366}, {87.118, 44.407}, {87.088, 44.193}, {86.981, 44.087}, {86.966, 43.944},
	{86.862, 43.934}, {86.827, 43.868}, {86.756, 43.850}, {86.776, 43.783}, {86.737, 43.754},
	{86.764, 43.719}, {86.695, 43.634}, {86.573, 43.595}, {86.569, 43.566}, {86.428, 43.479},
	{86.462, 43.395}, {86.415, 43.330}, {86.450, 43.302}, {86.434, 43.209}, {86.480, 43.144},
	{86.381, 43.223}, {86.160, 43.307}, {86.085, 43.441}, {86.121, 43.525}, {86.244, 43.588},
	{86.235, 43.626}, {86.305, 43.682}, {86.236, 43.739}, {86.305, 43.899}, {86.365, 43.947},
	{86.349, 43.989}, {86.438, 44.033}, {86.406, 44.060}, {86.457, 44.065}, {86.498, 44.165},
}

// births is the number of children born each year who are registered in
// the bureau's territory in 2021, by birth year. Grades 1–9 of 2021 were born
// 2015–2007; the children born 2016–2021 enter school 2022–2027. The shape
// follows China's: a rise to the 2016–2017 peak of the two-child policy, then
// a fall of about 9% a year.
var births = []struct {
	Year, N int
}{
	{2007, 2050}, {2008, 2100}, {2009, 2150}, {2010, 2200}, {2011, 2200},
	{2012, 2300}, {2013, 2250}, {2014, 2300}, {2015, 2300},
	{2016, 2460}, {2017, 2450}, {2018, 2240}, {2019, 2040}, {2020, 1860}, {2021, 1700},
}

// grid is a town's road grid: east–west roads at the given latitudes (south
// to north) and north–south roads at the given longitudes (west to east).
// House numbers run west to east on east–west roads and south to north on
// north–south roads, even numbers on the north and east sides.
type grid struct {
	EW []road // east–west roads, south to north; Pos is the latitude
	NS []road // north–south roads, west to east; Pos is the longitude
}

type road struct {
	Name string
	Pos  float64
}

// community is a neighbourhood committee (社区/居委会) with the approximate
// centre of its area; a town home belongs to the nearest one.
type community struct {
	Name     string
	Lon, Lat float64
}

// centre is a town centre (城区 or 镇区): a road grid with apartment
// compounds in its blocks and single houses along its roads.
type centre struct {
	Grid        grid
	Communities []community
	Compounds   []string // compound (小区) names, one compound per block at most
	Households  int      // households living in the centre
	Apartments  float64  // share of them living in compound flats
	HighRise    float64  // share of compounds built as high-rises
	Frontage    float64  // metres of road frontage per house number
	Migrant     float64  // share of migrant (随迁) households
}

// village is a village committee (村委会) with the approximate place of its
// main settlement.
type village struct {
	Committee string // as in the division codes, e.g. 红山村委会
	Lon, Lat  float64
	Groups    int     // village groups (组)
	Weight    float64 // relative size among the township's villages
}

// township is a township-level unit of the bureau's territory.
type township struct {
	Name string // as written in addresses
	// Official is the official name when addresses write another, with the
	// other forms people write (dataset.yaml's places lists them as aliases).
	Official   string
	Aliases    []string
	Rank       int // position in the county's list of townships, the order of its notices
	Households int // households in the whole township
	Centre     *centre
	Villages   []village
	Mountain   bool    // southern mountain pasture: sparse, scattered groups
	Migrant    float64 // share of migrant households in the villages
}

// prefixes are the divisions above the townships that addresses may begin
// with.
var prefixes = []string{
	"中国新疆维吾尔自治区", "中国新疆", "新疆维吾尔自治区", "新疆自治区", "新疆", "昌吉回族自治州", "昌吉州", "呼图壁县",
}

// townships are the seven townships of the bureau's territory. The XPCC
// farms (兵团一零五团, 一零六团, 芳草湖总场) and the state farms run their own
// schools and lie outside the zoning: nobody is placed there.
var townships = []township{
	{
		Name: "呼图壁镇", Rank: 1, Households: 33000,
		Centre: &centre{
			Grid: grid{
				EW: []road{{"南环路", 44.1700}, {"迎宾路", 44.1755}, {"幸福路", 44.1810}, {"东风路", 44.1865},
					{"天山路", 44.1920}, {"园林路", 44.1975}, {"建设路", 44.2030}, {"北环路", 44.2085}},
				NS: []road{{"西环路", 86.862}, {"和平路", 86.869}, {"团结路", 86.876}, {"胜利路", 86.883},
					{"文化路", 86.890}, {"人民路", 86.897}, {"光明路", 86.904}, {"友谊路", 86.911},
					{"新华路", 86.918}, {"青年路", 86.925}, {"东环路", 86.932}},
			},
			Communities: []community{
				{"熙景社区", 86.9174, 44.1891}, {"水晶社区", 86.8943, 44.1873}, {"北门社区", 86.8970, 44.2030},
				{"双元社区", 86.8860, 44.1878}, {"双龙社区", 86.8885, 44.1910}, {"阿同汗社区", 86.9250, 44.2000},
				{"西河社区", 86.8650, 44.1970}, {"美华社区", 86.9080, 44.1960}, {"宝城社区", 86.9100, 44.1780},
				{"清泉社区", 86.8800, 44.2000}, {"幸福社区", 86.8714, 44.1870}, {"华安社区", 86.8720, 44.1790},
				{"花城社区", 86.8840, 44.1740}, {"南门社区", 86.8970, 44.1730}, {"吉祥社区", 86.9250, 44.1800},
				{"丽璟社区", 86.9290, 44.2070},
			},
			Compounds: []string{
				"锦华苑", "园林小区", "天山花园", "幸福家园", "阳光小区", "金色家园", "和谐家园", "盛世华庭",
				"翡翠城", "丽景花园", "康居小区", "明珠花苑", "御景湾", "泰和苑", "福源小区", "宏福苑",
				"银河小区", "怡和园", "新华小区", "嘉和苑", "书香苑", "文苑小区", "兴业小区", "瑞祥苑",
				"馨园小区", "丰泽园", "绿洲家园", "桃李园", "春晖小区", "雅居苑", "富康小区", "金城小区",
				"惠民小区", "名都花园", "新城家园", "紫金苑", "华府小区", "碧水蓝天", "祥和小区", "西域明珠",
				"天润小区", "昌盛小区", "福康苑", "晨光小区", "温馨家园", "康乐小区", "润泽园", "凤凰城",
				"锦绣花园", "安居小区", "胜利小区", "团结小区", "北苑小区", "南苑小区", "东苑小区", "西苑小区",
				"光明小区", "教育小区", "电力小区", "农机小区", "粮食小区", "水利小区",
			},
			Households: 33000, Apartments: 0.80, HighRise: 0.30, Frontage: 22, Migrant: 0.125,
		},
	},
	{
		Name: "园户村镇", Rank: 4, Households: 7800, Migrant: 0.03,
		Centre: &centre{
			Grid: grid{
				EW: []road{{"北园路", 44.2180}, {"园兴路", 44.2225}, {"良种路", 44.2270}},
				NS: []road{{"育苗路", 86.8880}, {"园户路", 86.8950}, {"三工路", 86.9020}},
			},
			Communities: []community{{"北园社区居委会", 86.8915, 44.2225}, {"良种场社区居委会", 86.8985, 44.2225}},
			Compounds:   []string{"北园小区", "园兴家园", "良种场小区", "育苗小区"},
			Households:  1500, Apartments: 0.45, HighRise: 0, Frontage: 12, Migrant: 0.07,
		},
		Villages: []village{
			{"上三工村委会", 86.848, 44.148, 6, 1.0}, {"上二工村委会", 86.822, 44.168, 6, 1.0},
			{"和庄村委会", 86.945, 44.228, 7, 1.2}, {"园户村村委会", 86.875, 44.240, 7, 1.2},
			{"三工湖村委会", 86.860, 44.305, 6, 1.0}, {"下三工村委会", 86.880, 44.272, 6, 0.9},
			{"大草滩村委会", 86.925, 44.290, 7, 1.2}, {"马场湖村委会", 86.900, 44.345, 5, 0.8},
			{"广林村委会", 86.838, 44.215, 6, 0.9}, {"十三户村委会", 86.955, 44.262, 5, 0.8},
			{"文昌村委会", 86.845, 44.248, 5, 0.8},
		},
	},
	{
		Name: "五工台镇", Rank: 3, Households: 8600, Migrant: 0.025,
		Centre: &centre{
			Grid: grid{
				EW: []road{{"振兴路", 44.2260}, {"五工路", 44.2305}, {"河西路", 44.2350}},
				NS: []road{{"中渠路", 86.7620}, {"人民路", 86.7690}, {"龙王庙路", 86.7760}},
			},
			Communities: []community{{"河西居委会", 86.7690, 44.2305}},
			Compounds:   []string{"河西小区", "五工台家园", "振兴苑"},
			Households:  1600, Apartments: 0.40, HighRise: 0, Frontage: 12, Migrant: 0.06,
		},
		Villages: []village{
			{"乱山子村委会", 86.700, 44.118, 5, 0.8}, {"中渠村委会", 86.738, 44.198, 6, 1.0},
			{"龙王庙村委会", 86.795, 44.272, 6, 1.0}, {"十九户村委会", 86.722, 44.282, 6, 1.0},
			{"五工台村委会", 86.795, 44.215, 7, 1.2}, {"西树窝子村委会", 86.688, 44.238, 6, 1.0},
			{"十户村委会", 86.745, 44.322, 5, 0.9}, {"大泉村委会", 86.672, 44.175, 6, 1.0},
			{"小泉村委会", 86.712, 44.152, 5, 0.8}, {"林场村委会", 86.800, 44.338, 4, 0.7},
			{"幸福村委会", 86.762, 44.290, 6, 1.0}, {"百泉村委会", 86.700, 44.345, 6, 0.9},
			{"福海新村委会", 86.812, 44.180, 5, 0.9},
		},
	},
	{
		Name: "二十里店镇", Rank: 5, Households: 7600, Migrant: 0.03,
		Centre: &centre{
			Grid: grid{
				EW: []road{{"富民路", 44.1600}, {"兴业路", 44.1645}, {"迎宾路", 44.1690}},
				NS: []road{{"东兴路", 86.9520}, {"商贸路", 86.9590}, {"四工路", 86.9660}},
			},
			Communities: []community{{"二十里店镇社区", 86.9590, 44.1645}},
			Compounds:   []string{"富民家园", "兴业小区", "二十里店小区"},
			Households:  1400, Apartments: 0.40, HighRise: 0, Frontage: 12, Migrant: 0.07,
		},
		Villages: []village{
			{"宁州户村委会", 87.005, 44.198, 8, 1.0}, {"小土古里村委会", 86.985, 44.252, 8, 1.0},
			{"东滩村委会", 87.050, 44.225, 7, 0.9}, {"十四户村委会", 87.030, 44.292, 8, 1.0},
			{"良种场村委会", 86.995, 44.145, 6, 0.8}, {"林场村委会", 87.065, 44.330, 6, 0.8},
			{"四工村委会", 86.935, 44.128, 7, 0.9}, {"二十里店村委会", 86.975, 44.190, 8, 1.2},
		},
	},
	{
		Name: "大丰镇", Rank: 2, Households: 6800, Migrant: 0.02,
		Centre: &centre{
			Grid: grid{
				EW: []road{{"丰收路", 44.1760}, {"团结路", 44.1805}, {"文化路", 44.1850}},
				NS: []road{{"西大街", 86.5870}, {"中大街", 86.5940}, {"东大街", 86.6010}},
			},
			Communities: []community{{"大丰镇社区", 86.5940, 44.1805}},
			Compounds:   []string{"丰源小区", "大丰家园", "文化苑"},
			Households:  1300, Apartments: 0.40, HighRise: 0, Frontage: 12, Migrant: 0.05,
		},
		Villages: []village{
			{"红山村委会", 86.555, 44.140, 7, 0.9}, {"大土古里村委会", 86.625, 44.222, 8, 1.1},
			{"十八户村委会", 86.582, 44.250, 7, 1.0}, {"祁家湖村委会", 86.542, 44.292, 7, 1.0},
			{"树窝子村委会", 86.612, 44.300, 7, 1.0}, {"高桥村委会", 86.650, 44.165, 7, 1.0},
			{"红柳塘村委会", 86.565, 44.342, 6, 0.8}, {"联丰村委会", 86.645, 44.262, 7, 1.0},
		},
	},
	{
		Name: "雀尔沟镇", Rank: 6, Households: 1500, Migrant: 0.01, Mountain: true,
		Centre: &centre{
			Grid: grid{
				EW: []road{{"牧民路", 43.8630}, {"雀尔沟路", 43.8670}},
				NS: []road{{"天山路", 86.4730}, {"团结路", 86.4790}, {"南山路", 86.4850}},
			},
			Communities: []community{{"雀尔沟村委会", 86.4790, 43.8650}},
			Compounds:   []string{"牧民新村"},
			Households:  400, Apartments: 0.25, HighRise: 0, Frontage: 12, Migrant: 0.03,
		},
		Villages: []village{
			{"雀尔沟村委会", 86.470, 43.895, 3, 0.8}, {"霍斯铁热克村委会", 86.420, 43.800, 4, 1.0},
			{"克孜勒塔斯村委会", 86.550, 43.905, 4, 1.0}, {"西沟村委会", 86.395, 43.880, 4, 1.0},
			{"独山子村委会", 86.600, 43.960, 4, 1.1}, {"南山牧场村委会", 86.500, 43.720, 3, 0.7},
		},
	},
	{
		Name: "石梯子乡", Official: "石梯子哈萨克民族乡", Aliases: []string{"石梯子哈萨克族乡", "石梯子民族乡", "石梯子乡"},
		Rank: 7, Households: 1100, Migrant: 0.005, Mountain: true,
		Villages: []village{
			{"白杨河村委会", 86.700, 43.930, 4, 1.0}, {"东沟村委会", 86.880, 43.990, 4, 1.3},
			{"阿苇滩村委会", 86.800, 44.025, 4, 1.0}, {"霍斯托别村委会", 86.752, 43.885, 3, 0.8},
			{"西力克特村委会", 86.655, 43.862, 3, 0.8}, {"多斯特克村委会", 86.915, 44.035, 4, 1.0},
		},
	},
}

// Indicator is one of the seven resource indicators of docs/policy.md, per
// student (areas in m², teachers and rooms per 100 students, equipment in
// 元).
type Indicator int

// The seven resource indicators.
const (
	Qualified  Indicator = iota // teachers above the required qualification per 100 students
	Backbone                    // backbone teachers per 100 students
	PEArt                       // PE and art teachers per 100 students
	Teaching                    // teaching and auxiliary floor area, m² per student
	Sports                      // sports ground area, m² per student
	Equipment                   // teaching equipment, 元 per student
	Multimedia                  // networked multimedia classrooms per 100 students
	numIndicators
)

// Standard returns the docs/policy.md standard of an indicator for a level.
func (i Indicator) Standard(l dataset.Level) float64 {
	if l == dataset.Junior {
		return [numIndicators]float64{5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4}[i]
	}
	return [numIndicators]float64{4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3}[i]
}

// String returns the indicator's name as a schools.csv column.
func (i Indicator) String() string {
	return [numIndicators]string{"teachers_qualified", "teachers_backbone", "teachers_pe_art",
		"teaching_area_m2", "sports_area_m2", "equipment_yuan", "multimedia_rooms"}[i]
}

// schoolFact is one campus. Seats are given as a factor of the 2021 pupils
// living in the campus's zone (so that a zone is over-subscribed when the
// factor is below 1), or as a fixed number.
type schoolFact struct {
	ID, Town, Name    string
	Road              string  // the road of the campus's address (town campuses)
	Committee         string  // or the village committee and group it stands in
	Group             int     // (village campuses, placed at the group)
	Lon, Lat          float64 // campus (town campuses)
	Primary, Junior   bool    // sections
	Factor            float64 // seats = Factor × pupils of the zone, rounded to tens
	FixedP, FixedJ    int     // fixed seats instead of Factor (teaching points, private school)
	Area              dataset.AreaType
	Boarding, Private bool
	NineYear          bool
	// Short lists the indicators the campus fails in 2021, as a fraction of
	// the standard (the plan's problems); every other indicator is met.
	Short map[Indicator]float64
	// RoomsShort is how many music and how many art rooms the campus lacks
	// in 2021 against one of each per 12 classes (the plan's 综合艺体楼).
	RoomsShort int
	// Closed campuses (0 seats in 2021) carry their own absolute figures.
	Closed *closedFacts
}

type closedFacts struct {
	Teaching, Sports, Equipment float64
	Multimedia                  float64
	Music, Art                  int
}

// schools are the campuses of the bureau in 2021: every school the county
// plan names, plus the schools a county of this size has. Seats factors make
// the plan's problems visible: 县二小 and 县二中 lack floor area, 县三中 is
// crowded, 县一小幸福校区 has room.
var schools = []schoolFact{
	// The county seat (城区).
	{ID: "hz01", Town: "呼图壁镇", Name: "呼图壁县第一小学东风校区", Road: "东风路", Lon: 86.9075, Lat: 44.1860,
		Primary: true, Factor: 0.93, Area: dataset.Urban,
		Short: map[Indicator]float64{PEArt: 0.78}, RoomsShort: 2},
	{ID: "hz02", Town: "呼图壁镇", Name: "呼图壁县第一小学幸福校区", Road: "幸福路", Lon: 86.8740, Lat: 44.1790,
		Primary: true, Factor: 1.35, Area: dataset.Urban},
	{ID: "hz03", Town: "呼图壁镇", Name: "呼图壁县第二小学", Road: "园林路", Lon: 86.8760, Lat: 44.1960,
		Primary: true, Factor: 0.95, Area: dataset.Urban,
		Short: map[Indicator]float64{Teaching: 0.89, PEArt: 0.80}},
	{ID: "hz04", Town: "呼图壁镇", Name: "呼图壁县第二中学", Road: "天山路", Lon: 86.8745, Lat: 44.1935,
		Junior: true, Factor: 0.95, Area: dataset.Urban,
		Short: map[Indicator]float64{Teaching: 0.88, Sports: 0.89}, RoomsShort: 1},
	{ID: "hz05", Town: "呼图壁镇", Name: "呼图壁县第一中学", Road: "天山路", Lon: 86.8970, Lat: 44.1935,
		Junior: true, Factor: 1.15, Area: dataset.Urban},
	{ID: "hz06", Town: "呼图壁镇", Name: "呼图壁县第一中学新校区", Road: "南环路", Lon: 86.9250, Lat: 44.1660,
		Area:   dataset.Urban,
		Closed: &closedFacts{Teaching: 16800, Sports: 24500, Equipment: 6200000, Multimedia: 56, Music: 3, Art: 3}},
	{ID: "hz07", Town: "呼图壁镇", Name: "呼图壁县第三中学", Road: "园林路", Lon: 86.9120, Lat: 44.1980,
		Primary: true, Junior: true, NineYear: true, Factor: 0.97, Area: dataset.Urban},
	{ID: "hz08", Town: "呼图壁镇", Name: "呼图壁县第四中学", Road: "北环路", Lon: 86.8760, Lat: 44.2060,
		Junior: true, Factor: 1.10, Area: dataset.Urban,
		Short: map[Indicator]float64{Sports: 0.90}, RoomsShort: 2},
	{ID: "hz09", Town: "呼图壁镇", Name: "呼图壁县第五中学", Road: "迎宾路", Lon: 86.9270, Lat: 44.1730,
		Primary: true, Junior: true, NineYear: true, Factor: 1.15, Area: dataset.Urban},
	{ID: "hz10", Town: "呼图壁镇", Name: "呼图壁县第六中学", Road: "北环路", Lon: 86.8880, Lat: 44.2065,
		Primary: true, Junior: true, NineYear: true, Factor: 1.22, Area: dataset.Urban,
		Short: map[Indicator]float64{PEArt: 0.83}},
	{ID: "mb01", Town: "呼图壁镇", Name: "呼图壁县育才学校", Road: "迎宾路", Lon: 86.8650, Lat: 44.1730,
		Primary: true, Junior: true, NineYear: true, FixedP: 540, FixedJ: 300, Area: dataset.Urban, Private: true,
		Short: map[Indicator]float64{Equipment: 0.88}},
	// 园户村镇.
	{ID: "yh01", Town: "园户村镇", Name: "园户村镇中心小学", Road: "园兴路", Lon: 86.8985, Lat: 44.2245,
		Primary: true, Factor: 1.10, Area: dataset.Town,
		Short: map[Indicator]float64{PEArt: 0.85}},
	{ID: "yh02", Town: "园户村镇", Name: "园户村镇三工湖小学", Committee: "三工湖村委会", Group: 2,
		Primary: true, Factor: 1.15, Area: dataset.Rural},
	// 五工台镇.
	{ID: "wg01", Town: "五工台镇", Name: "五工台镇小学", Road: "五工路", Lon: 86.7655, Lat: 44.2325,
		Primary: true, Factor: 1.10, Area: dataset.Town,
		Short: map[Indicator]float64{Sports: 0.82, PEArt: 0.75}},
	{ID: "wg02", Town: "五工台镇", Name: "五工台镇中学", Road: "振兴路", Lon: 86.7725, Lat: 44.2280,
		Junior: true, Factor: 1.12, Area: dataset.Town},
	{ID: "wg04", Town: "五工台镇", Name: "五工台镇十九户村小学", Committee: "十九户村委会", Group: 1,
		Primary: true, Factor: 1.15, Area: dataset.Rural},
	{ID: "wg03", Town: "五工台镇", Name: "五工台镇百泉村教学点", Committee: "百泉村委会", Group: 6,
		Primary: true, FixedP: 40, Area: dataset.Rural},
	// 二十里店镇.
	{ID: "es01", Town: "二十里店镇", Name: "二十里店镇小学", Road: "兴业路", Lon: 86.9555, Lat: 44.1665,
		Primary: true, Factor: 1.08, Area: dataset.Town,
		Short: map[Indicator]float64{Teaching: 0.87, Sports: 0.76, PEArt: 0.70}},
	{ID: "es03", Town: "二十里店镇", Name: "二十里店镇十四户村小学", Committee: "十四户村委会", Group: 1,
		Primary: true, Factor: 1.15, Area: dataset.Rural},
	{ID: "es02", Town: "二十里店镇", Name: "二十里店镇中学", Road: "迎宾路", Lon: 86.9625, Lat: 44.1710,
		Junior: true, Factor: 1.12, Area: dataset.Town},
	// 大丰镇.
	{ID: "df01", Town: "大丰镇", Name: "大丰镇中心学校", Road: "团结路", Lon: 86.5975, Lat: 44.1830,
		Primary: true, Junior: true, NineYear: true, Factor: 1.10, Area: dataset.Town,
		Short: map[Indicator]float64{PEArt: 0.80}},
	{ID: "df03", Town: "大丰镇", Name: "大丰镇树窝子村小学", Committee: "树窝子村委会", Group: 1,
		Primary: true, Factor: 1.15, Area: dataset.Rural},
	{ID: "df02", Town: "大丰镇", Name: "大丰镇红柳塘村教学点", Committee: "红柳塘村委会", Group: 6,
		Primary: true, FixedP: 40, Area: dataset.Rural},
	// 雀尔沟镇 and 石梯子乡, the southern mountains.
	{ID: "qe01", Town: "雀尔沟镇", Name: "雀尔沟镇小学", Road: "雀尔沟路", Lon: 86.4760, Lat: 43.8690,
		Primary: true, Factor: 1.15, Area: dataset.Rural, Boarding: true,
		Short: map[Indicator]float64{Teaching: 0.93, PEArt: 0.80}, RoomsShort: 1},
	{ID: "qe02", Town: "雀尔沟镇", Name: "雀尔沟镇中学", Road: "牧民路", Lon: 86.4820, Lat: 43.8610,
		Junior: true, Factor: 1.15, Area: dataset.Rural, Boarding: true},
	{ID: "qe03", Town: "雀尔沟镇", Name: "独山子小学", Committee: "独山子村委会", Group: 1,
		Primary: true, Factor: 1.20, Area: dataset.Rural,
		Short: map[Indicator]float64{Teaching: 0.82}},
	{ID: "st01", Town: "石梯子乡", Name: "石梯子乡小学", Committee: "东沟村委会", Group: 1,
		Primary: true, Factor: 1.20, Area: dataset.Rural, Boarding: true,
		Short: map[Indicator]float64{Teaching: 0.76, PEArt: 0.80}},
}

// teachingPoints are the village groups a teaching point (教学点) serves:
// its zone. Other homes of the township go to the township's school.
var teachingPoints = []struct {
	School, Township, Committee string
	Groups                      []int
}{
	{"wg03", "五工台镇", "百泉村委会", []int{6}},
	{"df02", "大丰镇", "红柳塘村委会", []int{6}},
}

// districts lists, per level and township, the schools among which the
// township's homes are zoned: each village group or town block goes to the
// nearest of them (teaching points aside). 园户村镇 has no junior school: its
// pupils go to the county seat; 石梯子乡's juniors go to the nearer of the
// boarding junior school in 雀尔沟 and the county seat.
var districts = map[dataset.Level]map[string][]string{
	dataset.Primary: {
		"呼图壁镇":  {"hz01", "hz02", "hz03", "hz07", "hz09", "hz10"},
		"园户村镇":  {"yh01", "yh02", "hz02", "hz03", "hz10", "hz07"},
		"五工台镇":  {"wg01", "wg04"},
		"二十里店镇": {"es01", "es03"},
		"大丰镇":   {"df01", "df03"},
		"雀尔沟镇":  {"qe01", "qe03"},
		"石梯子乡":  {"st01"},
	},
	dataset.Junior: {
		"呼图壁镇":  {"hz04", "hz05", "hz07", "hz08", "hz09", "hz10"},
		"园户村镇":  {"hz04", "hz05", "hz07", "hz08", "hz10"},
		"五工台镇":  {"wg02"},
		"二十里店镇": {"es02"},
		"大丰镇":   {"df01"},
		"雀尔沟镇":  {"qe02"},
		"石梯子乡":  {"qe02", "hz04", "hz05", "hz09"},
	},
}
