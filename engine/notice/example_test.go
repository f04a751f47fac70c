package notice_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
)

func ExampleDescribe() {
	ds := &dataset.Dataset{
		// The townships in the county's order, as dataset.yaml lists them
		// (places:); without, they come in the order of their households.
		Meta: dataset.Meta{Places: &address.Gazetteer{Townships: []address.Township{
			{Name: "呼图壁镇"}, {Name: "大丰镇"}, {Name: "二十里店镇"}}}},
		Schools: []dataset.School{{ID: "x2", Name: "呼图壁县第二小学"}, {ID: "x3", Name: "呼图壁县第三小学"}},
	}
	var schoolOf []int
	add := func(addr, community string, school int) {
		ds.Households = append(ds.Households, dataset.Household{
			ID: fmt.Sprint(len(ds.Households)), Address: addr, Community: community})
		schoolOf = append(schoolOf, school)
	}
	add("呼图壁镇东风路78号锦华苑1栋1单元101室", "幸福社区", 0)
	add("呼图壁镇东风路80号", "幸福社区", 0)
	add("呼图壁镇园林路18号天山花园2栋1单元501室", "园林社区", 0)
	add("呼图壁镇园林路20号", "园林社区", 1)
	for n := 1; n <= 35; n += 2 {
		add(fmt.Sprintf("呼图壁镇东风路%d号", n), "", 0)
	}
	add("呼图壁镇东风路37号", "", 1)
	for g := 1; g <= 5; g++ {
		school := 0
		if g == 4 {
			school = 1
		}
		add(fmt.Sprintf("二十里店镇红山村%d组1号", g), "红山村委会", school)
	}
	add("大丰镇高桥村1组7号", "", 0)
	ds.Index()

	// Every number of 东风路 up to 80 and of 园林路 up to 20 goes to one
	// school: the even side of 东风路 (2—76 are nobody's home) to the
	// school of 78 and 80, its odd side beyond 37 to the school of 37.
	for _, z := range notice.Describe(ds, schoolOf) {
		fmt.Println(z.Text())
	}
	// Output:
	// 呼图壁县第二小学：幸福社区全部；天山花园；东风路1—36、双号38—80号、园林路1—19号；大丰镇高桥村全村，二十里店镇红山村1—3组、5组。
	// 呼图壁县第三小学：东风路单号37—79号、园林路20号；二十里店镇红山村4组。
}

func ExampleWriteCSV() {
	zones := []notice.Zone{{
		SchoolID: "x2", SchoolName: "呼图壁县第二小学",
		Streets:  []notice.Street{{Township: "呼图壁镇", Road: "东风路", Ranges: []notice.Range{{From: 1, To: 35}, {From: 40, To: 52}}}},
		Villages: []notice.Village{{Township: "二十里店镇", Name: "红山村", Groups: []int{1, 2, 3, 5}}},
	}}
	var b strings.Builder
	if err := notice.WriteCSV(&b, "primary", zones); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	// Print without the byte order mark and with LF line ends.
	fmt.Print(strings.ReplaceAll(strings.TrimPrefix(b.String(), "\uFEFF"), "\r\n", "\n"))

	plans, err := notice.ReadCSV(strings.NewReader(b.String()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println(plans[0].Zones[0].Text())
	// Output:
	// level,school_id,school_name,kind,township,name,detail
	// primary,x2,呼图壁县第二小学,street,呼图壁镇,东风路,1-35;40-52
	// primary,x2,呼图壁县第二小学,village,二十里店镇,红山村,1-3;5
	// 呼图壁县第二小学：东风路1—35、40—52号；二十里店镇红山村1—3组、5组。
}

func ExampleZone_Text() {
	z := notice.Zone{
		SchoolName:  "呼图壁县第二小学",
		Communities: []string{"幸福社区", "园林社区"},
		Compounds:   []notice.Compound{{Township: "呼图壁镇", Name: "锦华苑"}, {Township: "呼图壁镇", Name: "天山花园", Partial: true}},
		Streets: []notice.Street{
			{Township: "呼图壁镇", Road: "东风路", Ranges: []notice.Range{{From: 1, To: 35}, {From: 40, To: 52}}},
			{Township: "呼图壁镇", Road: "园林路", Ranges: []notice.Range{{From: 2, To: 18}}},
		},
		Villages: []notice.Village{
			{Township: "二十里店镇", Name: "红山村", Groups: []int{1, 2, 3, 5}},
			{Township: "大丰镇", Name: "高桥村", All: true},
		},
	}
	fmt.Println(z.Text())
	// Output:
	// 呼图壁县第二小学：幸福社区、园林社区全部；锦华苑、天山花园（部分）；东风路1—35、40—52号、园林路2—18号；二十里店镇红山村1—3组、5组，大丰镇高桥村全村。
}
