package desk

import (
	"errors"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/problem"
	"madoguchi/app/vault"
)

// Protection states of the data at rest, as Boot reports them: the window
// asks for a new passphrase (needsSetup), for the passphrase (locked), or
// goes on (open).
const (
	protectionNeedsSetup = "needsSetup"
	protectionLocked     = "locked"
	protectionOpen       = "open"
)

// protection reports the vault's state for the window. A desk without a
// vault (tests of other things) or with a plain one counts as open.
func (d *Desk) protection() string {
	if d.Vault == nil {
		return protectionOpen
	}
	switch d.Vault.State() {
	case vault.StateNeedsSetup:
		return protectionNeedsSetup
	case vault.StateLocked:
		return protectionLocked
	}
	return protectionOpen
}

// SetUpProtection creates the data key at first run and wraps it with the
// administrator's passphrase (and this PC's keyring), encrypting any value
// stored before. On a new installation anyone at the PC may do it, as with
// CreateAdmin; once accounts exist only a signed-in administrator may.
func (d *Desk) SetUpProtection(passphrase, confirm string) error {
	if d.Fatal != nil {
		return d.Fatal
	}
	if d.Vault == nil || d.Vault.State() != vault.StateNeedsSetup {
		return problem.New("vault.error.alreadySetUp", nil)
	}
	firstRun, err := d.Auth.NeedsAdmin(d.ctx)
	if err != nil {
		return d.fail("set up protection", err)
	}
	var u *auth.User
	if !firstRun {
		if u, err = d.signedIn(auth.Admin); err != nil {
			return err
		}
	}
	if probs := vault.CheckPassphrase(passphrase, confirm); len(probs) > 0 {
		return probs
	}
	if err := d.Vault.Setup(d.ctx, passphrase, d.Resealers...); err != nil {
		return d.fail("set up protection", err)
	}
	e := audit.Entry{Action: audit.VaultSetup}
	if u != nil {
		e.UserID, e.Role = u.ID, string(u.Role)
	}
	d.record(e)
	d.warnKeyring()
	return nil
}

// UnlockData opens the data key with the administrator's passphrase when
// this PC's keyring does not hold it (a new PC, a restored database). It
// is public: no one can sign in usefully before it, and the passphrase is
// the credential. Guesses are limited as passwords are (auth's
// PassphraseWaitAfter: waits, never a lock), and a wrong passphrase is
// recorded.
func (d *Desk) UnlockData(passphrase string) error {
	if d.Fatal != nil {
		return d.Fatal
	}
	if d.Vault == nil || d.Vault.State() != vault.StateLocked {
		return nil
	}
	err := d.Auth.DataPassphrase(d.ctx, func() (bool, error) {
		err := d.Vault.Unlock(d.ctx, passphrase)
		wrong := errors.Is(err, vault.ErrWrongPassphrase)
		if wrong {
			d.record(audit.Entry{Action: audit.VaultLocked})
		}
		return wrong, err
	})
	if err != nil {
		return d.fail("unlock data", err)
	}
	d.record(audit.Entry{Action: audit.VaultUnlock})
	d.warnKeyring()
	return nil
}

// warnKeyring tells the administrator's log why the key could not be kept
// in the keyring: the passphrase will then be asked at every start.
func (d *Desk) warnKeyring() {
	if err := d.Vault.KeyringError(); err != nil {
		d.Log.Warn("data key not kept in the keyring; the passphrase will be asked at each start", "err", err)
	}
}
