//go:build linux

package virtual

import (
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// setQuickAck asks Linux to acknowledge the next segment at once. The flag does not stick (the kernel drops back
// to delayed ACKs), so it is set before every read.
func setQuickAck(conn net.Conn) {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return
	}
	_ = raw.Control(func(fd uintptr) {
		_ = unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_QUICKACK, 1)
	})
}
