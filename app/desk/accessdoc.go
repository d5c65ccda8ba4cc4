package desk

import (
	"fmt"
	"sort"
	"strings"

	"madoguchi/app/auth"
)

// AccessTable renders the access table as Markdown, for docs/data-protection.md
// (a test keeps the document equal to the code).
func AccessTable() string {
	names := make([]string, 0, len(access))
	for n := range access {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("| desk method | data | ")
	for _, r := range auth.Roles {
		b.WriteString(string(r) + " | ")
	}
	b.WriteString("purpose |\n|---|---|")
	b.WriteString(strings.Repeat("---|", len(auth.Roles)))
	b.WriteString("---|\n")
	for _, n := range names {
		r := access[n]
		fmt.Fprintf(&b, "| `%s` | %s | ", n, r.data)
		for _, role := range auth.Roles {
			ok, _ := mayCall(n, role)
			mark := "—"
			switch {
			case r.public:
				mark = "open"
			case ok:
				mark = "yes"
			}
			b.WriteString(mark + " | ")
		}
		b.WriteString(r.why + " |\n")
	}
	return b.String()
}
