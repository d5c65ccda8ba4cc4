-- The organisation an NGO caseworker's account belongs to (an ID in the
-- directory, app/orgs): the caseworker sees only that organisation's cases.
-- Empty for every other role, and for an NGO account until an administrator
-- sets it.
ALTER TABLE users ADD COLUMN org TEXT NOT NULL DEFAULT '';
