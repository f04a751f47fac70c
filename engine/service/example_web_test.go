package service_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/engine/service"
)

// The web map of a run: the page at /, its public JSON, and the planner's
// what-if behind the bearer token.
func ExampleNewWeb() {
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: config.Default()})
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := lookup.FromResult(res)
	if err != nil {
		fmt.Println(err)
		return
	}
	web, err := service.NewWeb(res, service.WebOptions{Token: "s3cret"})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := service.New(plan, service.Options{})
	s.SetWeb(web)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()

	show := func(req *http.Request) {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Print(resp.StatusCode, " ", string(b))
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/web", nil)
	show(req)
	body := `{"level":"primary","unit":0,"school_id":"hz01"}`
	req, _ = http.NewRequest(http.MethodPost, base+"/api/v1/planner/whatif", strings.NewReader(body))
	show(req) // no token
	stop()
	fmt.Println(<-done)
	// Output:
	// 200 {"county":"呼图壁县 (synthetic)","levels":[{"level":"primary","name":"小学"},{"level":"junior","name":"初中"}],"planner":true,"roads":true,"tiles":"","year":2022}
	// 401 {"error":"missing or wrong bearer token (accepted: Authorization: Bearer TOKEN)"}
	// <nil>
}
