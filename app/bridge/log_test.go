package bridge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// dispatchLine is the line Wails' dispatcher logs for a message it failed on (dispatcher.go, ProcessMessage).
func dispatchLine(message string, err error) string {
	return fmt.Sprintf("process message error: %s -> %s", message, err)
}

// parseError is the error Wails' binding returns for an argument of the wrong type (calls.go, ParseArgs).
func parseError(t *testing.T, arg string) error {
	t.Helper()
	var s string
	err := json.Unmarshal([]byte(arg), &s)
	if err == nil {
		t.Fatalf("%s parses as a string", arg)
	}
	return fmt.Errorf("error parsing arguments: %s", err.Error())
}

func TestRedactKeepsNoArgument(t *testing.T) {
	const pw = "s3cret pass"
	signIn := func(args string) string {
		return `C{"name":"desk.Desk.SignIn","args":[` + args + `],"callbackID":"desk.Desk.SignIn-3671"}`
	}
	tests := []struct {
		name    string
		line    string
		secrets []string // none may be left
		keep    []string // all must be left
	}{
		{
			name:    "a sign-in with a number for the user name",
			line:    dispatchLine(signIn(`4242,"`+pw+`"`), parseError(t, "4242")),
			secrets: []string{pw, "4242"},
			keep:    []string{"call desk.Desk.SignIn", "error parsing arguments: json: cannot unmarshal number into Go value of type string"},
		},
		{
			name:    "a password holding what the line is split on",
			line:    dispatchLine(signIn(`4242,"pa}ss\"wo -> rd"`), parseError(t, "4242")),
			secrets: []string{"pa}ss", "wo -> rd", "rd"},
			keep:    []string{"call desk.Desk.SignIn -> error parsing arguments"},
		},
		{
			name:    "names and an Individual Number in a mistyped step",
			line:    dispatchLine(`C{"name":"desk.Desk.SaveStep","args":["app-1","name",{"name":"鈴木 花子","number":"123456789018"},7],"callbackID":"x"}`, fmt.Errorf("received 4 arguments to method 'desk.Desk.SaveStep', expected 3")),
			secrets: []string{"鈴木", "123456789018", "app-1"},
			keep:    []string{"call desk.Desk.SaveStep", "received 4 arguments to method 'desk.Desk.SaveStep', expected 3"},
		},
		{
			name:    "a call cut short",
			line:    dispatchLine(`C{"name":"desk.Desk.SignIn","args":["tanaka","`+pw, fmt.Errorf("unexpected end of JSON input")),
			secrets: []string{pw, "tanaka"},
			keep:    []string{"call desk.Desk.SignIn -> (withheld)"},
		},
		{
			name:    "a message of no known kind",
			line:    dispatchLine("X"+pw, fmt.Errorf("Unknown message from front end: X"+pw)),
			secrets: []string{pw},
			keep:    []string{"process message error: message of kind X (withheld) -> (withheld)"},
		},
		{
			name:    "the dispatcher's error alone, as the dev server logs it",
			line:    "Unknown message from front end: C" + pw,
			secrets: []string{pw},
			keep:    []string{"Unknown message from front end: (withheld)"},
		},
		{
			name:    "an event with data",
			line:    dispatchLine(`EE{"name":"card:event","data":[{"name":"鈴木 花子"}]}`, fmt.Errorf("json: cannot unmarshal string into Go struct field EventMessage.data of type []interface {}")),
			secrets: []string{"鈴木"},
			keep:    []string{"event card:event -> json: cannot unmarshal"},
		},
		{
			name:    "a call to no bound method, named with a password",
			line:    dispatchLine(`C{"name":"`+pw+`","args":[],"callbackID":"x"}`, fmt.Errorf("method '%s' not registered", pw)),
			secrets: []string{pw},
			keep:    []string{"call (withheld) -> method '(withheld)' not registered"},
		},
		{
			name:    "a call result at trace level",
			line:    `json call result data: {"result":{"number":"123456789018"},"error":null,"callbackid":"x"}` + "\n",
			secrets: []string{"123456789018"},
			keep:    []string{"json call result data: (withheld)"},
		},
		{
			name:    "JSON anywhere else",
			line:    `something {"answer":"` + pw + `"} and after {"b":1}`,
			secrets: []string{pw},
			keep:    []string{"something {(withheld)} and after {(withheld)}"},
		},
		{
			name:    "a brace that opens no JSON",
			line:    "struct {Name:" + pw + "}",
			secrets: []string{pw},
			keep:    []string{"struct {(withheld)…"},
		},
		{
			name: "a line without data is kept",
			line: "WebSocket upgrade failed websocket: request origin not allowed by Upgrader.CheckOrigin",
			keep: []string{"WebSocket upgrade failed websocket: request origin not allowed by Upgrader.CheckOrigin"},
		},
		{
			name: "a registered method's name is kept",
			line: "received 1 arguments to method 'desk.Desk.SignIn', expected 2",
			keep: []string{"received 1 arguments to method 'desk.Desk.SignIn', expected 2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Redact(tt.line)
			for _, s := range tt.secrets {
				if strings.Contains(got, s) {
					t.Errorf("Redact(%q) = %q: %q is left", tt.line, got, s)
				}
			}
			for _, k := range tt.keep {
				if !strings.Contains(got, k) {
					t.Errorf("Redact(%q) = %q: %q is lost", tt.line, got, k)
				}
			}
		})
	}
}

// TestLoggerRedactsEveryLevel feeds the logger, at each level Wails uses, the line Wails logs for a sign-in
// whose user name is a number: the password must not reach the output, the method must.
func TestLoggerRedactsEveryLevel(t *testing.T) {
	const pw = "kanrisha password 2026"
	line := dispatchLine(`C{"name":"desk.Desk.SignIn","args":[4242,"`+pw+`"],"callbackID":"desk.Desk.SignIn-1"}`, parseError(t, "4242"))
	var out bytes.Buffer
	exits := 0
	l := NewLogger(&out)
	l.exit = func(int) { exits++ }
	for _, log := range []func(string){l.Print, l.Trace, l.Debug, l.Info, l.Warning, l.Error, l.Fatal} {
		log(line)
	}
	got := out.String()
	if strings.Contains(got, pw) || strings.Contains(got, "4242") {
		t.Errorf("the log holds the call's arguments:\n%s", got)
	}
	if n := strings.Count(got, "call desk.Desk.SignIn"); n != 7 {
		t.Errorf("%d of 7 lines name the method:\n%s", n, got)
	}
	if exits != 1 {
		t.Errorf("Fatal ended the process %d times, want 1", exits)
	}
}
