//go:build !linux

package cardtest

import "testing"

// StartPCSC skips the test (or fails it in CI): the tests drive pcsc-lite's pcscd with vsmartcard-vpcd, which
// this project runs on Linux only.
func StartPCSC(t testing.TB) (cleanup func()) {
	t.Helper()
	unavailable(t, "the card stack (pcscd + vsmartcard-vpcd) is only set up on Linux")
	return func() {}
}

// StartPCSCRestartable skips (or fails in CI): see StartPCSC.
func StartPCSCRestartable(t testing.TB) (stop, start func()) {
	t.Helper()
	unavailable(t, "the card stack (pcscd + vsmartcard-vpcd) is only set up on Linux")
	return func() {}, func() {}
}
