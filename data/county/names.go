package county

import (
	"math/rand/v2"
	"strings"
)

// Name parts. Names are drawn from their products; none is meant to be a
// real place. Some parts are chosen to trap a parser: roads named 园田路,
// 花园路, 府前街 and 商城路 hold compound suffixes, a township may hold 村 or
// 乡 (新村镇, 乡宁乡) and a village 乡 (新乡村).
var (
	roadStems = []string{"建设", "人民", "解放", "文化", "中州", "交通", "健康", "新华", "育才", "光明", "和平",
		"迎宾", "园田", "花园", "府前", "商城", "工业", "东风", "长江", "黄河", "淮河", "向阳", "振兴", "富民",
		"青年", "团结", "胜利", "朝阳", "幸福", "公园", "车站", "北环", "南环", "东环", "西环", "学府", "华府",
		"兴业", "天河", "龙湖", "金城", "新城", "滨河", "沿河", "五一", "八一", "中山", "复兴", "民主", "友谊"}
	roadSuffixes   = []string{"路", "路", "路", "街", "大道"}
	compoundStems  = []string{"锦华", "幸福", "阳光", "金色", "翠园", "御景", "怡和", "康居", "凤凰", "东方", "世纪", "盛世", "书香", "龙湖", "碧桂", "万象", "绿地", "恒基", "建业", "正商", "永威", "鑫苑", "名门", "紫荆", "丽景", "华润", "保利", "金地", "中海", "融创", "富力", "雅居", "嘉和", "宏达", "天誉", "锦绣", "和谐", "润泽", "明珠", "水岸", "兴业", "泰和", "瑞景", "博雅", "翰林", "金桂", "银杏", "清华", "馨园", "福苑"}
	compoundEnds   = []string{"小区", "花园", "家园", "苑", "城", "府", "公馆", "新村", "佳苑", "华庭", "名邸", "公寓", "园", "湾", "里"}
	placeStems     = []string{"汲冢", "石槽", "宜路", "钱店", "汲水", "胡集", "巴集", "虎岗", "双楼", "秋渠", "东风", "南丰", "白马", "李楼", "张完", "丁村", "吴台", "宁平", "古城", "城郊", "新村", "乡宁", "高楼", "王店", "石门", "青龙", "白沙", "桃源", "金山", "龙泉", "清水", "长岭", "红旗", "太平", "永兴", "兴隆", "双河", "三合", "四方", "五里"}
	surnames       = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕"}
	villageEnds    = []string{"庄", "寨", "营", "楼", "集", "店", "湾", "岗", "桥", "庙", "屯", "沟", "坡", "坪", "家"}
	communityStems = []string{"建设", "幸福", "光明", "和平", "文化", "新华", "东关", "西关", "南关", "北关", "花园", "滨河", "育才", "朝阳", "向阳", "胜利", "团结", "民主", "友谊", "中心"}
	directions     = []string{"东", "西", "南", "北"}
)

// namer draws names without repeating one within its kind.
type namer struct {
	rng  *rand.Rand
	used map[string]bool
}

func newNamer(rng *rand.Rand) *namer { return &namer{rng: rng, used: map[string]bool{}} }

// fresh draws from gen until a name not used before comes, up to 200 tries,
// then numbers it apart (第N).
func (n *namer) fresh(gen func() string) string {
	var s string
	for try := 0; try < 200; try++ {
		s = gen()
		if !n.used[s] {
			n.used[s] = true
			return s
		}
	}
	for k := 2; ; k++ {
		t := s[:len(s)-len(lastRuneString(s))] + hanNumber(k%100) + lastRuneString(s)
		if !n.used[t] {
			n.used[t] = true
			return t
		}
	}
}

func lastRuneString(s string) string {
	r := []rune(s)
	return string(r[len(r)-1])
}

func (n *namer) pick(xs []string) string { return xs[n.rng.IntN(len(xs))] }

// road draws a road name: a stem and 路, 街 or 大道, sometimes with a
// direction (建设东路).
func (n *namer) road() string {
	return n.fresh(func() string {
		s := n.pick(roadStems)
		if n.rng.IntN(6) == 0 {
			s += n.pick(directions)
		}
		return s + n.pick(roadSuffixes)
	})
}

// compound draws a compound name (锦华苑, 幸福小区, 御景华庭).
func (n *namer) compound() string {
	return n.fresh(func() string { return n.pick(compoundStems) + n.pick(compoundEnds) })
}

// township draws a township name with one of the suffixes.
func (n *namer) township(suffixes []string) string {
	return n.fresh(func() string { return n.pick(placeStems) + n.pick(suffixes) })
}

// village draws a village name (王庄村, 陈寨村, 新乡村).
func (n *namer) village() string {
	return n.fresh(func() string {
		if n.rng.IntN(25) == 0 {
			return "新乡村"
		}
		return n.pick(surnames) + n.pick(villageEnds) + "村"
	})
}

// tun draws the name of a natural village (王家屯).
func (n *namer) tun() string {
	return n.fresh(func() string { return n.pick(surnames) + "家屯" })
}

// community draws a community name (建设社区).
func (n *namer) community() string {
	return n.fresh(func() string {
		s := n.pick(communityStems)
		if n.rng.IntN(3) == 0 {
			s += n.pick([]string{"东", "西", "南", "北", "新"})
		}
		return s + "社区"
	})
}

// lane returns the name of the k-th lane of an urban village (东一街, 西三巷).
func lane(k int) string {
	side := directions[k%4]
	kind := "街"
	if k/4%2 == 1 {
		kind = "巷"
	}
	return side + hanNumber(k/8+1) + kind
}

// hasAny reports whether s holds any of the parts.
func hasAny(s string, parts ...string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
