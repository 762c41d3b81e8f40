-- The NEN 7513 access log (domain.md §15): one row per access to client data, per
-- authentication event and per refusal. Rows are never changed or removed: the triggers
-- below refuse it, and every row carries a SHA-256 over its content and the previous row's
-- hash, so that a change made with the triggers out of the way is still found
-- (`werkpad audit verify`, GET /v1/audit-events/verification).
--
-- No BSN, no names, no search terms: ids and codes only.

CREATE TABLE audit_events (
    seq                    BIGINT NOT NULL UNIQUE CHECK (seq >= 1),
    id                     UUID PRIMARY KEY,
    occurred_at            TIMESTAMPTZ NOT NULL,
    event_type             TEXT NOT NULL CHECK (event_type IN ('CREATE', 'READ', 'UPDATE',
                               'DELETE', 'SEARCH', 'EXPORT', 'BREAK_GLASS', 'CONSENT_GRANT',
                               'CONSENT_WITHDRAW', 'LOGIN', 'REFRESH', 'LOGOUT', 'TOKEN_REUSE',
                               'AUDIT_READ')),
    outcome                TEXT NOT NULL CHECK (outcome IN ('SUCCESS', 'DENIED', 'ERROR')),
    actor_user_id          UUID NULL,
    actor_role             TEXT NULL,
    actor_organisation_id  UUID NULL,
    on_behalf_of           TEXT NULL,
    access_point           TEXT NOT NULL,
    request_id             UUID NULL,
    operation              TEXT NULL,
    object_type            TEXT NULL,
    object_id              TEXT NULL,
    -- Sorted, comma-separated: the hashed form. audit_event_subjects indexes the clients.
    client_ids             TEXT NOT NULL,
    data_categories        TEXT NOT NULL,
    consent_ids            TEXT NOT NULL,
    rules                  TEXT NOT NULL,
    emergency_access_id    UUID NULL,
    prev_hash              TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash                   TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE INDEX audit_events_by_organisation ON audit_events (actor_organisation_id, seq);
CREATE INDEX audit_events_by_user ON audit_events (actor_user_id, seq);

-- Which clients an event concerns, so that a list that returned fifty clients appears in
-- each of their access overviews. No foreign key: an erased client's tombstone keeps the id.
CREATE TABLE audit_event_subjects (
    event_id   UUID NOT NULL REFERENCES audit_events (id) ON DELETE RESTRICT,
    client_id  UUID NOT NULL,
    seq        BIGINT NOT NULL,
    PRIMARY KEY (event_id, client_id)
);
CREATE INDEX audit_event_subjects_by_client ON audit_event_subjects (client_id, seq);

-- The end of the chain: taking it (an UPDATE) serialises appends, so two transactions can
-- never both follow the same event.
CREATE TABLE audit_chain_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL CHECK (length(hash) = 64)
);
INSERT INTO audit_chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only';
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_event_subjects_append_only BEFORE UPDATE OR DELETE ON audit_event_subjects
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_event_subjects_no_truncate BEFORE TRUNCATE ON audit_event_subjects
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
