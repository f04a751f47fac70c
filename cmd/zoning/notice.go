package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/engine/planfile"
)

func (a *app) noticeCmd() *cobra.Command {
	var planPath, levelName, out, format string
	cmd := &cobra.Command{
		Use:   "notice --plan DIR [--level primary|junior|all] [--out FILE] [--format txt|md]",
		Short: "Write a plan's zones in words as the enrollment notice (招生公告) prints them",
		Long: `notice writes the zone part of the enrollment notice (招生公告) of a plan, as plain UTF-8
text to paste into the notice: a title line (<county><year>年义务教育招生片区), then
一、小学招生片区 and 二、初中招生片区, each school's zone a numbered paragraph （一）（二）…:

  呼图壁县2022年义务教育招生片区

  一、小学招生片区
  （一）呼图壁县第一小学：幸福社区全部；锦华苑、天山花园；东风路1—40、单号41—79号、呼图壁镇团结路1—20号；二十里店镇红山村1—3组。
  （二）呼图壁县第二小学、呼图壁县第三小学（多校划片）：园林社区全部；东风路双号42—80号、园林路1—18号。

Schools come in the order of zones.csv, which is the dataset's order of schools. Within a
paragraph: communities (社区, 全部), compounds (小区), streets with house numbers, villages with
their groups (全村 for a whole village), then, after 以及, homes listed by address; 部分 marks a
compound or group split with another zone. Every number of every road, from 1 to its largest,
is in exactly one school's ranges (单号 and 双号 take one side of the road); a road or compound
whose name several townships use carries its township. The schools of a multi-school zone
(多校划片: one zone_id in zones.geojson) are written once, their names joined by 、.

--plan is a run's output folder (zoning run or redraw), whose files are read thus:
  zones.csv      the words, when the folder has it; the county of the title is the
                 dataset's name (--data, default the embedded one) when the dataset has
                 every school the words name
  zones.geojson  the zones: which schools share a zone (zone_id); without zones.csv (a plan
                 drawn by hand, say in QGIS) the words are worked out from the households of
                 the dataset (--data, default the embedded one) located in the zones, exactly
                 as a run words its zones.csv
  metrics.json   the year of the title, when present (else the dataset's base year + 1)
--plan may also name a zones.geojson file: its words always come from the dataset (any
zones.csv beside it is not read; a metrics.json beside it gives the year). A household in no
zone of a level is left out of that level's text, with a warning saying how many.`,
		Example: `  zoning run --out out && zoning notice --plan out
  zoning notice --plan out --level primary --out 小学片区.txt
  zoning notice --plan drawn/zones.geojson --data ./mycounty --format md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var levels []string
			switch levelName {
			case "all":
			case string(dataset.Primary), string(dataset.Junior):
				levels = []string{levelName}
			default:
				return fmt.Errorf("notice: --level %q (accepted: primary, junior, all)", levelName)
			}
			if format != "txt" && format != "md" {
				return fmt.Errorf("notice: --format %q (accepted: txt, md)", format)
			}
			if planPath == "" {
				return errors.New("notice: give --plan DIR (a run's output folder) or --plan FILE (a zones.geojson)")
			}
			doc, err := a.noticeOf(cmd.Context(), planPath, levels)
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if format == "md" {
				err = doc.WriteMarkdown(&b)
			} else {
				err = doc.WriteText(&b)
			}
			if err != nil {
				return err
			}
			if out == "" {
				_, err = a.stdout.Write(b.Bytes())
				return err
			}
			return engine.WriteFile(out, b.Bytes())
		},
	}
	f := cmd.Flags()
	f.StringVar(&planPath, "plan", "", "a run's output folder (zones.csv and/or zones.geojson, metrics.json), or a zones.geojson file")
	f.StringVar(&levelName, "level", "all", "the level(s) to write: primary, junior or all")
	f.StringVar(&out, "out", "", "write the text to this file (replaced whole, never half-written); default: standard output")
	f.StringVar(&format, "format", "txt", "txt (plain text) or md (Markdown: title and headings as # and ##)")
	return cmd
}

// noticeOf reads the plan at path (a folder or a zones.geojson file) into
// the notice's document, with the levels given (all when nil).
func (a *app) noticeOf(ctx context.Context, path string, levels []string) (notice.Document, error) {
	st, err := os.Stat(path)
	if err != nil {
		return notice.Document{}, fmt.Errorf("notice: --plan: %w", err)
	}
	if !st.IsDir() && strings.EqualFold(filepath.Ext(path), ".csv") {
		return notice.Document{}, fmt.Errorf("notice: --plan %s: a file must be a zones.geojson (for zones.csv give its folder)", path)
	}
	pf, err := planfile.Read(path, planfile.Options{Descriptions: true, ZonesOptional: true, MetricsBesideFile: true, FixGeometry: a.fixGeometry})
	var probs dataset.Problems
	switch {
	case errors.As(err, &probs) && probs[0].File == filepath.Join(path, engine.DescriptionsFile):
		// Bad words, as a dataset's: printed, exit 2.
		fmt.Fprintln(a.stderr, err)
		return notice.Document{}, exitError{2}
	case err != nil:
		return notice.Document{}, fmt.Errorf("notice: %w", err)
	case pf.ZonesFile == "" && pf.DescriptionsFile == "":
		return notice.Document{}, fmt.Errorf("notice: %s has neither %s nor %s (give a run's output folder, or a zones.geojson file)",
			path, engine.DescriptionsFile, engine.ZonesFile)
	}
	a.warnings(pf.Warnings)
	c, err := a.config()
	if err != nil {
		return notice.Document{}, err
	}
	ds, err := a.load(ctx, c)
	if err != nil {
		return notice.Document{}, err
	}
	comp, err := notice.Compose(ds, pf.Zones, pf.Descriptions, pf.Year(), levels)
	if err != nil {
		return notice.Document{}, err
	}
	if pf.Metrics != nil {
		comp.Document.Feeders = engine.FeederNames(*pf.Metrics) // 对口初中 from metrics.json's feeders
	}
	if !a.quiet {
		for _, l := range dataset.Levels {
			if n := comp.Outside[l]; n > 0 {
				fmt.Fprintf(a.stderr, "warning: %d of %d households lie in no %s zone: the %s text leaves them out\n",
					n, len(ds.Households), l, l.Chinese())
			}
		}
		if comp.Foreign {
			fmt.Fprintf(a.stderr, "warning: %s names schools the dataset lacks: the title leaves out the county (give --data)\n", path)
		}
		if pf.ZonesFile == "" {
			fmt.Fprintf(a.stderr, "warning: %s has no %s: a multi-school zone (多校划片) cannot be told from zones.csv, so each school is written on its own\n",
				path, engine.ZonesFile)
		}
	}
	doc := comp.Document
	if len(levels) > 0 && len(doc.Plans) == 0 {
		return doc, fmt.Errorf("notice: %s has no %s zones", path, levels[0])
	}
	if len(doc.Plans) == 0 {
		return doc, fmt.Errorf("notice: %s has no zones", path)
	}
	return doc, nil
}
