package virtual

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestTestdataPersonasLoadAndMakeCards(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no personas in testdata: %v", err)
	}
	k, err := testKeys()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, err := LoadPersona(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := newCard(p, k, testNow); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestPersonaFileKeepsDefaultsForWhatItLeavesOut(t *testing.T) {
	p, err := ParsePersona([]byte(`{"pins": {"cardInfo": {"value": "9876", "triesLeft": 0}}, "faults": {"truncateEF": "0002"}}`))
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultPersona()
	if p.Name != d.Name || p.Number != d.Number || p.Token != TokenCard || !p.ExtendedAPDU || p.ChipSignature != ChipSignatureValid {
		t.Errorf("defaults lost: %+v", p)
	}
	if p.PINs.CardInfo != (PIN{Value: "9876", TriesLeft: 0}) {
		t.Errorf("cardInfo PIN = %+v, want 9876 blocked", p.PINs.CardInfo)
	}
	if p.PINs.UserAuth != d.PINs.UserAuth || p.PINs.Signature != d.PINs.Signature {
		t.Errorf("other PINs changed: %+v", p.PINs)
	}
}

func TestPersonaErrorsNameTheFieldNotTheValue(t *testing.T) {
	tests := []struct {
		json, field string
	}{
		{`{"name": ""}`, "name"},
		{`{"number": "12345678901"}`, "number"},
		{`{"number": "12345678901X"}`, "number"},
		{`{"birthDate": "1990/04/01"}`, "birthDate"},
		{`{"birthDate": "1990-02-30"}`, "birthDate"},
		{`{"birthDate": "1990-00-05"}`, "birthDate"},
		{`{"sex": "M"}`, "sex"},
		{`{"pins": {"userAuth": {"value": "12345", "triesLeft": 3}}}`, "pins.userAuth.value"},
		{`{"pins": {"cardInfo": {"value": "1234", "triesLeft": 4}}}`, "pins.cardInfo.triesLeft"},
		{`{"pins": {"signature": {"value": "abc123", "triesLeft": 5}}}`, "pins.signature.value"},
		{`{"pins": {"signature": {"value": "ABC123", "triesLeft": -1}}}`, "pins.signature.triesLeft"},
		{`{"certificate": {"notBefore": "2030-01-01", "notAfter": "2029-01-01"}}`, "certificate"},
		{`{"certificate": {"notAfter": "31/12/2030"}}`, "certificate.notAfter"},
		{`{"token": "JPKIAPICCTOKEN2-AND-A-LOT-MORE-THAN-32"}`, "token"},
		{`{"chipSignature": "maybe"}`, "chipSignature"},
		{`{"faults": {"truncateEF": "2"}}`, "faults.truncateEF"},
		{`{"faults": {"removeAfterAPDUs": -3}}`, "faults.removeAfterAPDUs"},
		{`{"faults": {"statusWord": {"B0B0": "6F00"}}}`, "faults.statusWord"},
		{`{"faults": {"statusWord": {"B0": "6F"}}}`, "faults.statusWord"},
		{`{"fault": {}}`, `unknown field "fault"`},
		{`{"name": 12}`, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			_, err := ParsePersona([]byte(tt.json))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name %s", err, tt.field)
			}
			for _, value := range []string{"12345678901", "12345", "abc123", "JPKIAPICCTOKEN2-AND"} {
				if strings.Contains(tt.json, value) && strings.Contains(err.Error(), value) {
					t.Errorf("error %q repeats the value", err)
				}
			}
		})
	}
}

func TestNameAndAddressMustStayReadable(t *testing.T) {
	p := DefaultPersona()
	p.Name = strings.Repeat("A", 20000)
	p.Address = strings.Repeat("B", 10001)
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "name/address") {
		t.Errorf("30,001 bytes of name and address: %v", err)
	}
	p.Address = p.Address[1:]
	c := newTestCard(t, func(q *Persona) { *q = p })
	if got := len(readCardInfo(t, c)["0002"]); got < 30000 || got > 0x7FFF {
		t.Errorf("EF 0002 of %d bytes", got)
	}
}
