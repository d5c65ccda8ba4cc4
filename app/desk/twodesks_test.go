package desk

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/card/virtual"
	"madoguchi/app/i18n"
	"madoguchi/app/intake"
	"madoguchi/app/store/storetest"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
	"madoguchi/locales"
)

// TestMain lets this test binary play another desk PC (playDesk) when
// storetest.Start runs it again.
func TestMain(m *testing.M) {
	if role, args, ok := storetest.Role(); ok {
		os.Exit(playRole(role, args))
	}
	os.Exit(m.Run())
}

func playRole(role string, args []string) int {
	switch role {
	case "desk":
		if err := playDesk(args[0], args[1], args[2], args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "desk:", err)
			return 1
		}
		return 0
	}
	fmt.Fprintln(os.Stderr, "unknown role", role)
	return 2
}

// deskCommand is one line the test sends to a desk process: a user's action
// at that desk, as the window would call it.
type deskCommand struct {
	Op      string         `json:"op"`
	ID      int64          `json:"id,omitempty"`
	Step    string         `json:"step,omitempty"`
	Answers intake.Answers `json:"answers,omitempty"`
	Text    string         `json:"text,omitempty"`
	Minutes int            `json:"minutes,omitempty"`
	Millis  int            `json:"millis,omitempty"`
}

// deskReply is the desk's answer: the first problem's ID when the action was
// refused, the error's text when it was not even a problem, else the value.
type deskReply struct {
	Problem string          `json:"problem,omitempty"`
	Error   string          `json:"error,omitempty"`
	Value   json.RawMessage `json:"value,omitempty"`
}

// playDesk is one desk PC: the desk wired as main.go wires it (desk.Wire:
// the database at dataDir or databaseURL, the vault with a file keyring of
// its own in keyringDir), with a virtual card reader and a clock of its own
// that the test moves (the idle lock). It takes commands on the Unix socket
// at sock until its standard input closes.
func playDesk(dataDir, databaseURL, keyringDir, sock string) error {
	ctx := context.Background()
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		return err
	}
	c := &clock{t: time.Now()}
	deps := Deps{
		Version: "test", Catalog: cat, DataDir: dataDir, Database: databaseURL, Now: c.now,
		Log: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}
	db := Wire(ctx, &deps, vault.NewFileKeyring(keyringDir))
	if db != nil {
		defer db.Close()
	}
	if deps.Fatal != nil {
		return deps.Fatal
	}
	deps.Auth = deps.Auth.WithHashCost(cheapHashes) // as the other desk tests: app/auth checks the real cost
	r := &reader{}
	deps.OpenCard = r.open
	d := New(deps)

	l, err := net.Listen("unix", sock)
	if err != nil {
		return err
	}
	defer l.Close()
	storetest.Ready()
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		lines := bufio.NewScanner(conn)
		lines.Buffer(nil, 1<<20)
		out := json.NewEncoder(conn)
		for lines.Scan() {
			var cmd deskCommand
			if err := json.Unmarshal(lines.Bytes(), &cmd); err != nil {
				out.Encode(deskReply{Error: err.Error()})
				continue
			}
			v, err := runCommand(d, c, r, cmd)
			var rep deskReply
			if err != nil {
				if rep.Problem = problemID(err); strings.HasPrefix(rep.Problem, "non-problem: ") {
					rep.Problem, rep.Error = "", err.Error()
				}
			}
			if v != nil {
				rep.Value, _ = json.Marshal(v)
			}
			out.Encode(rep)
		}
	}()
	storetest.Hold()
	return nil
}

// reader is a desk's one card reader (testReader) with a virtual card on
// it. Hold makes the next card operation wait inside the desk's card lock
// until Release, as a slow read would.
type reader struct {
	slot    cardSlot
	mu      sync.Mutex
	held    chan struct{} // closed by Release
	entered chan struct{} // closed once an operation waits in held
}

func (r *reader) open(ctx context.Context, name string) (CardSession, error) {
	r.mu.Lock()
	held, entered := r.held, r.entered
	r.mu.Unlock()
	if held != nil {
		close(entered)
		<-held
	}
	return r.slot.open(ctx, name)
}

