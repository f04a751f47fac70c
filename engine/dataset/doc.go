// Package dataset reads, validates and writes a county's dataset folder as
// docs/dataset-format.md defines it: dataset.yaml, schools.csv, households.csv,
// children.csv, and the optional boundary.geojson and zones.geojson.
//
// Every coordinate held by a Dataset is WGS84, longitude first; a dataset
// written in GCJ-02 or BD-09 is converted on load. Load reports every problem
// it finds as FILE:LINE: message and returns no dataset when there is any.
package dataset
