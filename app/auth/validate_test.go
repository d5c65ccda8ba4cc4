package auth

import (
	"fmt"
	"strings"
	"testing"

	"madoguchi/app/freetext"
	"madoguchi/app/freetext/freetexttest"
	"madoguchi/app/problem"
)

func validForm() NewUser {
	return NewUser{
		Username:    "tanaka.hanako",
		DisplayName: "田中 花子",
		Role:        Counter,
		Password:    "sakura-2024-spring",
		Confirm:     "sakura-2024-spring",
	}
}

// fieldIDs renders problems as "field=id" in order, for easy comparison.
func fieldIDs(err error) string {
	var parts []string
	for _, p := range problem.From(err) {
		parts = append(parts, p.Field+"="+p.ID)
	}
	return strings.Join(parts, " ")
}

func TestValidateUser(t *testing.T) {
	tests := []struct {
		name   string
		change func(*NewUser)
		want   string
	}{
		{"valid", func(*NewUser) {}, ""},

		{"username empty", func(u *NewUser) { u.Username = "" }, "username=auth.user.username.error.required"},
		{"username blank", func(u *NewUser) { u.Username = "   " }, "username=auth.user.username.error.required"},
		{"username 2 chars", func(u *NewUser) { u.Username = "ab" }, "username=auth.user.username.error.length"},
		{"username 3 chars", func(u *NewUser) { u.Username = "abc" }, ""},
		{"username 32 chars", func(u *NewUser) { u.Username = strings.Repeat("a", 32) }, ""},
		{"username 33 chars", func(u *NewUser) { u.Username = strings.Repeat("a", 33) }, "username=auth.user.username.error.length"},
		{"username space inside", func(u *NewUser) { u.Username = "tanaka hanako" }, "username=auth.user.username.error.format"},
		{"username at sign", func(u *NewUser) { u.Username = "tanaka@city" }, "username=auth.user.username.error.format"},
		{"username kanji", func(u *NewUser) { u.Username = "田中花子" }, "username=auth.user.username.error.format"},
		{"username all allowed punctuation", func(u *NewUser) { u.Username = "a.b_c-9" }, ""},
		{"username upper case is lowered", func(u *NewUser) { u.Username = "Tanaka.Hanako" }, ""},
		{"username full-width is folded", func(u *NewUser) { u.Username = "ｔａｎａｋａ" }, ""},

		{"displayName empty", func(u *NewUser) { u.DisplayName = "" }, "displayName=auth.user.displayName.error.required"},
		{"displayName blank", func(u *NewUser) { u.DisplayName = " \t " }, "displayName=auth.user.displayName.error.required"},
		{"displayName 60 kanji", func(u *NewUser) { u.DisplayName = strings.Repeat("田", 60) }, ""},
		{"displayName 61 kanji", func(u *NewUser) { u.DisplayName = strings.Repeat("田", 61) }, "displayName=auth.user.displayName.error.tooLong"},

		{"role empty", func(u *NewUser) { u.Role = "" }, "role=auth.user.role.error.invalid"},
		{"role unknown", func(u *NewUser) { u.Role = "root" }, "role=auth.user.role.error.invalid"},
		{"role wrong case", func(u *NewUser) { u.Role = "Admin" }, "role=auth.user.role.error.invalid"},

		{"password empty", func(u *NewUser) { u.Password, u.Confirm = "", "" }, "password=auth.user.password.error.required"},
		{"password 11 chars", func(u *NewUser) { setPassword(u, strings.Repeat("x", 11)) }, "password=auth.user.password.error.tooShort"},
		{"password 12 chars", func(u *NewUser) { setPassword(u, strings.Repeat("x", 12)) }, ""},
		{"password 11 kana (33 bytes) is short", func(u *NewUser) { setPassword(u, strings.Repeat("あ", 11)) }, "password=auth.user.password.error.tooShort"},
		{"password 12 kana", func(u *NewUser) { setPassword(u, strings.Repeat("あ", 12)) }, ""},
		{"password 128 chars", func(u *NewUser) { setPassword(u, strings.Repeat("x", 128)) }, ""},
		{"password 129 chars", func(u *NewUser) { setPassword(u, strings.Repeat("x", 129)) }, "password=auth.user.password.error.tooLong"},
		{"password equals username", func(u *NewUser) { setPassword(u, "tanaka.hanako") }, "password=auth.user.password.error.sameAsUsername"},
		{"password equals username, other case", func(u *NewUser) { setPassword(u, "Tanaka.Hanako") }, "password=auth.user.password.error.sameAsUsername"},
		{"password contains username", func(u *NewUser) { setPassword(u, "tanaka.hanako!") }, ""},

		{"confirm differs", func(u *NewUser) { u.Confirm = "sakura-2024-Spring" }, "confirm=auth.user.confirm.error.mismatch"},
		{"confirm empty", func(u *NewUser) { u.Confirm = "" }, "confirm=auth.user.confirm.error.mismatch"},
		{"confirm full-width of same", func(u *NewUser) { u.Confirm = "ｓａｋｕｒａ－２０２４－ｓｐｒｉｎｇ" }, ""},

		{"staffLanguage empty allowed", func(u *NewUser) { u.StaffLanguage = "" }, ""},
		{"staffLanguage tag", func(u *NewUser) { u.StaffLanguage = "pt-BR" }, ""},
		{"staffLanguage garbage", func(u *NewUser) { u.StaffLanguage = "not a language" }, "staffLanguage=auth.user.staffLanguage.error.invalid"},

		{"every field wrong, in form order", func(u *NewUser) {
			*u = NewUser{Username: "A!", Role: "x", Password: "short", Confirm: "other"}
		}, "username=auth.user.username.error.length displayName=auth.user.displayName.error.required " +
			"role=auth.user.role.error.invalid password=auth.user.password.error.tooShort confirm=auth.user.confirm.error.mismatch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validForm()
			tc.change(&in)
			_, err := validateUser(in)
			if got := fieldIDs(err); got != tc.want {
				t.Fatalf("got  %q\nwant %q", got, tc.want)
			}
			if err != nil && len(problem.From(err)) == 0 {
				t.Fatalf("error %v is not a problem", err)
			}
			checkNoSecrets(t, err, in.Password, in.Confirm)
			for _, p := range problem.From(err) {
				checkArgsMatchCatalog(t, p)
			}
		})
	}
}

