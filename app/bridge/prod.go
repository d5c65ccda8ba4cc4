//go:build !dev

package bridge

import "io"

// OpenDev has nothing to guard outside dev builds: they serve no dev server, hence no WebSocket bridge.
func OpenDev(getenv func(string) string, stderr io.Writer) (*Guard, error) { return nil, nil }
