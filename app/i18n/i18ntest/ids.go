package i18ntest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// MessageIDsInCode finds every string literal starting with prefix (such as
// "auth.") that looks like a message ID in the non-test Go files of the
// test's package directory: every ID the code can return, when IDs are
// always written out in full. Sorted, without repeats.
func MessageIDsInCode(t testing.TB, prefix string) []string {
	t.Helper()
	idRE := regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && idRE.MatchString(s) {
					ids = append(ids, s)
				}
			}
			return true
		})
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
