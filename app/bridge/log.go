package bridge

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
)

// Logger is what Wails logs through (options.App.Logger). Wails writes the page's messages into its log lines:
// a call whose arguments do not parse is logged whole ("process message error: C{...,"args":[...]} -> ..."),
// call results at trace level, unknown messages as received. Every line passes through Redact first, so no
// argument, result or event data reaches the log, while a failed call still names its method.
type Logger struct {
	log  *slog.Logger
	exit func(code int)
}

// NewLogger logs Wails' lines to w. Its handler takes every level: Wails filters by its own LogLevel first.
func NewLogger(w io.Writer) *Logger {
	h := slog.NewTextHandler(w, &slog.HandlerOptions{Level: levelTrace})
	return &Logger{log: slog.New(h), exit: os.Exit}
}

const levelTrace = slog.LevelDebug - 4

func (l *Logger) Print(message string)   { l.emit(slog.LevelInfo, message) }
func (l *Logger) Trace(message string)   { l.emit(levelTrace, message) }
func (l *Logger) Debug(message string)   { l.emit(slog.LevelDebug, message) }
func (l *Logger) Info(message string)    { l.emit(slog.LevelInfo, message) }
func (l *Logger) Warning(message string) { l.emit(slog.LevelWarn, message) }
func (l *Logger) Error(message string)   { l.emit(slog.LevelError, message) }

// Fatal logs and ends the process, as Wails' own logger does: Wails calls it where it cannot go on.
func (l *Logger) Fatal(message string) {
	l.emit(slog.LevelError+4, message)
	l.exit(1)
}

func (l *Logger) emit(level slog.Level, message string) {
	l.log.Log(context.Background(), level, "wails: "+Redact(message))
}

// withheld stands where a log line held what the page sent or received.
const withheld = "(withheld)"

// dispatchError is how Wails' dispatcher logs a message it failed on: "process message error: %s -> %s",
// the raw message, then the error.
const dispatchError = "process message error: "

// carriers are the texts Wails follows with a message from the page, or the answer to one, as it came.
var carriers = []string{
	"Unknown message from front end: ",
	"unknown Browser message: ",
	"unknown Window message: ",
	"Unknown message returned from dispatcher: ",
	"json call result data: ",
}

// Redact returns a line Wails logs without what the page sent or received. A message the dispatcher failed on
// is named by its kind and method (or event) only; what follows a carrier is withheld; so is any JSON object.
// A line it cannot take apart loses the rest from that point rather than risk a leak.
func Redact(line string) string {
	if i := strings.Index(line, dispatchError); i >= 0 {
		return redactText(line[:i]) + dispatchError + redactDispatch(line[i+len(dispatchError):])
	}
	return redactText(line)
}

// redactDispatch takes "<message> -> <error>" apart. The message's JSON is read to its end, since its
// arguments may themselves hold " -> "; a message that is not JSON cannot be told from its error, and both go.
func redactDispatch(rest string) string {
	what, err, ok := splitMessage(rest)
	if !ok {
		return what + " -> " + withheld
	}
	return what + " -> " + redactText(err)
}

// splitMessage names the message at the start of rest and returns the error after it.
func splitMessage(rest string) (what, err string, ok bool) {
	if rest == "" {
		return "empty message", "", false
	}
	kind := messageKind(rest[0])
	start := strings.IndexByte(rest, '{')
	if start < 0 || start > 2 { // C{, c{, E{ and EE{ are the JSON messages
		return kind + " " + withheld, "", false
	}
	dec := json.NewDecoder(strings.NewReader(rest[start:]))
	var m struct {
		Name string `json:"name"`
	}
	if dec.Decode(&m) != nil {
		return kind + " " + nameOr(nameInBrokenJSON(rest), withheld), "", false
	}
	after, found := strings.CutPrefix(rest[start+int(dec.InputOffset()):], " -> ")
	return kind + " " + nameOr(m.Name, withheld), after, found
}

func messageKind(b byte) string {
	switch b {
	case 'C', 'c':
		return "call"
	case 'E':
		return "event"
	default:
		return "message of kind " + string(rune(b))
	}
}

// method is what a bound method's or an event's name looks like (desk.Desk.SignIn, card:event): a name
// shaped otherwise may carry anything, and is withheld.
var method = regexp.MustCompile(`^[A-Za-z0-9_.:-]{1,100}$`)

func nameOr(name, otherwise string) string {
	if method.MatchString(name) {
		return name
	}
	return otherwise
}

var brokenName = regexp.MustCompile(`"name"\s*:\s*"([^"]*)"`)

// nameInBrokenJSON finds the method's name in a call whose JSON does not parse, to say which call failed.
func nameInBrokenJSON(s string) string {
	if m := brokenName.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// redactText withholds what follows a carrier, every JSON object, and a method name that is not one.
func redactText(s string) string {
	for _, c := range carriers {
		if i := strings.Index(s, c); i >= 0 {
			return redactNames(redactJSON(s[:i])) + c + withheld
		}
	}
	return redactNames(redactJSON(s))
}

// unregistered is how Wails says a call named no bound method: the name is the page's, and may be anything.
var unregistered = regexp.MustCompile(`method '(.*)' not registered`)

func redactNames(s string) string {
	return unregistered.ReplaceAllStringFunc(s, func(m string) string {
		name := unregistered.FindStringSubmatch(m)[1]
		return "method '" + nameOr(name, withheld) + "' not registered"
	})
}

// redactJSON replaces each JSON object in s by {withheld}; from a brace that opens no valid object, the rest.
func redactJSON(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		dec := json.NewDecoder(strings.NewReader(s[i:]))
		var v map[string]json.RawMessage
		if dec.Decode(&v) != nil {
			b.WriteString("{" + withheld + "…")
			return b.String()
		}
		b.WriteString("{" + withheld + "}")
		s = s[i+int(dec.InputOffset()):]
	}
}
