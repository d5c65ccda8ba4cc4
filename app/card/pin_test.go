package card

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestPINValidate(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"1234", true},
		{"0000", true},
		{"123", false},
		{"12345", false},
		{"", false},
		{"12a4", false},
		{"１２３４", false}, // full-width digits
		{"12 4", false},
		{" 1234", false},
		{"123\x00", false},
	}
	for _, tt := range tests {
		err := NewPIN(tt.in).Validate()
		if (err == nil) != tt.ok {
			t.Errorf("Validate(%q) = %v, want ok=%v", tt.in, err, tt.ok)
		}
		if err != nil && err != ErrPINFormat {
			t.Errorf("Validate(%q) = %v, want ErrPINFormat", tt.in, err)
		}
	}
}

func TestPINNeverPrinted(t *testing.T) {
	p := NewPIN("4821")
	type form struct {
		PIN PIN
		N   int
	}
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q", "%X"} {
		outs = append(outs, fmt.Sprintf(verb, p), fmt.Sprintf(verb, form{PIN: p}), fmt.Sprintf(verb, &p))
	}
	j, err := json.Marshal(form{PIN: p})
	if err != nil {
		t.Fatal(err)
	}
	outs = append(outs, string(j), p.String(), p.GoString())
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("read", "pin", p)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("read", "pin", p)
	outs = append(outs, logged.String())
	for _, o := range outs {
		for _, leak := range []string{"4821", "34383231", "52 56 50 49", "[52"} {
			if strings.Contains(o, leak) {
				t.Errorf("printed %q", o)
			}
		}
	}
}

func TestPINWipe(t *testing.T) {
	p := NewPIN("4821")
	copyOfP := p
	p.Wipe()
	if copyOfP.Validate() == nil {
		t.Fatal("a copy still validates after Wipe: the digits were not overwritten in place")
	}
	if !bytes.Equal(copyOfP.digits, make([]byte, 4)) {
		t.Errorf("digits after Wipe: % X", copyOfP.digits)
	}
}

func TestPINFromJSON(t *testing.T) {
	var in struct {
		PIN PIN `json:"pin"`
	}
	if err := json.Unmarshal([]byte(`{"pin":"0420"}`), &in); err != nil || in.PIN.Validate() != nil {
		t.Fatalf("%v %v", err, in.PIN.Validate())
	}
	if err := json.Unmarshal([]byte(`{"pin":420}`), &in); err == nil {
		t.Fatal("a JSON number was taken as a PIN")
	}
}
