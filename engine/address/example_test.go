package address_test

import (
	"fmt"

	"github.com/hutubi-edu/zoning/engine/address"
)

func ExampleParse() {
	a := address.Parse("新疆昌吉州呼图壁县呼图壁镇园林路１８号 锦华苑三号楼二单元五〇一")
	fmt.Println(a.Township, a.Road, a.Number, a.Compound, a.Building, a.Unit, a.Room)
	fmt.Println(a.Key())
	fmt.Println(a)

	v := address.Parse("石梯子乡白杨河村委会二队7号")
	fmt.Println(v.Key())
	// Output:
	// 呼图壁镇 园林路 18 锦华苑 3 2 501
	// 呼图壁镇|锦华苑
	// 呼图壁镇园林路18号锦华苑3栋2单元501室
	// 石梯子哈萨克民族乡|白杨河村|2
}

func ExampleNormalize() {
	fmt.Println(address.Normalize("呼图壁县 二十里店镇 二十里店村 第五组"))
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
