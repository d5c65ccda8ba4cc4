-- Cases: the people NGO caseworkers and counter staff follow. org is the
-- organisation whose caseworkers see the case ("" for the municipal
-- counter). Everything about the person (name, language, contact, notes,
-- the residence situation) is in data, one JSON value sealed by the vault.
CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    org        TEXT    NOT NULL,
    data       BLOB    NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    -- row version: a change made from an older version is refused
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX cases_org ON cases (org);

-- Referrals of a case to an organisation of the directory (app/orgs).
-- Status, outcome and the follow-up day stay in clear for the dashboard;
-- the reason, the consent and an override's reason are sealed in data.
CREATE TABLE case_referrals (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    org_id     TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    outcome    TEXT    NOT NULL DEFAULT '',
    follow_up  TEXT    NOT NULL DEFAULT '',
    data       BLOB    NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    sent_at    TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX case_referrals_case ON case_referrals (case_id);
