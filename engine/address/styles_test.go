package address

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// A style is how the addresses of one kind of county are written: its
// divisions above the townships, its townships and places, and the shapes
// of address people write there. The generator below assembles addresses
// from these parts and knows what a reader fills in. The places are made up
// in the manner of each province; none is meant to be real.
type style struct {
	name string
	// The divisions written before the township, in order; each may be left
	// out. provShort is the province without its suffix (河南 for 河南省),
	// written only before a city or county.
	prov, provShort, city, county string
	districtCounty                bool // county is a 区: read as a district only after a city or before a township

	towns       []string
	aliases     map[string][]string // official township → other written forms
	communities []string
	roads       []string
	compounds   []string
	villages    []string
	hamlets     []string // natural villages (自然村, 屯)
	markers     []string // how village groups are written: 组, 队, 社, 村民小组, 小组
	shapes      []int
}

// Shapes of address.
const (
	shapeFlat         = iota // [road N号] compound B栋 U单元 R室
	shapeStreet              // road N号 (附M号)
	shapeLane                // road N弄 M号 R室 (上海)
	shapeCourtyard           // 胡同 N号院 B号楼 U单元 R (北京)
	shapeGroup               // village N组 [M号]
	shapeHamlet              // village hamlet [N组] M号
	shapeUrbanVillage        // village road N号 (城中村)
	shapeCommunity           // community road N号
)

