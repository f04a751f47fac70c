package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/geocode"
	"github.com/hutubi-edu/zoning/engine/importer"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// Files zoning import writes besides the dataset's own.
const (
	importReport = "import-report.csv"
	geocodeFile  = "geocode.csv"
	saltFile     = ".import-salt"
)

func (a *app) importCmd() *cobra.Command {
	var schools, households, children, mapping, reference, roadsPath, out string
	var coarseOK bool
	cmd := &cobra.Command{
		Use:   "import --schools F --households F --children F [--map mapping.yaml] [--reference F] [--roads F] [--coarse-ok] --out DIR",
		Short: "Turn a bureau's spreadsheets (学校, 户籍, 学籍; xlsx or GBK/UTF-8 CSV) into a dataset folder, placing addresses offline",
		Long: `import reads the three files a county education bureau has: the school table (学校名称,
学校标识码, 地址, 办学类型, 学位数), the public-security household list (户号, 住址, 户口性质,
居住证) and the student register (学籍号, 身份证号, 出生日期, 年级, 就读学校, 现住址, 户口性质,
居住证), each as .xlsx (the first sheet, or the mapping file's) or CSV in UTF-8, UTF-8 with BOM,
GBK or GB 18030. The header row is found below title rows, merged cells read as their value,
合计 and 小计 rows skipped; headers are recognised by their Chinese names and common synonyms,
and --map names others (docs/import.md).

It writes DIR as a dataset folder (docs/dataset-format.md), with:
  import-report.csv  every row rejected, changed or skipped, and every column not read, with
                     the reason (file, line, field, action, reason)
  geocode.csv        each address placed: confidence exact, interpolated, compound, village
                     or township (given: the file had lon/lat) and distance_m to its reference
  .import-salt       the salt of the id hashes: keep it for a re-import to give each child the
                     same id, and do not hand it out with the dataset

Nothing personal is written: names are dropped, 身份证号 is checked (GB 11643 check digit) and
only its birth year kept, and 学籍号, 身份证号 and 户号 become salted hashes.

Addresses without lon/lat are placed from --reference, the county's standard addresses
(标准地址 / 门牌: CSV lon,lat,address in WGS84, or a GeoPackage point layer with an address
field), with house numbers interpolated between known ones (along the road of --roads when
given: .osm, .osm.pbf, .geojson or .gpkg, as geo/roads reads them; the dataset keeps it). A
household that cannot be placed is rejected and listed; one known only to its township is
placed at the township's middle only with --coarse-ok. A school that cannot be placed is a
problem.

On bad input (a file in another encoding, no header, a missing column, a mapping error, a
school not placed) every problem is printed as FILE:LINE: message, nothing is written and the
exit code is 2.`,
		Example: `  zoning import --schools 学校.xlsx --households 户籍.csv --children 学籍.xlsx \
      --reference 标准地址.csv --out mycounty
  zoning import --schools s.xlsx --households h.csv --children c.xlsx --map mapping.yaml \
      --reference addr.gpkg --roads roads.osm.pbf --coarse-ok --out mycounty
  zoning validate --data mycounty && zoning run --data mycounty --out out`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, f := range []struct{ flag, v string }{{"schools", schools}, {"households", households}, {"children", children}, {"out", out}} {
				if f.v == "" {
					return fmt.Errorf("zoning: import needs --%s", f.flag)
				}
			}
			in := importer.Input{CoarseOK: coarseOK}
			var probs dataset.Problems
			read := func(path string) importer.Source {
				if err := dataset.CheckRegular(path); err != nil {
					probs = append(probs, dataset.Problem{File: path, Msg: err.Error()})
					return importer.Source{Name: path}
				}
				b, err := os.ReadFile(path)
				if err != nil {
					probs = append(probs, dataset.Problem{File: path, Msg: unwrapPathError(err)})
				}
				return importer.Source{Name: path, Data: b}
			}
			in.Schools, in.Households, in.Children = read(schools), read(households), read(children)
			collect := func(err error) {
				var ps dataset.Problems
				if errors.As(err, &ps) {
					probs = append(probs, ps...)
				} else if err != nil {
					probs = append(probs, dataset.Problem{Msg: err.Error()})
				}
			}
			if mapping != "" {
				src := read(mapping)
				if src.Data != nil {
					m, err := importer.ReadMapping(mapping, strings.NewReader(string(src.Data)))
					collect(err)
					in.Mapping = m
				}
			}
			if reference != "" {
				var err error
				if strings.EqualFold(filepath.Ext(reference), ".gpkg") {
					in.Reference, err = geocode.ReadGeoPackage(reference)
				} else if src := read(reference); src.Data != nil {
					// In the encodings the registers come in (UTF-8, GBK,
					// GB18030), as the spreadsheets are read.
					var text string
					if text, _, err = importer.DecodeText(src.Data); err == nil {
						in.Reference, err = geocode.ReadCSV(reference, strings.NewReader(text))
					} else {
						err = dataset.Problems{{File: reference, Line: 1, Msg: err.Error()}}
					}
				}
				collect(err)
			}
			if roadsPath != "" {
				net, err := roads.Read(roadsPath, "")
				if err != nil {
					probs = append(probs, dataset.Problem{File: roadsPath, Msg: err.Error()})
				}
				in.Roads = net
			}
			if err := checkImportOut(out); err != nil {
				return err
			}
			salt, err := readSalt(out)
			if err != nil {
				return err
			}
			in.Salt = salt
			if len(probs) > 0 {
				// Name what else keeps the files from being read.
				for _, src := range []importer.Source{in.Schools, in.Households, in.Children} {
					if src.Data != nil {
						_, err := importer.ReadTable(src.Name, bytes.NewReader(src.Data), "")
						collect(err)
					}
				}
			} else {
				res, err := importer.Import(in)
				if err == nil {
					return writeImport(a, out, res, salt)
				}
				collect(err)
			}
			for _, p := range probs {
				if p.File == "" {
					fmt.Fprintln(a.stderr, "zoning: import: "+p.Msg)
					continue
				}
				fmt.Fprintln(a.stderr, p)
			}
			return exitError{2}
		},
	}
	f := cmd.Flags()
	f.StringVar(&schools, "schools", "", "the school table (.xlsx or .csv)")
	f.StringVar(&households, "households", "", "the household list (.xlsx or .csv)")
	f.StringVar(&children, "children", "", "the student register (.xlsx or .csv)")
	f.StringVar(&mapping, "map", "", "mapping file (YAML): sheets, headers, hukou and permit values, base_year, name (docs/import.md)")
	f.StringVar(&reference, "reference", "", "standard addresses to place addresses by: CSV lon,lat,address (WGS84) or a GeoPackage point layer")
	f.StringVar(&roadsPath, "roads", "", "road layer (.osm, .osm.pbf, .geojson, .gpkg): house numbers are interpolated along its named roads, and the dataset keeps it")
	f.BoolVar(&coarseOK, "coarse-ok", false, "place a household known only to its township at the township's middle instead of rejecting it")
	f.StringVar(&out, "out", "", "the dataset folder to write (new, or one zoning import wrote)")
	return cmd
}

