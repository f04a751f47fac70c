package main

import (
	"fmt"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// warnings prints what a reader accepted but warns of (a plan's polygons
// repaired by --fix-geometry, its zones that overlap) as the dataset's
// warnings are printed: FILE:LINE: warning: message.
func (a *app) warnings(ws []dataset.Problem) {
	for _, w := range ws {
		w.Msg = "warning: " + w.Msg
		fmt.Fprintln(a.stderr, w)
	}
}