var styles = []style{{
	name: "河南 plains county", prov: "河南省", provShort: "河南", city: "周口市", county: "郸城县",
	towns:       []string{"城关镇", "汲冢镇", "宜路镇", "钱店镇", "南丰镇", "白马乡"},
	communities: []string{"东风社区", "府前社区", "洺南社区"},
	roads:       []string{"园田路", "花园路", "府前街", "商城路", "建设大道", "育新街"},
	compounds:   []string{"锦华苑", "书香门第小区", "建业森林半岛", "金色家园", "园田花园"},
	villages:    []string{"陈寨村", "王庄村", "新乡村", "大李庄村", "后营村", "刘楼村"},
	hamlets:     []string{"小王庄自然村", "东李庄自然村", "后刘自然村"},
	markers:     []string{"组", "组", "村民小组"},
	shapes:      []int{shapeFlat, shapeStreet, shapeGroup, shapeHamlet, shapeUrbanVillage, shapeCommunity},
}, {
	name: "广东 city district with 城中村", prov: "广东省", provShort: "广东", city: "广州市", county: "天河区",
	districtCounty: true,
	towns:          []string{"石牌街道", "车陂街道", "棠下街道", "天河南街道", "冼村街道"},
	communities:    []string{"南苑社区", "龙口西社区", "华师社区"},
	roads:          []string{"天河路", "中山大道西", "南海大道北", "天河北路", "黄埔大道中", "东三街"},
	compounds:      []string{"骏景花园", "华港花园", "天河北小区", "帝景苑"},
	villages:       []string{"石牌村", "车陂村", "棠下村", "猎德村"},
	markers:        []string{"社", "组"},
	shapes:         []int{shapeFlat, shapeStreet, shapeUrbanVillage, shapeUrbanVillage, shapeCommunity},
}, {
	name: "四川 with 社", prov: "四川省", provShort: "四川", city: "成都市", county: "郫都区",
	districtCounty: true,
	towns:          []string{"犀浦镇", "团结镇", "安德镇", "友爱镇", "郫筒街道"},
	communities:    []string{"犀浦社区", "双柏社区"},
	roads:          []string{"校园路", "望丛中路", "红光大道", "德源北路"},
	compounds:      []string{"恒大名都", "蓝光空港国际城", "犀浦花园"},
	villages:       []string{"红光村", "双柏村", "安龙村", "永兴村"},
	markers:        []string{"社", "社", "组", "小组"},
	shapes:         []int{shapeFlat, shapeStreet, shapeGroup, shapeGroup, shapeCommunity},
}, {
	name: "上海 with 弄", prov: "上海市", city: "", county: "长宁区", districtCounty: true,
	towns:       []string{"华阳路街道", "新华路街道", "仙霞新村街道", "程家桥街道", "新泾镇"},
	communities: []string{"古北社区", "天山社区"},
	roads:       []string{"长宁路", "愚园路", "延安西路", "天山路", "仙霞路"},
	compounds:   []string{"古北新城", "虹桥公寓", "天山新村"},
	shapes:      []int{shapeLane, shapeLane, shapeFlat, shapeStreet},
}, {
	name: "浙江 with 幢", prov: "浙江省", provShort: "浙江", city: "杭州市", county: "余杭区", districtCounty: true,
	towns:       []string{"闲林街道", "良渚街道", "仁和街道", "径山镇", "黄湖镇"},
	communities: []string{"和睦社区", "良渚社区"},
	roads:       []string{"文一西路", "良渚大道", "闲兴路"},
	compounds:   []string{"良渚文化村", "绿城留庄", "万科良渚新城"},
	villages:    []string{"径山村", "黄湖村", "仁和村"},
	hamlets:     []string{"里山自然村", "外坞自然村"},
	markers:     []string{"组"},
	shapes:      []int{shapeFlat, shapeFlat, shapeStreet, shapeGroup, shapeHamlet},
}, {
	name: "北京 with 号楼 and 胡同", prov: "北京市", county: "东城区", districtCounty: true,
	towns:       []string{"交道口街道", "东四街道", "安定门街道", "和平里街道"},
	communities: []string{"菊儿社区", "南锣鼓巷社区", "东四七条社区"},
	roads:       []string{"西四胡同", "菊儿胡同", "东四北大街", "安定门内大街", "和平里东街"},
	compounds:   []string{"和平里小区", "北新仓小区", "东环广场"},
	shapes:      []int{shapeCourtyard, shapeCourtyard, shapeFlat, shapeStreet, shapeCommunity},
}, {
	name: "东北 with 屯", prov: "吉林省", provShort: "吉林", city: "长春市", county: "榆树市",
	towns:     []string{"五棵树镇", "弓棚子镇", "秀水镇", "大岭镇", "城发乡"},
	roads:     []string{"华昌路", "正阳街", "培英路"},
	villages:  []string{"红星村", "太平村", "前进村", "榆林村"},
	hamlets:   []string{"王家屯", "后二屯", "张家窝堡屯"},
	markers:   []string{"组", "社"},
	compounds: []string{"榆树花园", "龙湾家园"},
	shapes:    []int{shapeHamlet, shapeHamlet, shapeGroup, shapeStreet, shapeFlat},
}, {
	name: "新疆 with 队", prov: "新疆维吾尔自治区", provShort: "新疆", city: "伊犁哈萨克自治州", county: "察布查尔锡伯自治县",
	towns:       []string{"察布查尔镇", "爱新舍里镇", "孙扎齐牛录镇", "坎乡", "琼博拉镇"},
	aliases:     map[string][]string{"孙扎齐牛录镇": {"孙扎齐镇"}},
	communities: []string{"西大街社区", "锡伯社区"},
	roads:       []string{"锡伯大街", "团结路", "察布查尔路"},
	compounds:   []string{"锡伯家园", "金色小区"},
	villages:    []string{"依拉齐牛录村", "宁古齐村", "扎库齐牛录村", "加尕斯台村"},
	markers:     []string{"队", "组", "队"},
	shapes:      []int{shapeGroup, shapeGroup, shapeFlat, shapeStreet, shapeCommunity},
}, {
	name: "内蒙古 with 苏木 and 嘎查", prov: "内蒙古自治区", provShort: "内蒙古", city: "锡林郭勒盟", county: "阿巴嘎旗",
	towns:     []string{"别力古台镇", "洪格尔高勒镇", "伊和高勒苏木", "那仁宝拉格苏木"},
	roads:     []string{"阿巴嘎大街", "巴音路"},
	compounds: []string{"草原小区", "蒙古包家园"},
	villages:  []string{"巴彦图嘎查", "乌兰嘎查", "宝格都乌拉嘎查"},
	markers:   []string{"组"},
	shapes:    []int{shapeGroup, shapeGroup, shapeStreet, shapeFlat},
}}

