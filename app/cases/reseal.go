package cases

import "madoguchi/app/vault"

// Reseal re-encrypts every sealed value cases own (cases.data and
// case_referrals.data): pass it to vault.Setup and vault.Rotate.
var Reseal = vault.ResealAll(
	vault.ResealColumn("cases", "id", "data"),
	vault.ResealColumn("case_referrals", "id", "data"),
)
