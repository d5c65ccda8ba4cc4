package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"madoguchi/app/card"
	"madoguchi/app/card/virtual"
	"madoguchi/app/problem"
)

// Exit codes of the card commands, as docs/card-protocol.md lists them.
const (
	exitOK         = 0
	exitProblem    = 1 // the card or reader said no: the message says what to do
	exitUsage      = 2
	exitPINNotSent = 3 // the PIN was not sent: blocked, or one try left without --confirm-last-try
)

// PINEnv is where `card read` takes the PIN from when standard input is a
// terminal or empty. Never from the command line: other users can read it.
const PINEnv = "MADOGUCHI_PIN"

const cardUsage = `usage:
  madoguchi card readers                       list card readers
  madoguchi card status [--reader NAME]        tries left and certificate expiry, without any PIN
  madoguchi card read --json [--reader NAME] [--confirm-last-try]
                                               the four basic items, with the card-info input support
                                               PIN from standard input or $MADOGUCHI_PIN
  madoguchi card virtual [--persona FILE] [--reader 0|1]
                                               serve the virtual card on vpcd (tests, demos, training)
exit codes: 0 done, 1 the card or reader refused (message says why), 2 usage, 3 PIN not sent`

func runCard(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, cardUsage)
		return exitUsage
	}
	switch args[0] {
	case "virtual":
		return virtual.Main(ctx, args[1:], env.Stdout, env.Stderr)
	case "readers":
		return cardReaders(ctx, env)
	case "status", "read":
		return cardRead(ctx, args[0], args[1:], env)
	}
	fmt.Fprintln(env.Stderr, cardUsage)
	return exitUsage
}

func cardReaders(ctx context.Context, env Env) int {
	names, err := card.Readers(ctx)
	if err != nil {
		return cardProblem(err, env)
	}
	for _, n := range names {
		fmt.Fprintln(env.Stdout, n)
	}
	return exitOK
}

func cardRead(ctx context.Context, what string, args []string, env Env) int {
	fs := flag.NewFlagSet("madoguchi card "+what, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	reader := fs.String("reader", "", "reader name (default: the first with a My Number card)")
	asJSON := fs.Bool("json", false, "print JSON")
	confirm := fs.Bool("confirm-last-try", false, "send the PIN even with one try left")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, cardUsage)
		return exitUsage
	}
	s, err := openFirst(ctx, *reader)
	if err != nil {
		return cardProblem(err, env)
	}
	defer s.Close()
	var out any
	if what == "status" {
		out, err = s.Status(ctx)
	} else {
		pin := card.NewPIN(readPIN(env))
		defer pin.Wipe()
		// The CLI has no signed-in counter user, so it never reads the number.
		out, err = s.ReadBasic(ctx, pin, card.ReadOptions{ConfirmedLastTry: *confirm})
	}
	if err != nil {
		return cardProblem(err, env)
	}
	if *asJSON || what == "read" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
		return exitOK
	}
	st := out.(*card.Status)
	fmt.Fprintf(env.Stdout, "reader: %s\ntoken: %s\ncard-info input support PIN: %d tries left\nauthentication PIN: %d tries left\nsignature password: %d tries left\ncertificate expires: %s\n",
		s.Reader(), st.Token, st.CardInfoPIN.TriesLeft, st.AuthPIN.TriesLeft, st.SignaturePassword.TriesLeft, st.CertExpiry.Format("2006-01-02"))
	return exitOK
}

// openFirst opens reader, or the first reader holding a My Number card.
func openFirst(ctx context.Context, reader string) (*card.Session, error) {
	if reader != "" {
		return card.Open(ctx, reader)
	}
	names, err := card.Readers(ctx)
	if err != nil {
		return nil, err
	}
	last := card.ErrNoReader
	for _, n := range names {
		s, err := card.Open(ctx, n)
		if err == nil {
			return s, nil
		}
		last = err
	}
	return nil, last
}

// readPIN takes the first line of standard input, else $MADOGUCHI_PIN.
func readPIN(env Env) string {
	if env.Stdin != nil {
		if line, err := bufio.NewReader(env.Stdin).ReadString('\n'); err == nil || (errors.Is(err, io.EOF) && line != "") {
			return strings.TrimSpace(line)
		}
	}
	return env.Getenv(PINEnv)
}

func cardProblem(err error, env Env) int {
	p := card.Problem(err)
	if p == nil {
		fmt.Fprintln(env.Stderr, "madoguchi:", err)
		return exitProblem
	}
	printProblems(problem.List{p}, env)
	if errors.Is(err, card.ErrLastTryNeedsConfirmation) || errors.Is(err, card.ErrPINBlocked) {
		return exitPINNotSent
	}
	return exitProblem
}

// StdinUnlessTerminal is os.Stdin when it is a pipe or file, and nil when it
// is a terminal (where a typed PIN would echo).
func StdinUnlessTerminal() io.Reader {
	st, err := os.Stdin.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice != 0 {
		return nil
	}
	return os.Stdin
}
