package desk

import "madoguchi/app/problem"

// Failure is what a rejected call carries to JavaScript: the problems to
// render, each a message ID with arguments and maybe a field.
type Failure struct {
	Problems problem.List `json:"problems"`
}

// FormatError is the window's error formatter (Wails options.App.ErrorFormatter):
// every error leaves Go as a Failure, never as free text.
func FormatError(err error) any {
	if l := problem.From(err); l != nil {
		return Failure{Problems: l}
	}
	return Failure{Problems: problem.List{problem.New("app.error.unexpected", nil)}}
}
