//go:build !linux

package store

import "syscall"

// limitUnacknowledged does nothing where Go has no portable TCP_USER_TIMEOUT
// (Windows: TCP_MAXRTMS is not set here, so a network cut in the middle of a
// query is noticed when TCP gives up; docs/deployment.md).
func limitUnacknowledged(network, address string, c syscall.RawConn) error { return nil }
