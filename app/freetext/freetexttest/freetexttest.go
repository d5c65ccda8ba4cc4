// Package freetexttest holds the hostile texts every package's free-text fields are tested with (attack #8).
package freetexttest

import (
	"encoding/json"
	"fmt"
)

// Input is one hostile text: ordinary words around what the rule refuses,
// so that a field would take it but for that.
type Input struct {
	Name string
	Text string
}

// Hostile lists the texts a free-text field must refuse, as Go receives
// them: the last comes through encoding/json as the window's bridge sends
// it, a lone surrogate arriving as U+FFFD.
func Hostile() []Input {
	return []Input{
		{"NUL", "Yamada\x00 Taro"},
		{"ESC sequence", "\x1b[31mYamada Taro"},
		{"right-to-left override", "Yamada\u202E Taro"},
		{"isolate", "Yamada \u2066Taro\u2069"},
		{"zero-width space", "Yama\u200Bda Taro"},
		{"invalid UTF-8", "Yamada\xff Taro"},
		{"lone surrogate through JSON", fromJSON(`"Yamada\ud800 Taro"`)},
	}
}

func fromJSON(lit string) string {
	var s string
	if err := json.Unmarshal([]byte(lit), &s); err != nil {
		panic(fmt.Sprintf("freetexttest: %s: %v", lit, err))
	}
	return s
}