func setPassword(u *NewUser, pw string) { u.Password, u.Confirm = pw, pw }

// checkNoSecrets fails if a password shows up in an error text or its args.
func checkNoSecrets(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secrets {
		if len(s) < 4 {
			continue
		}
		if strings.Contains(err.Error(), s) {
			t.Errorf("error text contains a password")
		}
		for _, p := range problem.From(err) {
			if strings.Contains(fmt.Sprint(p.Args), s) {
				t.Errorf("problem %s args contain a password", p.ID)
			}
		}
	}
}

func TestValidateUserCleans(t *testing.T) {
	in := validForm()
	in.Username = "  Ｔａｎａｋａ.Hanako "
	in.DisplayName = "  田中 花子  "
	in.StaffLanguage = "ja-jp"
	out, err := validateUser(in)
	if err != nil {
		t.Fatal(err)
	}
	if out.Username != "tanaka.hanako" || out.DisplayName != "田中 花子" || out.StaffLanguage != "ja-JP" {
		t.Fatalf("got %q %q %q", out.Username, out.DisplayName, out.StaffLanguage)
	}
	if out.Password != in.Password {
		t.Fatal("password must not be trimmed or changed by validation")
	}
}

func TestRoleValid(t *testing.T) {
	for _, r := range Roles {
		if !r.Valid() {
			t.Errorf("%q not valid", r)
		}
	}
	for _, r := range []Role{"", "Admin", "root", "counter "} {
		if r.Valid() {
			t.Errorf("%q valid", r)
		}
	}
	if len(Roles) != 5 {
		t.Errorf("Roles has %d entries, want 5", len(Roles))
	}
}

// TestDisplayNameRefusesHostileText (attack #8): a display name follows
// the shared text rule as one line; it was stored as typed.
func TestDisplayNameRefusesHostileText(t *testing.T) {
	for _, h := range freetexttest.Hostile() {
		t.Run(h.Name, func(t *testing.T) {
			u := validForm()
			u.DisplayName = h.Text
			_, fault := freetext.Clean(h.Text, freetext.Line)
			_, err := validateUser(u)
			if got, want := fieldIDs(err), "displayName="+fault.MessageID(); got != want {
				t.Errorf("%q: %s, want %s", h.Text, got, want)
			}
		})
	}
	u := validForm()
	u.DisplayName = " 田中\t\u3000花子\r\n"
	if got, err := validateUser(u); err != nil || got.DisplayName != "田中 花子" {
		t.Errorf("display name cleaned to %q, %v; want one line, one space", got.DisplayName, err)
	}
}
