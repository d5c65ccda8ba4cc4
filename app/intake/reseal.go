package intake

import (
	"context"
	"database/sql"

	"madoguchi/app/vault"
)

// Reseal re-encrypts every value this package seals (answers, override
// reasons): pass it to vault.Setup and vault.Rotate. The Individual Number
// is sealed by its own record key, which the vault re-seals itself.
func Reseal(ctx context.Context, tx *sql.Tx, reseal func([]byte) ([]byte, error)) error {
	for _, r := range []vault.Resealer{
		vault.ResealColumn("intake_applications", "id", "answers"),
		vault.ResealColumn("intake_handovers", "application_id", "reason"),
	} {
		if err := r(ctx, tx, reseal); err != nil {
			return err
		}
	}
	return nil
}
