package service_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/engine/service"
)

func ExampleServer_Serve() {
	box := orb.MultiPolygon{{{{86.9, 43.9}, {87.3, 43.9}, {87.3, 44.1}, {86.9, 44.1}, {86.9, 43.9}}}}
	ds := &dataset.Dataset{
		Meta:    dataset.Meta{Name: "示例县"},
		Schools: []dataset.School{{ID: "p1", Name: "示例县第一小学", Loc: orb.Point{87.0, 44.0}, PrimarySeats: 600}},
	}
	plan, err := lookup.New(ds, lookup.Source{Zones: []dataset.Zone{{Level: dataset.Primary, SchoolID: "p1", Geometry: box}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- service.New(plan, service.Options{}).Serve(ctx, ln) }()

	for _, q := range []string{"lon=87.05&lat=44", "lon=80&lat=40", "lon=east"} {
		resp, err := http.Get("http://" + ln.Addr().String() + "/api/v1/lookup?" + q)
		if err != nil {
			fmt.Println(err)
			break
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Print(resp.StatusCode, " ", string(b))
	}
	stop() // as on SIGINT: finish requests in flight, then return
	fmt.Println(<-done)
	// Output:
	// 200 {"county":"示例县","point":[87.05,44],"levels":[{"level":"primary","level_name":"小学","schools":[{"school_id":"p1","name":"示例县第一小学","distance_m":3999}],"notice":"示例县第一小学"}]}
	// 404 {"error":"parameters lon, lat: point (80.000000, 40.000000) is outside the zoned area of 示例县"}
	// 400 {"error":"parameter lon: \"east\" is not a number (accepted: decimal degrees -180..180)"}
	// <nil>
}