// runCommand does cmd at desk d.
func runCommand(d *Desk, c *clock, r *reader, cmd deskCommand) (any, error) {
	switch cmd.Op {
	case "setup": // a new installation: the data passphrase, the administrator, the staff
		if _, err := d.CreateAdmin("admin", "Admin", pw, pw); err != nil {
			return nil, err
		}
		if err := d.SetUpProtection(passphrase, passphrase); err != nil {
			return nil, err
		}
		for _, u := range []struct {
			name string
			role auth.Role
		}{{"counter1", auth.Counter}, {"counter2", auth.Counter}, {"supervisor1", auth.Supervisor}} {
			if _, err := d.CreateUser(u.name, "Staff "+u.name, u.role, pw, pw); err != nil {
				return nil, err
			}
		}
		return nil, d.SignOut()
	case "boot":
		return d.Boot()
	case "unlockData":
		return nil, d.UnlockData(passphrase)
	case "signIn":
		return d.SignIn(cmd.Text, pw)
	case "unlock":
		return d.Unlock(pw)
	case "touch":
		return nil, d.Touch()
	case "advance": // the desk's own clock: minutes without a touch
		c.t = c.t.Add(time.Duration(cmd.Minutes) * time.Minute)
		return nil, nil
	case "next":
		return nil, d.NextApplicant()
	case "start":
		return d.StartApplication()
	case "get":
		return d.GetApplication(cmd.ID)
	case "save":
		return d.SaveStep(cmd.ID, cmd.Step, cmd.Answers)
	case "submit":
		return d.SubmitApplication(cmd.ID)
	case "search":
		return d.SearchApplications(cmd.Text)
	case "putCard": // 山田 太郎's card, as on the applications the test fills in
		p := virtual.DefaultPersona()
		p.Name, p.Address, p.BirthDate, p.Sex, p.Number = "山田 太郎", "東京都新宿区西新宿二丁目8番1号", "1980-04-12", "1", "123456789018"
		vc, err := virtual.New(p)
		if err != nil {
			return nil, err
		}
		r.slot.put(d, vc)
		return nil, nil
	case "check":
		return d.CheckHandover(cmd.ID, testReader, cardPIN, false)
	case "handover":
		return d.CompleteHandover(cmd.ID, nil)
	case "holdCard": // a card read that stays inside the desk's card lock until releaseCard
		r.mu.Lock()
		r.held, r.entered = make(chan struct{}), make(chan struct{})
		entered := r.entered
		r.mu.Unlock()
		go d.CardStatus(testReader)
		<-entered
		return nil, nil
	case "releaseCard":
		r.mu.Lock()
		close(r.held)
		r.held = nil
		r.mu.Unlock()
		return nil, nil
	case "cardStatus": // "busy" when the desk's card lock is not had within Millis
		done := make(chan error, 1)
		go func() { _, err := d.CardStatus(testReader); done <- err }()
		select {
		case err := <-done:
			return "read", err
		case <-time.After(time.Duration(cmd.Millis) * time.Millisecond):
			return "busy", nil
		}
	}
	return nil, fmt.Errorf("unknown command %q", cmd.Op)
}

// deskProc is a desk process the test talks to.
type deskProc struct {
	name  string
	proc  *storetest.Proc
	conn  net.Conn
	lines *bufio.Scanner
}

// startDesk starts a desk process on the database at dataDir/databaseURL.
func startDesk(t *testing.T, name, dataDir, databaseURL, keyringDir string) *deskProc {
	t.Helper()
	sockDir, err := os.MkdirTemp("", "desk") // short: a socket's path has a length limit
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sockDir) })
	sock := filepath.Join(sockDir, "s")
	p := &deskProc{name: name, proc: storetest.Start(t, "desk", dataDir, databaseURL, keyringDir, sock)}
	if p.conn, err = net.Dial("unix", sock); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.conn.Close() })
	p.lines = bufio.NewScanner(p.conn)
	p.lines.Buffer(nil, 1<<20)
	return p
}

