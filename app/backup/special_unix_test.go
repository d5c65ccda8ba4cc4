//go:build unix

package backup

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestRestoreRefusesSpecialFiles: the outside security test ran `madoguchi
// restore /dev/zero`, which read without end; a named pipe would wait
// forever for a writer. Neither is a regular file, so neither is read.
func TestRestoreRefusesSpecialFiles(t *testing.T) {
	tests := []struct {
		name string
		path func(t *testing.T) string
	}{
		{"/dev/zero", func(*testing.T) string { return "/dev/zero" }},
		{"a named pipe", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "pipe")
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			path, dst := tt.path(t), t.TempDir()
			done := make(chan error, 1)
			go func() {
				_, err := Restore(ctx, path, passphrase, dst, tables, time.Now())
				done <- err
			}()
			select {
			case err := <-done:
				if got := problemID(err); got != "backup.error.notBackup" {
					t.Errorf("restore: %q, want backup.error.notBackup", got)
				}
			case <-ctx.Done():
				t.Fatal("restore still reading after 10 s")
			}
		})
	}
}
