package orgs

import (
	"bytes"
	"testing"

	"madoguchi/app/problem"
)

// FuzzParse: any bytes give either entries that pass the rules or problems
// naming a row, never a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte("id,name_ja,name_en,takes_ja,takes_en,languages,phone,contact,hours,active\nissj,a,b,,,,,,,yes\n"))
	f.Add([]byte("\uFEFFid,name_ja\n\"x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		list, err := parse(bytes.NewReader(data))
		if err != nil {
			if problem.From(err) == nil {
				t.Fatalf("non-problem error %v", err)
			}
			return
		}
		for _, o := range list {
			n, faults := normalize(o)
			if is := check(n, faults); len(is) > 0 {
				t.Fatalf("accepted %+v breaking %v", o, is)
			}
			if n != o {
				t.Fatalf("accepted %+v, not in its normal form %+v", o, n)
			}
		}
	})
}
