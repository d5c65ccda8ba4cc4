// Package storetest runs the test binary again as another process, for
// tests about what two processes on one data folder do to each other (the
// database's lock, a process killed in the middle of a backup): the common
// Go pattern of a test binary re-executing itself as a helper.
package storetest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

const (
	roleEnv = "MADOGUCHI_TEST_HELPER"
	argsEnv = "MADOGUCHI_TEST_HELPER_ARGS"
	ready   = "ready"
)

// Role is the role this process was started to play by Start, and its
// arguments; ok is false in the test process itself. Call it first in
// TestMain, and play the role instead of running the tests.
func Role() (role string, args []string, ok bool) {
	role = os.Getenv(roleEnv)
	if role == "" {
		return "", nil, false
	}
	if a := os.Getenv(argsEnv); a != "" {
		args = strings.Split(a, "\n")
	}
	return role, args, true
}

// Ready tells the test process that the role is in place (Start returns).
func Ready() {
	fmt.Println(ready)
}

// Hold keeps the process as it is until the test process stops it (its
// standard input closes) or kills it.
func Hold() {
	io.Copy(io.Discard, os.Stdin)
}

// Proc is a helper process.
type Proc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	done  bool
}

// Start runs this test binary as another process playing role with args,
// and returns when it says it is ready. It is killed at the end of the
// test if it is still running.
func Start(t *testing.T, role string, args ...string) *Proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), roleEnv+"="+role, argsEnv+"="+strings.Join(args, "\n"))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &Proc{cmd: cmd, stdin: stdin}
	t.Cleanup(p.Kill)
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- strings.TrimSpace(line)
	}()
	select {
	case line := <-lines:
		if line != ready {
			p.Kill()
			t.Fatalf("helper %s: %q, want %q", role, line, ready)
		}
	case <-time.After(30 * time.Second):
		p.Kill()
		t.Fatalf("helper %s: not ready after 30 s", role)
	}
	return p
}

// Stop ends the process the ordinary way (its standard input closes, the
// role returns) and waits for it.
func (p *Proc) Stop() error {
	if p.done {
		return nil
	}
	p.done = true
	p.stdin.Close()
	return p.cmd.Wait()
}

// Kill ends the process at once, as a power cut or `kill -9` would: no
// deferred function runs, no file is closed by the process itself.
func (p *Proc) Kill() {
	if p.done {
		return
	}
	p.done = true
	p.cmd.Process.Kill()
	p.cmd.Wait()
}