// do runs cmd at the desk and returns its reply.
func (p *deskProc) do(t *testing.T, cmd deskCommand) deskReply {
	t.Helper()
	b, _ := json.Marshal(cmd)
	p.conn.SetDeadline(time.Now().Add(2 * time.Minute))
	if _, err := p.conn.Write(append(b, '\n')); err != nil {
		t.Fatalf("%s %s: %v", p.name, cmd.Op, err)
	}
	if !p.lines.Scan() {
		t.Fatalf("%s %s: no reply: %v", p.name, cmd.Op, p.lines.Err())
	}
	var rep deskReply
	if err := json.Unmarshal(p.lines.Bytes(), &rep); err != nil {
		t.Fatalf("%s %s: %v", p.name, cmd.Op, err)
	}
	if rep.Error != "" {
		t.Fatalf("%s %s: %s", p.name, cmd.Op, rep.Error)
	}
	return rep
}

// must runs cmd and fails the test unless it was done; the value is
// decoded into into (when not nil).
func (p *deskProc) must(t *testing.T, cmd deskCommand, into any) {
	t.Helper()
	rep := p.do(t, cmd)
	if rep.Problem != "" {
		t.Fatalf("%s %s %d: refused with %s", p.name, cmd.Op, cmd.ID, rep.Problem)
	}
	if into != nil {
		if err := json.Unmarshal(rep.Value, into); err != nil {
			t.Fatalf("%s %s: %v", p.name, cmd.Op, err)
		}
	}
}

// refused runs cmd and fails the test unless it was refused with want.
func (p *deskProc) refused(t *testing.T, cmd deskCommand, want string) {
	t.Helper()
	if rep := p.do(t, cmd); rep.Problem != want {
		t.Fatalf("%s %s %d: %q, want %q", p.name, cmd.Op, cmd.ID, rep.Problem, want)
	}
}

// takeApplication is 山田 太郎's application, taken and submitted at p.
func (p *deskProc) takeApplication(t *testing.T) intake.Application {
	t.Helper()
	var a intake.Application
	p.must(t, deskCommand{Op: "start"}, &a)
	for _, s := range []struct {
		step string
		in   intake.Answers
	}{
		{"language", intake.Answers{"applicantLanguage": "ja"}},
		{"name", intake.Answers{"name": "山田 太郎"}},
		{"kana", intake.Answers{"nameKana": "ヤマダ タロウ"}},
		{"birth", intake.Answers{"birthCalendar": "gregorian", "birthYear": "1980", "birthMonth": "4", "birthDay": "12"}},
		{"sex", intake.Answers{"sex": "male"}},
		{"address", intake.Answers{"postalCode": "1600023", "address": "東京都新宿区西新宿二丁目8番1号"}},
		{"nationality", intake.Answers{"nationality": "JP"}},
		{"contact", intake.Answers{"phone": "09012345678"}},
		{"number", intake.Answers{"recordNumber": "yes", "number": "123456789018", "numberAgain": "123456789018"}},
	} {
		p.must(t, deskCommand{Op: "save", ID: a.ID, Step: s.step, Answers: s.in}, nil)
	}
	p.must(t, deskCommand{Op: "submit", ID: a.ID}, &a)
	if a.Status != intake.StatusReady {
		t.Fatalf("%s: application %d is %s after submitting", p.name, a.ID, a.Status)
	}
	return a
}

