package auth

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"madoguchi/app/freetext"
	"madoguchi/app/problem"
)

// Limits on the account form, also shown to the user through message args.
const (
	UsernameMin    = 3
	UsernameMax    = 32
	DisplayNameMax = 60
	PasswordMin    = 12
	PasswordMax    = 128
)

// normalizeUsername is how a typed username is compared and stored:
// NFKC first, so full-width letters from a Japanese IME become ASCII,
// then trimmed and lower-cased, so "Tanaka" and "tanaka" are one account.
func normalizeUsername(s string) string {
	return strings.ToLower(strings.TrimSpace(norm.NFKC.String(s)))
}

// validateUser checks the form in field order and returns it cleaned
// (username normalised, display name one line of the shared text rule,
// language tag canonical). Problems carry only limits as args, never what
// was typed.
func validateUser(in NewUser) (NewUser, error) {
	var probs problem.List
	in.Username = normalizeUsername(in.Username)
	var fault freetext.Fault
	in.DisplayName, fault = freetext.Clean(in.DisplayName, freetext.Line)
	probs.Add(checkUsername(in.Username))
	probs.Add(checkDisplayName(in.DisplayName, fault))
	probs.Add(checkRole(in.Role))
	probs.Add(checkPassword(in.Password, in.Username))
	probs.Add(checkConfirm(in.Password, in.Confirm))
	tag, p := checkStaffLanguage(in.StaffLanguage, true)
	probs.Add(p)
	in.StaffLanguage = tag
	return in, probs.Err()
}

func checkUsername(u string) *problem.Problem {
	const field = "username"
	n := utf8.RuneCountInString(u)
	switch {
	case n == 0:
		return problem.OnField(field, "auth.user.username.error.required", nil)
	case n < UsernameMin || n > UsernameMax:
		return problem.OnField(field, "auth.user.username.error.length",
			map[string]any{"Min": UsernameMin, "Max": UsernameMax})
	}
	for _, r := range u {
		if !isUsernameRune(r) {
			return problem.OnField(field, "auth.user.username.error.format", nil)
		}
	}
	return nil
}

func isUsernameRune(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '.' || r == '_' || r == '-'
}

// checkDisplayName checks a cleaned display name; fault is what the shared
// text rule refused in it. Other staff read the name on their screens, so
// nothing hidden may be in it.
func checkDisplayName(d string, fault freetext.Fault) *problem.Problem {
	const field = "displayName"
	switch {
	case d == "":
		return problem.OnField(field, "auth.user.displayName.error.required", nil)
	case utf8.RuneCountInString(d) > DisplayNameMax:
		return problem.OnField(field, "auth.user.displayName.error.tooLong", map[string]any{"Max": DisplayNameMax})
	}
	return fault.Problem(field)
}

func checkRole(r Role) *problem.Problem {
	if !r.Valid() {
		return problem.OnField("role", "auth.user.role.error.invalid", nil)
	}
	return nil
}

// checkPassword counts runes, not bytes, so a Japanese password is not
// judged long enough just because each character takes three bytes.
// Leading and trailing spaces are kept: they are part of the password.
func checkPassword(pw, username string) *problem.Problem {
	const field = "password"
	n := utf8.RuneCountInString(pw)
	switch {
	case n == 0:
		return problem.OnField(field, "auth.user.password.error.required", nil)
	case n < PasswordMin:
		return problem.OnField(field, "auth.user.password.error.tooShort", map[string]any{"Min": PasswordMin})
	case n > PasswordMax:
		return problem.OnField(field, "auth.user.password.error.tooLong", map[string]any{"Max": PasswordMax})
	case username != "" && normalizeUsername(pw) == username:
		return problem.OnField(field, "auth.user.password.error.sameAsUsername", nil)
	}
	return nil
}

// checkConfirm compares after the same normalisation the hash uses, so the
// form does not refuse two entries that would sign in identically.
func checkConfirm(pw, confirm string) *problem.Problem {
	if string(normalizePassword(pw)) != string(normalizePassword(confirm)) {
		return problem.OnField("confirm", "auth.user.confirm.error.mismatch", nil)
	}
	return nil
}

// checkStaffLanguage accepts a well-formed BCP 47 tag and returns it in
// canonical form ("ja-jp" → "ja-JP"). Whether the app has that language is
// the caller's business. An empty tag means "not chosen yet" where allowed.
func checkStaffLanguage(tag string, allowEmpty bool) (string, *problem.Problem) {
	tag = strings.TrimSpace(tag)
	if tag == "" && allowEmpty {
		return "", nil
	}
	t, err := language.Parse(tag)
	if err != nil || tag == "" || len(tag) > 35 || t == language.Und {
		return tag, problem.OnField("staffLanguage", "auth.user.staffLanguage.error.invalid", nil)
	}
	return t.String(), nil
}
