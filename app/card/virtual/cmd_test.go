package virtual_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"madoguchi/app/card/cardtest"
	"madoguchi/app/card/virtual"
)

func TestMainRefusesBadCommandLines(t *testing.T) {
	t.Setenv("LANG", "C")
	dir := t.TempDir()
	badPersona := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badPersona, []byte(`{"number": "98765"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"unknown flag", []string{"--persona-file", "x.json"}, 2},
		{"third reader", []string{"--reader", "2"}, 2},
		{"stray argument", []string{"now"}, 2},
		{"missing persona file", []string{"--persona", filepath.Join(dir, "missing.json")}, 1},
		{"invalid persona", []string{"--persona", badPersona}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := virtual.Main(context.Background(), tt.args, &stdout, &stderr); code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, &stderr)
			}
			if stderr.Len() == 0 {
				t.Error("nothing said on stderr")
			}
			if strings.Contains(stderr.String(), "98765") {
				t.Errorf("stderr repeats the persona's number:\n%s", &stderr)
			}
		})
	}
}

// syncBuffer is written by the card's goroutine and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestMainServesUntilCancelled(t *testing.T) {
	t.Setenv("LANG", "C")
	cardtest.StartPCSC(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- virtual.Main(ctx, []string{"--persona", "testdata/tsusho.json", "--reader", "1"}, &stdout, &stderr)
	}()
	cardtest.WaitPresent(t, 1)
	r := connect(t, 1)
	r.send(selJPKI, "9000")
	r.close()
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d; stderr:\n%s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Main did not return after cancel")
	}
	cardtest.WaitAbsent(t, 1)
	out := stdout.String()
	t.Logf("stdout:\n%s", out)
	for _, want := range []string{"127.0.0.1:35964", "inserted at", "power on", "SELECT application JPKI", "removed"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout does not say %q:\n%s", want, out)
		}
	}
}
