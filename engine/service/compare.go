package service

import (
	"context"
	"fmt"
	"time"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/render/pack"
)

// pdfReserve is the part of a compare run's time limit kept after printing
// compare.pdf, so that a slow print is skipped (with a note) rather than
// failing the run.
const pdfReserve = 2 * time.Second

// comparePack is the job of a compare run once its redraw res is done:
// the meeting pack of the dataset's zones in force (InForceName) against
// the redraw's zones (req.Name), as `zoning run --out R && zoning compare
// 现行片区=current NAME=R` writes it, and the notes of the run.
func (rs *runs) comparePack(ctx context.Context, req RunRequest, res *engine.Result) (runOutput, error) {
	ds := rs.opt.Dataset
	redrawn := res.Zones() // what zoning run writes to zones.geojson and zoning compare reads back
	what := "redraw of " + fmt.Sprint(req.Year)
	if req.Objective != "" {
		what += ", objective " + req.Objective
	}
	if req.Locks != "" {
		what += ", with locks"
	}
	inForce, err := compare.InForce(ds, InForceName)
	if err != nil {
		return runOutput{}, err
	}
	plans := []*compare.Plan{inForce, {Name: req.Name, Path: what, Year: req.Year, Zones: redrawn}}
	c, err := compare.Compare(ctx, ds, plans, compare.Options{Year: req.Year, Config: rs.opt.Config, Scenario: rs.opt.Scenario, Log: rs.log})
	if err != nil {
		return runOutput{}, err
	}
	opt := pack.Options{SkipFailedPDF: true, Public: req.Public, Log: rs.log}
	dl, ok := ctx.Deadline()
	var notes []string
	opt.PDF, opt.PDFTimeout, notes = pdfBudget(rs.opt.ComparePDF, dl, ok, time.Now(), rs.opt.Timeout)
	files, note, err := pack.Files(ctx, c, opt)
	if err != nil {
		return runOutput{}, err
	}
	if note != "" {
		notes = append(notes, note)
	}
	return runOutput{files: files, notes: append(notes, compareNotes(c)...)}, nil
}

// pdfBudget is the PDF mode and time limit of a compare run's pack under
// the server's mode (RunsOptions.ComparePDF), when the run must end by
// deadline (if hasDeadline), now; and a note when compare.pdf is not to
// be printed. Under PDFAuto the printing ends pdfReserve before the
// deadline, and is skipped when that leaves no time.
func pdfBudget(mode pack.PDFMode, deadline time.Time, hasDeadline bool, now time.Time, limit time.Duration) (pack.PDFMode, time.Duration, []string) {
	switch mode {
	case pack.PDFOff:
		return mode, 0, []string{"note: compare.pdf not written (the server prints no PDF); print compare.html from a browser instead"}
	case pack.PDFAuto, "":
	default: // pack.PDFOn, or a bad mode that pack.Files reports
		return mode, 0, nil
	}
	if !hasDeadline {
		return pack.PDFAuto, 0, nil
	}
	left := deadline.Sub(now) - pdfReserve
	switch {
	case left <= 0:
		return pack.PDFOff, 0, []string{fmt.Sprintf("note: compare.pdf not written (no time left within the run's time limit of %s); print compare.html from a browser instead", limit)}
	case left < pack.DefaultPDFTimeout:
		return pack.PDFAuto, left, nil
	}
	return pack.PDFAuto, 0, nil
}

// compareNotes are a comparison's headline and warnings, as zoning compare
// prints them: per proposal and level, the entrants that change school and
// the households that change zone; the zones left out and the households
// in no zone of a plan.
func compareNotes(c *compare.Comparison) []string {
	var notes []string
	for _, h := range c.Headlines() {
		notes = append(notes, fmt.Sprintf("%s, %s: %d of %d entrants change school, %d households change zone (against %s)",
			h.Plan.Plan.Name, h.Level, h.Moved, h.Entrants, h.Households, c.Plans[0].Plan.Name))
	}
	for _, w := range c.Warnings() {
		notes = append(notes, "warning: "+w.String())
	}
	return notes
}
