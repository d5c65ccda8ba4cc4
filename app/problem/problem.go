// Package problem holds user-facing errors: a message ID with arguments, optionally tied to a form field.
package problem

import (
	"errors"
	"strings"
)

// Problem is an error the user can act on. It crosses the Wails bridge as
// {field, id, args} and is rendered in the viewer's language by the frontend,
// so it must never carry sensitive values in Args.
type Problem struct {
	Field string         `json:"field,omitempty"`
	ID    string         `json:"id"`
	Args  map[string]any `json:"args,omitempty"`
}

// New returns a problem not tied to a field.
func New(id string, args map[string]any) *Problem {
	return &Problem{ID: id, Args: args}
}

// OnField returns a problem about one form field.
func OnField(field, id string, args map[string]any) *Problem {
	return &Problem{Field: field, ID: id, Args: args}
}

func (p *Problem) Error() string {
	if p.Field != "" {
		return p.Field + ": " + p.ID
	}
	return p.ID
}

// List collects the problems of one form submission, in field order.
type List []*Problem

// Add appends p; a nil p is ignored so validators can be chained.
func (l *List) Add(p *Problem) {
	if p != nil {
		*l = append(*l, p)
	}
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func (l List) Error() string {
	parts := make([]string, len(l))
	for i, p := range l {
		parts[i] = p.Error()
	}
	return strings.Join(parts, "; ")
}

// From finds the problems in err: a single Problem, a List, or none.
func From(err error) List {
	var l List
	if errors.As(err, &l) {
		return l
	}
	var p *Problem
	if errors.As(err, &p) {
		return List{p}
	}
	return nil
}
