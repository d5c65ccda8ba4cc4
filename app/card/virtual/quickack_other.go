//go:build !linux

package virtual

import "net"

// setQuickAck does nothing outside Linux: TCP_QUICKACK is Linux's, and vpcd runs with pcsc-lite there.
func setQuickAck(net.Conn) {}