// gazetteer is the style's gazetteer as a dataset would list it.
func (st *style) gazetteer() *Gazetteer {
	g := &Gazetteer{}
	for _, p := range []string{st.prov, st.provShort, st.city, st.county} {
		if p != "" {
			g.Prefixes = append(g.Prefixes, p)
		}
	}
	for _, t := range st.towns {
		g.Townships = append(g.Townships, Township{Name: t, Aliases: st.aliases[t]})
	}
	g.Communities, g.Villages = st.communities, st.villages
	return g
}

// spec is one generated address: the parts assembled (want, with the
// township), and what Parse must give for the written form.
type spec struct {
	want Address
	// key is the grouping key of the place, built by the generator from its
	// parts (with the township).
	key string
	// needsGazetteer marks a written form the suffix rules alone cannot
	// read: a township written as its alias, a city or county written
	// alone before a compound, a district written alone before anything
	// but a township.
	needsGazetteer bool
	alias          bool // the township is written as its alias: only a listed gazetteer reads it
}

// levelKind classifies a division by its written suffix: 'S' for the
// suffixes that always name one (省, 自治区, 自治州, 自治县, 地区, 盟), 'C'
// for 市 and 州, 'K' for 县 and 旗, 'D' for 区.
func levelKind(s string) byte {
	for _, x := range []string{"省", "自治区", "自治州", "自治县", "地区", "盟"} {
		if strings.HasSuffix(s, x) {
			return 'S'
		}
	}
	switch {
	case strings.HasSuffix(s, "市"), strings.HasSuffix(s, "州"):
		return 'C'
	case strings.HasSuffix(s, "区"):
		return 'D'
	}
	return 'K'
}

// writer writes the parts of an address in random variant spellings.
type writer struct {
	r *rand.Rand
	b strings.Builder
}

func (w *writer) pick(xs ...string) string { return xs[w.r.IntN(len(xs))] }

// noise writes, now and then, a space or a punctuation mark between parts.
func (w *writer) noise() {
	if w.r.IntN(5) == 0 {
		w.b.WriteString(w.pick(" ", "　", "，", "、", "（", "）", "·", "\t"))
	}
}

// number writes n as digits, full-width digits or, when han, Chinese.
func (w *writer) number(n int, han bool) {
	switch k := w.r.IntN(4); {
	case k == 0 && han:
		w.b.WriteString(hanPositional(n))
	case k == 1:
		for _, c := range strconv.Itoa(n) {
			w.b.WriteRune(c - '0' + '０')
		}
	default:
		w.b.WriteString(strconv.Itoa(n))
	}
}

