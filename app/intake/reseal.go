package intake

import "madoguchi/app/vault"

// Reseal re-encrypts every value this package seals (answers, override
// reasons): pass it to vault.Setup and vault.Rotate. The Individual Number
// is sealed by its own record key, which the vault re-seals itself.
var Reseal = vault.ResealAll(
	vault.ResealColumn("intake_applications", "id", "answers"),
	vault.ResealColumn("intake_handovers", "application_id", "reason"),
)
