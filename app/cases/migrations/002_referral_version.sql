-- Row version of a referral, as cases have (001_cases.sql): every change
-- (consent, sending, status, outcome, follow-up day) is made from the version
-- the caseworker's screen showed, and refused from an older one
-- (cases.error.conflict), so two desks never overwrite each other unseen.
ALTER TABLE case_referrals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
