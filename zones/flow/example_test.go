package flow_test

import (
	"fmt"
	"math"

	"github.com/hutubi-edu/zoning/zones/flow"
)

// Two depots (nodes 0 and 1) hold 3 and 2 units; two shops (2 and 3) need 4
// and 1. The cheap arc 0 → 2 carries at most 2 units.
func ExampleGraph_MinCostFlow() {
	g := flow.NewGraph(4)
	g.SetSupply(0, 3)
	g.SetSupply(1, 2)
	g.SetSupply(2, -4)
	g.SetSupply(3, -1)
	g.AddArc(0, 2, 2, 5) // capacity 2, cost 5 per unit
	g.AddArc(0, 3, 5, 3)
	g.AddArc(1, 2, 5, 4)
	g.AddArc(1, 3, 5, 6)
	res, err := g.MinCostFlow()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("flows:", res.Flow, "cost:", res.Cost)
	// Output:
	// flows: [2 1 2 0] cost: 21
}

// Three homes on a road (x in metres) and two schools. School 0 is nearest
// to 50 entrants but has 40 seats: the 10 entrants that lose least by going
// to school 1 are those of home 1 (1,500 m more each).
func ExampleTransport() {
	homes := []float64{0, 1000, 3000}
	schools := []float64{500, 3000}
	sol, err := flow.Transport(flow.TransportProblem{
		Supply:   []int64{30, 20, 10},
		Capacity: []int64{40, 40},
		Cost:     func(i, j int) float64 { return math.Abs(homes[i] - schools[j]) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range sol.Shipments {
		fmt.Printf("home %d → school %d: %d entrants\n", s.Location, s.School, s.Entrants)
	}
	mean, _ := sol.Mean()
	fmt.Printf("mean %.1f m, main schools %v, seat prices %v m\n", mean, sol.Main, sol.V)
	// Output:
	// home 0 → school 0: 30 entrants
	// home 1 → school 0: 10 entrants
	// home 1 → school 1: 10 entrants
	// home 2 → school 1: 10 entrants
	// mean 666.7 m, main schools [0 0 1], seat prices [-1500 0] m
}
