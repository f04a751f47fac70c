package notice_test

import (
	"fmt"
	"strings"

	"github.com/hutubi-edu/zoning/engine/notice"
)

func ExampleDocument_WriteText() {
	z := func(id, name string, streets ...notice.Street) notice.Zone {
		return notice.Zone{SchoolID: id, SchoolName: name, Streets: streets}
	}
	dongfeng := notice.Street{Township: "呼图壁镇", Road: "东风路", Ranges: []notice.Range{{From: 1, To: 35}}}
	yuanlin := notice.Street{Township: "呼图壁镇", Road: "园林路", Ranges: []notice.Range{{From: 2, To: 18}}}
	doc := notice.Document{
		Title: notice.Title("呼图壁县", 2022),
		Plans: []notice.Plan{
			// As zones.csv holds them: a multi-school zone's words under each of its schools.
			{Level: "primary", Zones: []notice.Zone{z("x1", "呼图壁县第一小学", dongfeng), z("x2", "呼图壁县第二小学", yuanlin), z("x3", "呼图壁县第三小学", yuanlin)}},
			{Level: "junior", Zones: []notice.Zone{z("j1", "呼图壁县第一中学", dongfeng, yuanlin)}},
		},
		Groups: notice.Groups{"primary": {"x2": "Y", "x3": "Y"}},
	}
	var b strings.Builder
	if err := doc.WriteText(&b); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(b.String())
	// Output:
	// 呼图壁县2022年义务教育招生片区
	//
	// 一、小学招生片区
	// （一）呼图壁县第一小学：东风路1—35号。
	// （二）呼图壁县第二小学、呼图壁县第三小学（多校划片）：园林路2—18号。
	//
	// 二、初中招生片区
	// （一）呼图壁县第一中学：东风路1—35号、园林路2—18号。
}

func ExampleNumeral() {
	for _, n := range []int{1, 10, 11, 20, 21, 101} {
		fmt.Print(notice.ItemNumber(n), " ")
	}
	fmt.Println()
	// Output:
	// （一） （十） （十一） （二十） （二十一） （一百零一）
}
