// Package pack renders the meeting pack of a comparison (the material of the
// zoning review meeting, 片区调整论证会) as files in memory, so that the
// command line (zoning compare) and the server (a planner run of kind
// compare) write the same bytes: compare.html (engine/render/report),
// compare.pdf (the same page printed by engine/render/browser),
// compare.xlsx (engine/render/workbook), compare.gpkg and, per plan, its
// zones as GeoJSON (engine/render/gis), its moved entrants (CSV) and its
// zones as the enrollment notice words them (text), and, when the plans
// measure routes, the long walks along the roads per place (detours.csv).
//
// What belongs here: putting the pack together, no figures and no layout
// of its own; the comparison is engine/compare's, each file its renderer's.
package pack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/engine/render"
	"github.com/hutubi-edu/zoning/engine/render/browser"
	"github.com/hutubi-edu/zoning/engine/render/gis"
	"github.com/hutubi-edu/zoning/engine/render/report"
	"github.com/hutubi-edu/zoning/engine/render/workbook"
)

// Files of the pack besides each plan's (render.FileStem).
const (
	HTMLFile       = "compare.html"
	XLSXFile       = "compare.xlsx"
	PDFFile        = "compare.pdf"
	GeoPackageFile = "compare.gpkg"
)

// PDFMode says whether Files prints compare.pdf.
type PDFMode string

// PDF modes.
const (
	PDFAuto PDFMode = "auto" // when a Chromium is found (browser.FindChromium)
	PDFOn   PDFMode = "on"   // required: Files fails without Chromium
	PDFOff  PDFMode = "off"  // never
)

// DefaultPDFTimeout bounds the printing of compare.pdf (Options.PDFTimeout).
const DefaultPDFTimeout = 2 * time.Minute

// NoteNoChromium is the note of Files under PDFAuto when no Chromium is
// found.
const NoteNoChromium = "note: no Chromium found (chromium, chromium-browser, google-chrome): compare.pdf not written; print compare.html from a browser instead"

// ParsePDFMode reads a PDF mode: auto, on or off ("" is auto).
func ParsePDFMode(s string) (PDFMode, error) {
	switch m := PDFMode(s); m {
	case "":
		return PDFAuto, nil
	case PDFAuto, PDFOn, PDFOff:
		return m, nil
	}
	return "", fmt.Errorf("pack: PDF mode %.32q (accepted: auto, on, off)", s)
}

// Options configure Files.
type Options struct {
	PDF PDFMode // "": PDFAuto
	// PDFTimeout bounds the printing of compare.pdf, Chromium's start
	// included; 0: DefaultPDFTimeout.
	PDFTimeout time.Duration
	// SkipFailedPDF, under PDFAuto, leaves compare.pdf out with a note when
	// the printing fails or runs out of PDFTimeout, instead of failing
	// (a server whose run has a time budget). A ctx done is an error
	// still.
	SkipFailedPDF bool
	// Public makes a pack to hand out (parents' representatives): no
	// moves CSV, no workbook sheets of children and households, no
	// GeoPackage layer of moved homes (render.Public). The page lists
	// moved entrants by building already.
	Public bool
	Log    *slog.Logger // progress; nil: discard
}

// Files renders every file of c's meeting pack in memory, keyed by file
// name, so that nothing need be written unless all of it could be made:
//
//	planN-NAME.geojson          each plan's zones with the entrants it places
//	planN-NAME-changes.geojson  each proposal's changed areas
//	planN-NAME-moves.csv        each proposal's moved entrants (UTF-8 with BOM)
//	planN-NAME-notice.txt       each plan's zones as the enrollment notice's text
//	detours.csv                 the long detours and at-grade crossings per place (DetoursFile), when the plans measure routes
//	compare-concentration.csv   the migrant entrants' concentration, plan against plan
//	compare-feeders.csv         the 对口 table (小学对口初中), plan against plan
//	compare.xlsx, compare.html, compare.gpkg, and compare.pdf per o.PDF
//
// note says why compare.pdf is missing when it is under PDFAuto ("" when
// it is there or o.PDF is off).
func Files(ctx context.Context, c *compare.Comparison, o Options) (map[string][]byte, string, error) {
	mode, err := ParsePDFMode(string(o.PDF))
	if err != nil {
		return nil, "", err
	}
	if c == nil || len(c.Plans) == 0 || c.Dataset == nil {
		return nil, "", errors.New("pack: an empty comparison (accepted: the result of compare.Compare)")
	}
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	files, err := gis.GeoJSON(c)
	if err != nil {
		return nil, "", err
	}
	ds := c.Dataset
	for i, p := range c.Plans {
		stem := render.FileStem(c, i)
		if p.Change != nil && !o.Public {
			if files[stem+"-moves.csv"], err = p.Result.MovesCSV(p.Change.HouseholdMoves); err != nil {
				return nil, "", err
			}
		}
		doc := notice.Document{Title: notice.Title(ds.Meta.Name, c.Year), Plans: p.Descriptions,
			Groups: notice.GroupsOf(p.Plan.Zones), Feeders: engine.FeederNames(p.Metrics)}
		var b bytes.Buffer
		if err := doc.WriteText(&b); err != nil {
			return nil, "", err
		}
		files[stem+"-notice.txt"] = b.Bytes()
	}
	if files[ConcentrationFile], err = concentrationCSV(c); err != nil {
		return nil, "", err
	}
	if files[FeedersFile], err = feedersCSV(c); err != nil || files[FeedersFile] == nil {
		delete(files, FeedersFile) // none without a 对口 table
		if err != nil {
			return nil, "", err
		}
	}
	if d, err := detoursCSV(c); err != nil {
		return nil, "", err
	} else if d != nil {
		files[DetoursFile] = d
	}
	audience := render.Planners
	if o.Public {
		audience = render.Public
	}
	if files[XLSXFile], err = workbook.XLSX(c, audience); err != nil {
		return nil, "", err
	}
	html, err := report.CompareHTML(c)
	if err != nil {
		return nil, "", err
	}
	files[HTMLFile] = html
	gp, err := gis.GeoPackage(c, audience)
	if err != nil {
		return nil, "", err
	}
	files[GeoPackageFile] = gp
	note := ""
	switch _, found := browser.FindChromium(); {
	case mode == PDFOff:
	case !found && mode == PDFOn:
		return nil, "", errors.New("pack: PDF on: no Chromium found (chromium, chromium-browser, google-chrome); install one or turn the PDF off")
	case !found:
		note = NoteNoChromium
	default:
		log.Info("printing compare.pdf with headless Chromium")
		timeout := o.PDFTimeout
		if timeout <= 0 {
			timeout = DefaultPDFTimeout
		}
		pctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		pdf, err := browser.PDF(pctx, html)
		switch {
		case err == nil:
			files[PDFFile] = pdf
		case mode == PDFAuto && o.SkipFailedPDF && ctx.Err() == nil:
			why := err.Error()
			if pctx.Err() != nil {
				why = fmt.Sprintf("not printed within %s", timeout)
			}
			note = "note: compare.pdf not written (" + why + "); print compare.html from a browser instead"
		default:
			return nil, "", err
		}
	}
	return files, note, nil
}