// TestTwoDesksAtOnce runs two desk processes on one database, on the run's
// engine: one SQLite file in one data folder (two windows on one PC, or a
// shared folder), or one PostgreSQL database with a data folder and a
// keyring for each desk PC. An application taken at one desk is found,
// opened and handed over at the other; an edit from the first desk's stale
// screen is refused by the row version; the idle lock, the Next applicant
// reset and the card lock stay with their desk.
func TestTwoDesksAtOnce(t *testing.T) {
	dataDir, url := testdb.Place(t)
	dir1, dir2 := dataDir, dataDir
	kr1, kr2 := filepath.Join(dataDir, "keyring"), filepath.Join(dataDir, "keyring")
	if url != "" { // two PCs: nothing shared but the database
		dir2 = t.TempDir()
		kr1, kr2 = filepath.Join(dir1, "keyring"), filepath.Join(dir2, "keyring")
	}
	d1 := startDesk(t, "desk 1", dir1, url, kr1)
	d1.must(t, deskCommand{Op: "setup"}, nil)
	d2 := startDesk(t, "desk 2", dir2, url, kr2)
	var boot Boot
	d2.must(t, deskCommand{Op: "boot"}, &boot)
	switch {
	case url == "" && boot.Protection != protectionOpen:
		t.Fatalf("desk 2 on the same PC: protection %q, want open (the PC's keyring holds the key)", boot.Protection)
	case url != "" && boot.Protection != protectionLocked:
		t.Fatalf("desk 2 on another PC: protection %q, want locked (its keyring is empty)", boot.Protection)
	case url != "":
		d2.must(t, deskCommand{Op: "unlockData"}, nil) // once per PC
	}

	d1.must(t, deskCommand{Op: "signIn", Text: "counter1"}, nil)
	d2.must(t, deskCommand{Op: "signIn", Text: "counter2"}, nil)
	a := d1.takeApplication(t)

	// Desk 2 finds it, opens it and checks the card against it.
	var found ApplicationSearch
	d2.must(t, deskCommand{Op: "search", Text: "山田"}, &found)
	if !slices.ContainsFunc(found.Applications, func(s intake.Summary) bool { return s.ID == a.ID }) {
		t.Fatalf("desk 2's search for 山田 found %+v, not application %d", found.Applications, a.ID)
	}
	var opened intake.Application
	d2.must(t, deskCommand{Op: "get", ID: a.ID}, &opened)
	if opened.Status != intake.StatusReady || opened.Answers["name"] != "山田 太郎" || opened.Version != a.Version {
		t.Fatalf("desk 2 opened %+v, want desk 1's ready application at version %d", opened, a.Version)
	}
	d2.must(t, deskCommand{Op: "putCard"}, nil)
	var check HandoverCheck
	d2.must(t, deskCommand{Op: "check", ID: a.ID}, &check)
	if !check.AllMatch {
		t.Fatalf("desk 2's check: %+v", check)
	}

	t.Run("the idle lock stays with its desk", func(t *testing.T) {
		d1.must(t, deskCommand{Op: "advance", Minutes: 6}, nil) // the default idle limit is 5 minutes
		d1.refused(t, deskCommand{Op: "get", ID: a.ID}, "auth.locked")
		d2.must(t, deskCommand{Op: "touch"}, nil)
		d2.must(t, deskCommand{Op: "boot"}, &boot)
		if boot.Locked || boot.User == nil || boot.User.Username != "counter2" {
			t.Errorf("desk 2 after desk 1 locked: %+v", boot)
		}
		d1.must(t, deskCommand{Op: "unlock"}, nil)
	})

	t.Run("the card lock stays with its desk", func(t *testing.T) {
		d1.must(t, deskCommand{Op: "putCard"}, nil) // on desk 1's reader: desk 2's check stands
		d1.must(t, deskCommand{Op: "holdCard"}, nil)
		var got string
		d1.must(t, deskCommand{Op: "cardStatus", Millis: 500}, &got)
		if got != "busy" {
			t.Errorf("desk 1's second card read while its first holds the card lock: %s, want busy", got)
		}
		d2.must(t, deskCommand{Op: "cardStatus", Millis: 20000}, &got) // a slow machine is not a held lock
		if got != "read" {
			t.Errorf("desk 2's card read while desk 1 holds its card lock: %s, want read", got)
		}
		d1.must(t, deskCommand{Op: "releaseCard"}, nil)
	})

	// Desk 2 hands the card over on its own check.
	var handed intake.Application
	d2.must(t, deskCommand{Op: "handover", ID: a.ID}, &handed)
	if handed.HandedOver == nil || !handed.HandedOver.Matched {
		t.Fatalf("handover at desk 2: %+v", handed.HandedOver)
	}

	t.Run("an edit from a stale screen is refused", func(t *testing.T) {
		// Desk 1 still shows the application as it submitted it. The
		// handover is a row of its own (intake_handovers): the
		// application's row, and its version, are unchanged, and the edit
		// is refused because the application is no longer a draft.
		d1.refused(t, deskCommand{Op: "save", ID: a.ID, Step: "contact", Answers: intake.Answers{"phone": "0312345678"}}, "intake.error.alreadySubmitted")
		d1.refused(t, deskCommand{Op: "handover", ID: a.ID}, "desk.handover.error.checkFirst") // desk 2's check is desk 2's
		var now intake.Application
		d1.must(t, deskCommand{Op: "get", ID: a.ID}, &now)
		if now.HandedOver == nil || now.Answers["phone"] != "09012345678" {
			t.Errorf("after the refused edit: phone %q, handed over %+v", now.Answers["phone"], now.HandedOver)
		}

		// A draft both desks have on screen: desk 2 saves first, desk 1's
		// save from the older screen is refused by the row version.
		var draft intake.Application
		d1.must(t, deskCommand{Op: "start"}, &draft)
		d1.must(t, deskCommand{Op: "save", ID: draft.ID, Step: "language", Answers: intake.Answers{"applicantLanguage": "ja"}}, nil)
		d1.must(t, deskCommand{Op: "save", ID: draft.ID, Step: "name", Answers: intake.Answers{"name": "佐藤 次郎"}}, nil)
		d2.must(t, deskCommand{Op: "search", Text: "佐藤"}, &found)
		if len(found.Applications) != 1 || found.Applications[0].ID != draft.ID {
			t.Fatalf("desk 2's search for 佐藤: %+v, want draft %d", found.Applications, draft.ID)
		}
		d2.must(t, deskCommand{Op: "get", ID: draft.ID}, nil)
		d2.must(t, deskCommand{Op: "save", ID: draft.ID, Step: "name", Answers: intake.Answers{"name": "佐藤 二郎"}}, nil)
		d1.refused(t, deskCommand{Op: "save", ID: draft.ID, Step: "name", Answers: intake.Answers{"name": "佐藤 治郎"}}, "intake.error.conflict")
		d1.must(t, deskCommand{Op: "get", ID: draft.ID}, &now)
		if now.Answers["name"] != "佐藤 二郎" {
			t.Errorf("name is %q, want desk 2's 佐藤 二郎", now.Answers["name"])
		}
		d1.must(t, deskCommand{Op: "save", ID: draft.ID, Step: "name", Answers: intake.Answers{"name": "佐藤 治郎"}}, nil) // reopened: saved
	})

	t.Run("Next applicant resets its own desk only", func(t *testing.T) {
		b, c := d1.takeApplication(t), d1.takeApplication(t)
		d2.must(t, deskCommand{Op: "putCard"}, nil)
		d2.must(t, deskCommand{Op: "check", ID: b.ID}, nil)
		d1.must(t, deskCommand{Op: "next"}, nil)
		d2.must(t, deskCommand{Op: "handover", ID: b.ID}, nil)

		d2.must(t, deskCommand{Op: "putCard"}, nil)
		d2.must(t, deskCommand{Op: "check", ID: c.ID}, nil)
		d2.must(t, deskCommand{Op: "next"}, nil)
		d2.refused(t, deskCommand{Op: "handover", ID: c.ID}, "desk.handover.error.checkFirst")
	})

	d1.proc.Stop()
	d2.proc.Stop()
	db := testdb.OpenAt(t, dataDir, url)
	if r, err := audit.Verify(context.Background(), db); err != nil || !r.OK() {
		t.Errorf("the audit chain the two desks wrote: %+v, %v", r, err)
	}
	var handovers int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM intake_handovers`).Scan(&handovers); err != nil {
		t.Fatal(err)
	}
	if handovers != 2 {
		t.Errorf("%d handovers recorded, want 2", handovers)
	}
}
