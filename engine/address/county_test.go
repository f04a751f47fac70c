package address

// hutubi is the gazetteer of the project's default county (呼图壁县) as the
// tests of this package know it: its prefixes, its townships, the other
// names of 石梯子哈萨克民族乡, and the villages the tests write.
var hutubi = &Gazetteer{
	Prefixes: []string{"中国新疆维吾尔自治区", "中国新疆", "新疆维吾尔自治区", "新疆自治区", "新疆", "昌吉回族自治州", "昌吉州", "呼图壁县"},
	Townships: []Township{{Name: "呼图壁镇"}, {Name: "大丰镇"}, {Name: "五工台镇"}, {Name: "园户村镇"}, {Name: "二十里店镇"},
		{Name: "雀尔沟镇"}, {Name: "石梯子哈萨克民族乡", Aliases: []string{"石梯子哈萨克族乡", "石梯子民族乡", "石梯子乡"}}},
	Villages: []string{"红山村委会", "十八户村委会", "园户村村委会", "二十里店村委会", "福海新村委会", "五工台村委会", "宁州户村委会"},
}

// county parses as the default county's dataset does.
var county = NewParser(hutubi)
