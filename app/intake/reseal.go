package intake

import (
	"context"
	"database/sql"

	"madoguchi/app/vault"
)

// Reseal re-encrypts every value this package seals (answers, override
// reasons) and refiles every application in the blind index under the new
// key: pass it to vault.Setup and vault.Rotate. The Individual Number is
// sealed by its own record key, which the vault re-seals itself.
var Reseal = vault.ResealAll(
	vault.ResealColumn("intake_applications", "id", "answers"),
	vault.ResealColumn("intake_handovers", "application_id", "reason"),
	reindex,
)

// reindex rebuilds the blind index with the new key's terms and cards.
func reindex(ctx context.Context, tx *sql.Tx, rk *vault.Rekey) error {
	_, err := rebuildTerms(ctx, tx, rk.Blinder(), func(sealed []byte) (Answers, error) {
		a := Answers{}
		return a, vault.OpenJSON(rk, sealed, &a)
	}, rk)
	return err
}
