package address_test

import (
	"fmt"

	"github.com/hutubi-edu/zoning/engine/address"
)

func ExampleParse() {
	a := address.Parse("新疆昌吉州呼图壁县呼图壁镇园林路１８号 锦华苑三号楼二单元五〇一")
	fmt.Println(a.Township, a.Road, a.Number, a.Compound, a.Building, a.Unit, a.Room)
	fmt.Println(a.Key(), a.PlaceName())
	fmt.Println(a)

	for _, s := range []string{
		"河南省周口市郸城县城关镇园田路12号",
		"城关镇园田路261号附1号",
		"上海市长宁区长宁路1018弄5号302室",
		"犀浦镇红光村三社",
		"广州市天河区石牌街道石牌村东三街12号",
	} {
		a := address.Parse(s)
		fmt.Println(a.Key(), a.PlaceName())
	}
	// Output:
	// 呼图壁镇 园林路 18 锦华苑 3 2 501
	// 呼图壁镇|锦华苑 锦华苑
	// 呼图壁镇园林路18号锦华苑3栋2单元501室
	// 城关镇|园田路|12 园田路12号
	// 城关镇|园田路|261附1 园田路261附1号
	// |长宁路|1018弄 长宁路1018弄
	// 犀浦镇|红光村|3 红光村3组
	// 石牌街道|石牌村|东三街|12 石牌村东三街12号
}

func ExampleNewParser() {
	p := address.NewParser(&address.Gazetteer{
		Prefixes: []string{"新疆维吾尔自治区", "昌吉回族自治州", "呼图壁县"},
		Townships: []address.Township{
			{Name: "呼图壁镇"},
			{Name: "石梯子哈萨克民族乡", Aliases: []string{"石梯子乡"}},
		},
	})
	fmt.Println(p.Parse("石梯子乡白杨河村委会二队7号").Key())
	fmt.Println(p.Townships())
	// Output:
	// 石梯子哈萨克民族乡|白杨河村|2
	// [呼图壁镇 石梯子哈萨克民族乡]
}

func ExampleInferGazetteer() {
	g := address.InferGazetteer([]string{
		"河南省郸城县城关镇园田路12号",
		"河南省郸城县城关镇陈寨村3组5号",
		"河南省郸城县汲冢镇王庄村2组",
		"河南省郸城县汲冢镇新乡村1组",
		"城关镇东风社区府前街8号",
	})
	fmt.Println(g.Prefixes)
	for _, t := range g.Townships {
		fmt.Println(t.Name, t.Communities, t.Villages)
	}
	// Output:
	// [河南省 郸城县]
	// 城关镇 [东风社区] [陈寨村]
	// 汲冢镇 [] [王庄村 新乡村]
}

func ExampleNormalize() {
	fmt.Println(address.Normalize("新疆呼图壁县 二十里店镇 二十里店村 第五组"))
	fmt.Println(address.Normalize("锦华苑3#楼2-501"))
	// Output:
	// 二十里店镇二十里店村5组
	// 锦华苑3栋2单元501室
}

func ExampleAddress_Street() {
	road, number, ok := address.Parse("呼图壁镇东风路12-3号").Street()
	fmt.Println(road, number, ok)
	// Output: 东风路 12 true
}