func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// importFiles reports whether a name is one zoning import writes.
func importFile(name string) bool {
	switch name {
	case dataset.MetaFile, dataset.SchoolsFile, dataset.HouseholdsFile, dataset.ChildrenFile,
		dataset.RoadsFile, dataset.BarriersFile, importReport, geocodeFile, saltFile:
		return true
	}
	return false
}

// checkImportOut refuses an output folder holding files import does not
// write: a re-import overwrites only its own.
func checkImportOut(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("zoning: import: %s: %s", dir, unwrapPathError(err))
	}
	var other []string
	for _, e := range entries {
		if !importFile(e.Name()) {
			other = append(other, e.Name())
		}
	}
	if len(other) > 0 {
		slices.Sort(other)
		return fmt.Errorf("zoning: import: %s holds files zoning import does not write (%s): give a new folder", dir, strings.Join(other[:min(3, len(other))], ", "))
	}
	return nil
}

// readSalt returns the salt of an earlier import into dir, or a new one.
func readSalt(dir string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(dir, saltFile))
	if err == nil {
		s, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(s) < 16 {
			return nil, fmt.Errorf("zoning: import: %s: not a salt zoning import wrote (64 hex digits)", filepath.Join(dir, saltFile))
		}
		return s, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("zoning: import: %w", err)
	}
	s := make([]byte, 32)
	if _, err := rand.Read(s); err != nil {
		return nil, fmt.Errorf("zoning: import: %w", err)
	}
	return s, nil
}

// writeImport writes the dataset, the report, the geocoding and the salt,
// each file through a temporary one.
func writeImport(a *app, dir string, res *importer.Result, salt []byte) error {
	files, err := res.Dataset.Files()
	if err != nil {
		return err
	}
	files[importReport] = importer.ReportCSV(res.Report)
	files[geocodeFile] = importer.GeocodeCSV(res.Placed)
	files[saltFile] = []byte(hex.EncodeToString(salt) + "\n")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("zoning: import: %w", err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		perm := os.FileMode(0o644)
		if n == saltFile {
			perm = 0o600
		}
		tmp := filepath.Join(dir, "."+n+".tmp")
		if err := os.WriteFile(tmp, files[n], perm); err != nil {
			return fmt.Errorf("zoning: import: %w", err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, n)); err != nil {
			return fmt.Errorf("zoning: import: %w", err)
		}
	}
	if !a.quiet {
		fmt.Fprintf(a.stdout, "wrote %s (%s):\n", dir, res.Dataset.Meta.Name)
		for _, s := range res.Summary {
			fmt.Fprintln(a.stdout, "  "+s)
		}
	}
	return nil
}
