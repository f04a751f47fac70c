// Package importer turns a county education bureau's own spreadsheets into a
// dataset folder (docs/dataset-format.md): the school table, the
// public-security household list and the student register (学籍系统) as the
// bureau exports them, in .xlsx or in CSV of UTF-8, UTF-8 with a byte order
// mark, GBK or GB 18030, with Chinese headers below title rows, merged header
// cells and 合计 rows (docs/import.md).
//
// Import reads the three files (ReadTable), finds each header row and maps
// its columns to fields by their Chinese names and common synonyms, which a
// mapping file overrides (Mapping); then it normalises every row: 身份证号
// checked by its GB 11643 check digit and turned into the birth year, dates
// (Excel serials, 2015/9/1, 2015年9月1日, 20150901), grades (一年级, 初一,
// 七年级, 7), 户口性质 and 居住证 to hukou and permit. Names and id numbers
// are dropped; a child's and a household's ids are kept only as salted
// hashes (HMAC-SHA-256 with a salt kept in the output folder, so that a
// re-import gives the same child the same id). Addresses without
// coordinates are placed by engine/geocode. Every row rejected or changed is
// a ReportRow (import-report.csv); what keeps a file from being read at all
// is a dataset.Problem, FILE:LINE: message, and nothing is written.
//
// What belongs here: reading a bureau's files and turning their rows into a
// Dataset. Checking the dataset belongs to engine/dataset (Load), placing
// addresses to engine/geocode, parsing them to engine/address.
package importer
