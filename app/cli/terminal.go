package cli

import (
	"io"
	"os"
	"unicode/utf8"

	"madoguchi/app/freetext"
)

// IsTerminal reports whether f is a terminal (a character device), for
// Env.StdoutTerminal.
func IsTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// dataOut is where a command writes data that may hold what users typed
// (a CSV export): standard output as it is when it goes to a file or a
// pipe, so that the file gets the data byte for byte; through
// freetext.Visible when it goes to a terminal, so that an escape sequence
// stored before the text rule refused them is shown, never obeyed. Call
// done at the end.
func dataOut(env Env) (w io.Writer, done func() error) {
	if !env.StdoutTerminal {
		return env.Stdout, func() error { return nil }
	}
	v := &visibleWriter{w: env.Stdout}
	return v, v.Flush
}

// visibleWriter writes what it is given through freetext.Visible. A write
// may end inside a character or between the CR and LF of a line end: that
// end is held back for the next write, so the output does not depend on
// how the data was cut.
type visibleWriter struct {
	w    io.Writer
	tail []byte
}

func (v *visibleWriter) Write(p []byte) (int, error) {
	data := append(v.tail, p...)
	cut := holdBack(data)
	v.tail = append([]byte(nil), data[cut:]...)
	if _, err := io.WriteString(v.w, freetext.Visible(string(data[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what was held back.
func (v *visibleWriter) Flush() error {
	_, err := io.WriteString(v.w, freetext.Visible(string(v.tail)))
	v.tail = nil
	return err
}

// holdBack returns where the end to keep for the next write starts: at a
// final CR, or at a final character not yet complete.
func holdBack(b []byte) int {
	n := len(b)
	if n > 0 && b[n-1] == '\r' {
		return n - 1
	}
	for i := n - 1; i >= 0 && i > n-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			break
		}
	}
	return n
}
