package intake

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

const crashChildEnv = "MADOGUCHI_CRASH_CHILD_DB"

// TestCrashChild is not a test on its own: TestSavesSurviveSIGKILL runs the
// test binary again with crashChildEnv set, and this function is then the
// child process that saves drafts in a loop until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("child process of TestSavesSurviveSIGKILL")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	if err := db.Migrate(ctx, Migrations); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	s := New(db, vault.New(), []string{"ja"}, nil)
	for i := 1; ; i++ {
		app, err := s.Start(ctx, 1)
		if err == nil {
			_, err = s.Save(ctx, app.ID, "language", Answers{"applicantLanguage": "ja"})
		}
		if err == nil {
			_, err = s.Save(ctx, app.ID, "name", Answers{"name": crashName(i)})
		}
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		// Acknowledged: Save returned, so the user was told it is saved.
		fmt.Printf("acked %d %d\n", app.ID, i)
	}
}

// TestSavesSurviveSIGKILL kills a process mid-way through saving drafts in a
// loop; every save it acknowledged must be in the file afterwards, and the
// file must pass SQLite's integrity check.
func TestSavesSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	testdb.SQLiteOnly(t) // a process killed while it writes the file
	path := filepath.Join(t.TempDir(), store.FileName)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[int64]string{}
	lines := bufio.NewScanner(out)
	for lines.Scan() && len(acked) < 150 {
		f := strings.Fields(lines.Text())
		if len(f) == 3 && f[0] == "acked" {
			id, _ := strconv.ParseInt(f[1], 10, 64)
			n, _ := strconv.Atoi(f[2])
			acked[id] = crashName(n)
		} else if len(f) > 0 && f[0] == "error" {
			t.Fatalf("child: %s", lines.Text())
		}
	}
	cmd.Process.Signal(syscall.SIGKILL) // mid-save: it is writing the next one
	cmd.Wait()
	if len(acked) == 0 {
		t.Fatal("child acknowledged no saves")
	}

	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		t.Fatalf("integrity after kill: %v", err)
	}
	s := New(db, vault.New(), []string{"ja"}, nil)
	for id, name := range acked {
		app, err := s.Get(ctx, id)
		if err != nil {
			t.Fatalf("acknowledged application %d lost: %v", id, err)
		}
		if app.Answers["name"] != name || app.Step != "kana" {
			t.Errorf("application %d after kill: name %q step %s, want %q at kana", id, app.Answers["name"], app.Step, name)
		}
	}
	t.Logf("%d acknowledged saves, all present after SIGKILL", len(acked))
}

// crashName makes a distinct valid name per save (names may not hold digits).
func crashName(i int) string {
	return "試験 " + strings.Map(func(r rune) rune { return []rune("アイウエオカキクケコ")[r-'0'] }, strconv.Itoa(i))
}