// genSpec chooses the parts of an address of the style.
func genSpec(r *rand.Rand, st *style) spec {
	var a Address
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	a.Township = pick(st.towns)
	n := func(hi int) string { return strconv.Itoa(1 + r.IntN(hi)) }
	switch shape := st.shapes[r.IntN(len(st.shapes))]; shape {
	case shapeFlat:
		if r.IntN(2) == 0 {
			a.Road, a.Number = pick(st.roads), n(400)
		}
		a.Compound = pick(st.compounds)
		if r.IntN(6) == 0 {
			a.Building = string(rune('A' + r.IntN(6)))
		} else {
			a.Building = n(30)
		}
		if r.IntN(4) > 0 {
			a.Unit = n(6)
		}
		if r.IntN(4) > 0 {
			a.Room = strconv.Itoa((1+r.IntN(20))*100 + 1 + r.IntN(4))
		}
	case shapeStreet:
		a.Road, a.Number = pick(st.roads), n(400)
		if r.IntN(4) == 0 {
			a.Number += "附" + n(9)
		}
	case shapeLane:
		a.Road, a.Lane, a.Number = pick(st.roads), n(1500), n(60)
		if r.IntN(2) == 0 {
			a.Room = strconv.Itoa((1+r.IntN(6))*100 + 1 + r.IntN(3))
		}
	case shapeCourtyard:
		a.Road, a.Number = pick(st.roads), n(120)
		if r.IntN(3) > 0 {
			a.Building, a.Unit = n(12), n(4)
			a.Room = strconv.Itoa((1+r.IntN(6))*100 + 1 + r.IntN(3))
		}
	case shapeGroup:
		a.Village, a.Group = pick(st.villages), n(15)
		if r.IntN(2) == 0 {
			a.Number = n(150)
		}
	case shapeHamlet:
		a.Village, a.Hamlet = pick(st.villages), pick(st.hamlets)
		if r.IntN(3) == 0 {
			a.Group = n(9)
		}
		a.Number = n(120)
	case shapeUrbanVillage:
		a.Village, a.Road, a.Number = pick(st.villages), pick(st.roads), n(200)
	case shapeCommunity:
		a.Community, a.Road, a.Number = pick(st.communities), pick(st.roads), n(400)
	}
	return spec{want: a, key: specKey(a)}
}

// specKey is the key of the place of a, by the rules of the issue: the
// generator's own statement of them, not Key's.
func specKey(a Address) string {
	t := a.Township
	switch {
	case a.Compound != "":
		return t + "|" + a.Compound
	case a.Lane != "":
		return t + "|" + a.Road + "|" + a.Lane + "弄"
	case a.Village != "" && a.Group+a.Hamlet != "":
		return t + "|" + a.Village + "|" + a.Hamlet + a.Group
	case a.Village != "" && a.Road != "":
		return t + "|" + a.Village + "|" + a.Road + "|" + a.Number
	case a.Village != "":
		return t + "|" + a.Village + "|"
	case a.Road != "" && a.Number != "":
		return t + "|" + a.Road + "|" + a.Number
	}
	return ""
}

