// Package flow holds exact network-flow solvers: a general minimum-cost flow
// solver on directed graphs (Graph, MinCostFlow) and, built on it, the
// transportation problem that gives the zoning lower bound (Transport).
//
// The transportation problem sends the entrants of every home location to
// school sections, within the sections' intake capacities, at the least total
// distance; its optimum divided by the number of entrants is the
// lower_bound_mean_distance_m of docs/dataset-format.md. The zone optimizer also starts
// from its solution: the flows say which school takes how many entrants of a
// location, and the duals (potentials) price seats and locations.
//
// # Choice of algorithm
//
// MinCostFlow is a primal network simplex with the block-search pivot rule of
// LEMON (Kovács 2015, "Minimum-cost flow algorithms: an experimental
// evaluation") on a strongly feasible spanning tree, which rules out cycling.
// It was preferred to successive shortest paths for three reasons that matter
// here:
//
//   - Warm starts. The transportation solve adds arcs between rounds of dual
//     pricing and must resume from the previous optimum; a simplex basis stays
//     valid when arcs are added, while successive shortest paths would start
//     over or need a repair phase. A feasible flow (a greedy assignment) can
//     also be turned directly into a starting basis (SetInitialFlow), so that
//     the transportation solve never needs artificial Big-M costs.
//   - Exact duals for free. The node potentials of the final tree are an
//     optimal dual solution, which the pricing pass and the zone optimizer need.
//   - Speed on this shape of problem. Successive shortest paths needs about one
//     Dijkstra search per location whose entrants must be moved; a simplex
//     pivot costs one block of reduced costs plus a walk along a tree path.
//
// The tree keeps child lists (inner nodes first) instead of LEMON's thread
// order, and stores the potentials of inner nodes only: a leaf's potential is
// its parent's plus or minus its tree arc's cost. Re-hanging a subtree then
// shifts the potentials of its inner nodes only. In a transportation basis
// almost every location is a leaf below its school, so a pivot that moves a
// school's catchment touches a few nodes instead of thousands: this made the
// 100,000 × 500 benchmark about five times faster.
//
// All arithmetic is int64 and exact. Costs in the transportation problem are
// metres converted to integer millimetres (CostScale); the optimum is exact for
// those integer costs, so its float total in metres is within half a
// millimetre per entrant of the optimum of the unrounded costs.
//
// # Sign conventions
//
// A Graph's potentials π make the reduced cost of an arc u→v
//
//	cost(u,v) + π(u) − π(v)
//
// non-negative on arcs below capacity and non-positive on arcs above zero flow
// (so zero on arcs strictly between). The transportation duals are stated the
// usual way instead: location duals U and school duals V ≤ 0 with
// Cost(i,j) − U[i] − V[j] ≥ 0 for every pair, equality where entrants flow.
package flow
