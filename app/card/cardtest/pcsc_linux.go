//go:build linux

package cardtest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ebfe/scard"
	"golang.org/x/sys/unix"
)

// Where Debian's pcsc-lite and vsmartcard-vpcd put things.
const (
	pcscdSocket = "/run/pcscd/pcscd.comm"
	vpcdConf    = "/etc/reader.conf.d/vpcd"
)

// StartPCSC makes sure pcscd runs with vpcd's two readers and holds the machine's card-stack lock until the test
// ends. If pcscd is not running it starts `pcscd --foreground` (removing a socket left by one killed hard) and
// stops it at the end; a pcscd that was already running is used and left running. Without pcscd or
// vsmartcard-vpcd installed the test is skipped, or fails when $CI is set. The returned function ends all this
// early (it runs again, doing nothing, at cleanup); call it only once the test's cards are out, never deferred
// after InsertCard, whose cleanup needs pcscd to see the reader empty.
func StartPCSC(t testing.TB) (cleanup func()) {
	t.Helper()
	pcscd, err := exec.LookPath("pcscd")
	if err != nil {
		if _, statErr := os.Stat("/usr/sbin/pcscd"); statErr != nil {
			unavailable(t, "pcscd is not installed (Debian: apt-get install pcscd libpcsclite-dev)")
			return func() {}
		}
		pcscd = "/usr/sbin/pcscd"
	}
	if _, err := os.Stat(vpcdConf); err != nil {
		unavailable(t, "vsmartcard-vpcd is not installed (Debian: apt-get install vsmartcard-vpcd)")
		return func() {}
	}

	unlock := lock(t)
	var d *daemon
	var startErr error
	if !pcscdRunning() {
		d, startErr = startReady(t, pcscd, unlock)
	}
	var once sync.Once
	cleanup = func() {
		once.Do(func() {
			if d != nil {
				d.stop(t)
			}
			unlock()
		})
	}
	t.Cleanup(cleanup)
	if d == nil {
		startErr = waitForReaders(nil)
	}
	if err := startErr; err != nil {
		msg := err.Error()
		if d != nil {
			msg += "\npcscd said:\n" + d.out.String()
		}
		t.Fatal(msg)
	}
	return cleanup
}