// write writes sp in random variant spellings and returns the written
// address and what Parse must read from it. The township is written when
// withTown.
func write(r *rand.Rand, st *style, sp spec, withTown bool) (string, spec) {
	w := &writer{r: r}
	a := sp.want
	out := sp
	// Divisions above the township.
	var wrote []string
	if r.IntN(3) == 0 {
		if st.provShort != "" && (st.city != "" || st.county != "") && r.IntN(2) == 0 {
			wrote = append(wrote, st.provShort)
		} else {
			wrote = append(wrote, st.prov)
		}
	}
	if st.city != "" && (r.IntN(3) == 0 || len(wrote) > 0 && wrote[0] == st.provShort) {
		wrote = append(wrote, st.city)
	}
	if r.IntN(2) == 0 || len(wrote) > 0 && wrote[len(wrote)-1] == st.provShort {
		wrote = append(wrote, st.county)
	}
	for _, d := range wrote {
		w.b.WriteString(d)
		w.noise()
	}
	if withTown {
		town := a.Township
		if al := st.aliases[town]; len(al) > 0 && r.IntN(2) == 0 {
			town = w.pick(al...)
			out.needsGazetteer, out.alias = true, true
		}
		w.b.WriteString(town)
		w.noise()
	} else {
		out.want.Township = ""
		// A division written alone is read by the suffix rules only when
		// what follows shows it: a district before a township, a city or
		// county before a road, community or village.
		if len(wrote) == 1 {
			switch k := levelKind(wrote[0]); {
			case k == 'D':
				out.needsGazetteer = true
			case (k == 'C' || k == 'K') && a.Compound != "" && a.Road == "":
				out.needsGazetteer = true
			}
		}
	}
	if a.Community != "" {
		w.b.WriteString(a.Community)
		w.b.WriteString(w.pick("", "", "居委会", "居民委员会"))
		w.noise()
	}
	if a.Village != "" {
		w.b.WriteString(a.Village)
		tail := w.pick("", "", "委会", "民委员会")
		if strings.HasSuffix(a.Village, "嘎查") {
			tail = w.pick("", "委员会")
		}
		w.b.WriteString(tail)
		w.noise()
	}
	if a.Hamlet != "" {
		w.b.WriteString(a.Hamlet)
		w.noise()
	}
	if a.Group != "" {
		g, _ := strconv.Atoi(a.Group)
		if r.IntN(4) == 0 {
			w.b.WriteString("第")
		}
		w.number(g, true)
		w.b.WriteString(w.pick(st.markers...))
		w.noise()
	}
	if a.Road != "" {
		w.b.WriteString(a.Road)
		w.noise()
	}
	if a.Lane != "" {
		l, _ := strconv.Atoi(a.Lane)
		w.number(l, true)
		w.b.WriteString("弄")
	}
	if a.Number != "" {
		main, annex, _ := strings.Cut(a.Number, "附")
		m, _ := strconv.Atoi(main)
		w.number(m, true)
		if annex != "" {
			w.b.WriteString(w.pick("号附", "附"))
			an, _ := strconv.Atoi(annex)
			w.number(an, true)
		}
		w.b.WriteString("号")
		if a.Building != "" && a.Compound == "" {
			w.b.WriteString("院") // 北京: 12号院3号楼
		}
		w.noise()
	}
	if a.Compound != "" {
		w.b.WriteString(a.Compound)
		if strings.HasSuffix(a.Compound, "苑") || strings.HasSuffix(a.Compound, "花园") || strings.HasSuffix(a.Compound, "家园") {
			w.b.WriteString(w.pick("", "小区")) // 锦华苑小区 is 锦华苑
		}
		w.noise()
	}
	if a.Building != "" {
		if b, err := strconv.Atoi(a.Building); err == nil {
			if m := w.pick("栋", "幢", "号楼", "座", "#", "#楼", "＃"); strings.Contains(m, "#") || strings.Contains(m, "＃") {
				w.number(b, false) // 3#楼, never 三#楼
				w.b.WriteString(m)
			} else {
				w.number(b, true)
				w.b.WriteString(m)
			}
		} else {
			w.b.WriteString(w.pick(a.Building, strings.ToLower(a.Building), string(rune(a.Building[0])-'A'+'Ａ')))
			w.b.WriteString(w.pick("座", "栋", "幢"))
		}
		w.noise()
	}
	if a.Unit != "" {
		u, _ := strconv.Atoi(a.Unit)
		w.number(u, true)
		w.b.WriteString("单元")
	}
	if a.Room != "" {
		switch k := r.IntN(4); {
		case k == 0:
			for _, c := range a.Room {
				w.b.WriteRune([]rune("〇一二三四五六七八九")[c-'0'])
			}
			if a.Building == "" && a.Unit == "" {
				w.b.WriteString("室") // a bare numeral after a house number is no room
			}
		case k == 1 && (a.Building != "" || a.Unit != ""):
			w.b.WriteString(a.Room)
		default:
			w.b.WriteString(a.Room + w.pick("室", "房"))
		}
	}
	return w.b.String(), out
}

// checkInvariants checks what every parse must keep: Normalize idempotent
// and valid UTF-8, Parse(Normalize(s)) == Parse(s), every field a
// substring of Normalize(s), and String parsing back.
func checkInvariants(t *testing.T, p *Parser, s string) Address {
	t.Helper()
	n := p.Normalize(s)
	if nn := p.Normalize(n); nn != n {
		t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, nn)
	}
	if !utf8.ValidString(n) {
		t.Fatalf("Normalize(%q) = %q is not valid UTF-8", s, n)
	}
	a := p.Parse(s)
	if b := p.Parse(n); b != a {
		t.Fatalf("Parse(Normalize(%q)) = %#v, Parse = %#v", s, b, a)
	}
	checkFields(t, s, a, n)
	if b := p.Parse(a.String()); a.Extra == "" && b != a {
		t.Fatalf("Parse(%q).String() = %q parses to %#v, want %#v", s, a.String(), b, a)
	}
	return a
}

