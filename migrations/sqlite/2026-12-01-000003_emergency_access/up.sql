-- Emergency access (break-glass, noodtoegang; domain.md §8.7): a GGZ care professional
-- opens a client file outside their involvement, with a stated reason, for a limited time.
--
-- Each grant comes with a care-team membership of kind EMERGENCY, which is what makes the
-- professional a member. Memberships are bounded by calendar days; a grant is bounded by
-- instants (one hour by default), so an EMERGENCY membership counts only while its grant
-- runs: starts_at <= now < ends_at. The reason lives here, not on the membership, so that
-- no change to the care team can rewrite it; a grant is never changed after it is made.

CREATE TABLE emergency_accesses (
    id               TEXT PRIMARY KEY,
    client_id        TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    membership_id    TEXT NOT NULL UNIQUE REFERENCES care_team_members (id) ON DELETE RESTRICT,
    reason           TEXT NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
    starts_at        TEXT NOT NULL,
    ends_at          TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX emergency_accesses_user ON emergency_accesses (user_id, client_id, ends_at);
CREATE INDEX emergency_accesses_organisation ON emergency_accesses (organisation_id, id);
CREATE INDEX emergency_accesses_client ON emergency_accesses (client_id, id);

CREATE TRIGGER emergency_accesses_no_update BEFORE UPDATE ON emergency_accesses
BEGIN SELECT RAISE(ABORT, 'an emergency access is never changed'); END;
