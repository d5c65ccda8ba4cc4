package synth_test

import (
	"slices"
	"strings"
	"testing"

	"madoguchi/app/synth"
)

func TestRegister(t *testing.T) {
	a := synth.NewRegister(1).People(5000)
	if b := synth.NewRegister(1).People(5000); !slices.Equal(a, b) {
		t.Fatal("the same seed gave other persons")
	}
	if c := synth.NewRegister(2).People(5000); slices.Equal(a, c) {
		t.Fatal("another seed gave the same persons")
	}
	latin := 0
	for _, p := range a {
		if p.Name == "" || p.Address == "" || p.BirthDate == "" || !strings.Contains("129", p.Sex) {
			t.Fatalf("incomplete person %+v", p)
		}
		if strings.ContainsAny(p.Name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			latin++
		}
	}
	if latin == 0 || latin > len(a)/10 {
		t.Errorf("%d of %d names in Latin letters, want a few percent", latin, len(a))
	}
	if qs := synth.NewRegister(1).Queries(a, 100); len(qs) != 100 {
		t.Errorf("%d queries, want 100", len(qs))
	}
}
