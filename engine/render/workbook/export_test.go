package workbook

// SetMaxSheetRows sets the last row of the workbook's sheets, so that tests
// can fill a sheet; it returns the function that restores it.
func SetMaxSheetRows(n int) (restore func()) {
	old := maxSheetRows
	maxSheetRows = n
	return func() { maxSheetRows = old }
}
