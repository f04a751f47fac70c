package dataset

// Exported for engine/importer, which reads a bureau's spreadsheets before
// there is a dataset folder and names their encodings as Load does.

// GuessEncoding names the likely encoding of text that is not UTF-8: "UTF-16"
// (a UTF-16 byte order mark, or NUL in a quarter of the bytes), "GBK" (it
// decodes as GB 18030 into Chinese text, as Excel saves CSV on Chinese
// Windows), or "" when neither fits. It is the guess Load's messages give.
func GuessEncoding(b []byte) string { return guessEncoding(b) }

// FirstInvalidUTF8 returns the byte offset of the first byte of b that is not
// UTF-8, or −1 when b is UTF-8 throughout.
func FirstInvalidUTF8(b []byte) int { return firstInvalidUTF8(b, false) }