// StartPCSCRestartable is StartPCSC for a test that stops pcscd and starts it
// again (how the app copes with the service going away): the lock is held
// throughout, so no other test process takes the stack while it is down.
// stop does nothing when pcscd was running before the test (the test then
// cannot stop it).
func StartPCSCRestartable(t testing.TB) (stop, start func()) {
	t.Helper()
	pcscd, err := exec.LookPath("pcscd")
	if err != nil {
		pcscd = "/usr/sbin/pcscd"
	}
	if _, err := os.Stat(pcscd); err != nil {
		unavailable(t, "pcscd is not installed (Debian: apt-get install pcscd libpcsclite-dev)")
		return func() {}, func() {}
	}
	if _, err := os.Stat(vpcdConf); err != nil {
		unavailable(t, "vsmartcard-vpcd is not installed (Debian: apt-get install vsmartcard-vpcd)")
		return func() {}, func() {}
	}
	unlock := lock(t)
	var mu sync.Mutex
	var d *daemon
	ours := !pcscdRunning()
	start = func() {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		var err error
		if ours && d == nil {
			d, err = startReady(t, pcscd, unlock)
		} else {
			err = waitForReaders(d)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	stop = func() {
		mu.Lock()
		defer mu.Unlock()
		if d != nil {
			d.stop(t)
			d = nil
		}
	}
	t.Cleanup(func() {
		stop()
		unlock()
	})
	start()
	return stop, start
}

// daemon is the pcscd this test started.
type daemon struct {
	cmd    *exec.Cmd
	out    *lockedBuffer
	exited chan struct{} // closed when pcscd has exited
}

// lock takes the exclusive flock on LockPath, waiting for other test processes.
func lock(t testing.TB) (unlock func()) {
	t.Helper()
	f, err := os.OpenFile(LockPath, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		t.Fatalf("card-stack lock: %v", err)
	}
	deadline := time.Now().Add(lockTimeout)
	logged := false
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, unix.EWOULDBLOCK) {
			f.Close()
			t.Fatalf("card-stack lock %s: %v", LockPath, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			t.Fatalf("card-stack lock %s still held by another test after %s", LockPath, lockTimeout)
		}
		if !logged {
			t.Logf("waiting for %s: another test is using pcscd and the vpcd readers", LockPath)
			logged = true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return func() {
		_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}
}

// pcscdRunning says whether a pcscd answers on its socket.
func pcscdRunning() bool {
	conn, err := net.DialTimeout("unix", pcscdSocket, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// portWait is how long a new pcscd keeps being started again while vpcd's
// port is still held. A pcscd stopped while a virtual card was connected
// leaves the port in TCP's TIME_WAIT (60 s on Linux), and the next one's
// vpcd driver then fails to bind it ("Address already in use"): seen in CI
// when two test packages took the stack one after the other.
const portWait = 75 * time.Second

// portInUse is what vpcd's driver writes when it cannot bind its port.
const portInUse = "Address already in use"

// startReady starts pcscd and waits for the readers, starting it again
// while vpcd's port is still held by the one before.
func startReady(t testing.TB, path string, unlock func()) (*daemon, error) {
	t.Helper()
	deadline := time.Now().Add(portWait)
	for {
		d := startPCSCD(t, path, unlock)
		err := waitForReaders(d)
		if err == nil || !strings.Contains(d.out.String(), portInUse) || time.Now().After(deadline) {
			return d, err
		}
		t.Logf("vpcd's port is still held (TIME_WAIT after the pcscd before): starting pcscd again")
		d.stop(t)
		time.Sleep(2 * time.Second)
	}
}

func startPCSCD(t testing.TB, path string, unlock func()) *daemon {
	t.Helper()
	// A socket nobody answers on is left by a pcscd killed hard; the new one refuses to start while it exists.
	if err := os.Remove(pcscdSocket); err != nil && !errors.Is(err, os.ErrNotExist) {
		unlock()
		unavailable(t, fmt.Sprintf("cannot remove the stale %s: %v", pcscdSocket, err))
	}
	d := &daemon{cmd: exec.Command(path, "--foreground"), out: &lockedBuffer{}, exited: make(chan struct{})}
	d.cmd.Stdout, d.cmd.Stderr = d.out, d.out
	if err := d.cmd.Start(); err != nil {
		unlock()
		unavailable(t, fmt.Sprintf("cannot start pcscd (it needs root to create /run/pcscd): %v", err))
	}
	go func() {
		_ = d.cmd.Wait()
		close(d.exited)
	}()
	return d
}

func (d *daemon) stop(t testing.TB) {
	t.Helper()
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
	case <-time.After(5 * time.Second):
		_ = d.cmd.Process.Kill()
		<-d.exited
		_ = os.Remove(pcscdSocket)
		t.Logf("pcscd did not stop within 5 s and was killed")
	}
}

// waitForReaders polls PC/SC until both vpcd readers are listed.
func waitForReaders(d *daemon) error {
	want := []string{ReaderName(0), ReaderName(1)}
	deadline := time.Now().Add(startTimeout)
	var last error
	for time.Now().Before(deadline) {
		if d != nil && d.exited != nil {
			select {
			case <-d.exited:
				return fmt.Errorf("pcscd exited: %v", d.cmd.ProcessState)
			default:
			}
		}
		readers, err := listReaders()
		if err == nil && slices.Contains(readers, want[0]) && slices.Contains(readers, want[1]) {
			return nil
		}
		if d != nil && strings.Contains(d.out.String(), portInUse) {
			return fmt.Errorf("vpcd could not bind its port: %s", portInUse)
		}
		last = err
		if err == nil {
			last = fmt.Errorf("readers %q, want %q", readers, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	hint := ""
	if d == nil {
		hint = " (pcscd was already running: if it started before vsmartcard-vpcd was installed, restart it)"
	}
	return fmt.Errorf("vpcd readers did not appear within %s%s: %v", startTimeout, hint, last)
}

func listReaders() ([]string, error) {
	ctx, err := scard.EstablishContext()
	if err != nil {
		return nil, err
	}
	defer ctx.Release()
	return ctx.ListReaders()
}

// lockedBuffer collects pcscd's output for the failure message.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