// TestParseStyles parses generated addresses of every style with the
// parser of the style's listed gazetteer, with the parser of the gazetteer
// InferGazetteer reads from them, and, for the forms the suffix rules can
// read, with Parse, and checks each against what the generator assembled.
func TestParseStyles(t *testing.T) {
	for i := range styles {
		st := &styles[i]
		t.Run(st.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(i), 2026))
			type gen struct {
				s  string
				sp spec
			}
			var all []gen
			var texts []string
			for range 3000 {
				s, sp := write(r, st, genSpec(r, st), r.IntN(5) > 0)
				all = append(all, gen{s, sp})
				texts = append(texts, s)
			}
			listedP := NewParser(st.gazetteer())
			inferred := InferGazetteer(texts)
			inferredP := NewParser(inferred)
			plainOK := 0
			for _, g := range all {
				for _, c := range []struct {
					name string
					p    *Parser
				}{{"listed", listedP}, {"inferred", inferredP}, {"plain", plain}} {
					if c.name == "plain" && g.sp.needsGazetteer {
						continue
					}
					if c.name == "inferred" && g.sp.alias {
						continue // aliases cannot be inferred
					}
					got := checkInvariants(t, c.p, g.s)
					if got != g.sp.want {
						t.Fatalf("%s parser: Parse(%q)\n got %#v\nwant %#v", c.name, g.s, got, g.sp.want)
					}
					want := g.sp.key
					if g.sp.want.Township == "" { // keys keep a written township only
						_, rest, _ := strings.Cut(want, "|")
						want = "|" + rest
					}
					if k := got.Key(); k != want {
						t.Fatalf("%s parser: Parse(%q).Key() = %q, want %q", c.name, g.s, k, want)
					}
					if c.name == "plain" {
						plainOK++
					}
				}
			}
			if plainOK < len(all)*3/4 {
				t.Errorf("Parse without a gazetteer read only %d of %d addresses", plainOK, len(all))
			}
			// The inferred townships are the style's, and the aliases
			// written (which cannot be told from townships).
			var towns []string
			for _, tw := range inferred.Townships {
				towns = append(towns, tw.Name)
			}
			slices.Sort(towns)
			want := slices.Clone(st.towns)
			for _, al := range st.aliases {
				for _, a := range al {
					if strings.Count(strings.Join(texts, "\n"), a) >= 2 {
						want = append(want, a)
					}
				}
			}
			slices.Sort(want)
			if !slices.Equal(towns, want) {
				t.Errorf("InferGazetteer townships %v, want %v", towns, want)
			}
			for _, pre := range inferred.Prefixes {
				if pre != st.prov && pre != st.provShort && pre != st.city && pre != st.county {
					t.Errorf("InferGazetteer prefix %q is none of the style's", pre)
				}
			}
		})
	}
}

// TestKeyStableStyles writes each place four times in different spellings,
// all with the township: prefixes or not, full-width or Chinese numerals,
// 小区 or not, 居委会 or 社区, a building, unit and room or not; the keys
// must all be the place's.
func TestKeyStableStyles(t *testing.T) {
	for i := range styles {
		st := &styles[i]
		p := NewParser(st.gazetteer())
		r := rand.New(rand.NewPCG(uint64(i), 7))
		for range 500 {
			sp := genSpec(r, st)
			for range 4 {
				s, _ := write(r, st, sp, true)
				if k := p.Parse(s).Key(); k != sp.key {
					t.Fatalf("%s: Parse(%q).Key() = %q, want the place's %q", st.name, s, k, sp.key)
				}
			}
		}
	}
}
