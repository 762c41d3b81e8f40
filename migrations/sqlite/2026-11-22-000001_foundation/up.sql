-- Foundation: reference regions, organisations, accounts, sessions and the sign-in throttle.
-- Enumerations are TEXT with a CHECK (no database enum types), so both backends agree.

CREATE TABLE labour_market_regions (
    code        TEXT PRIMARY KEY CHECK (length(code) = 4 AND code LIKE 'AM__'),
    name        TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NULL,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);

-- The 35 arbeidsmarktregio's (shared/reference/arbeidsmarktregios.csv). Valid from the
-- 2021 CBS table on; a redrawn region gets a new code and an end date on the old one.
INSERT INTO labour_market_regions (code, name, valid_from, valid_to) VALUES
  ('AM01', 'Groningen', '2021-01-01', NULL),
  ('AM02', 'Friesland', '2021-01-01', NULL),
  ('AM03', 'Drenthe', '2021-01-01', NULL),
  ('AM05', 'Twente', '2021-01-01', NULL),
  ('AM06', 'Stedendriehoek en Noordwest Veluwe', '2021-01-01', NULL),
  ('AM07', 'Midden-Gelderland', '2021-01-01', NULL),
  ('AM08', 'Rijk van Nijmegen', '2021-01-01', NULL),
  ('AM09', 'Achterhoek', '2021-01-01', NULL),
  ('AM10', 'Rivierenland', '2021-01-01', NULL),
  ('AM11', 'Flevoland', '2021-01-01', NULL),
  ('AM12', 'Gooi- en Vechtstreek', '2021-01-01', NULL),
  ('AM13', 'Midden-Utrecht', '2021-01-01', NULL),
  ('AM14', 'Amersfoort', '2021-01-01', NULL),
  ('AM15', 'Noord-Holland (Noord)', '2021-01-01', NULL),
  ('AM17', 'Zaanstreek / Waterland', '2021-01-01', NULL),
  ('AM18', 'Groot Amsterdam', '2021-01-01', NULL),
  ('AM19', 'Holland Rijnland', '2021-01-01', NULL),
  ('AM20', 'Midden-Holland', '2021-01-01', NULL),
  ('AM21', 'Haaglanden', '2021-01-01', NULL),
  ('AM22', 'Rijnmond', '2021-01-01', NULL),
  ('AM23', 'Drechtsteden', '2021-01-01', NULL),
  ('AM24', 'Zeeland', '2021-01-01', NULL),
  ('AM25', 'West-Brabant', '2021-01-01', NULL),
  ('AM26', 'Midden-Brabant', '2021-01-01', NULL),
  ('AM27', 'Noordoost-Brabant', '2021-01-01', NULL),
  ('AM28', 'Zuidoost-Brabant', '2021-01-01', NULL),
  ('AM29', 'Noord-Limburg', '2021-01-01', NULL),
  ('AM30', 'Zuid-Limburg', '2021-01-01', NULL),
  ('AM32', 'Helmond-De Peel', '2021-01-01', NULL),
  ('AM33', 'Midden-Limburg', '2021-01-01', NULL),
  ('AM34', 'Zuid-Holland Centraal', '2021-01-01', NULL),
  ('AM35', 'Gorinchem', '2021-01-01', NULL),
  ('AM36', 'Zwolle', '2021-01-01', NULL),
  ('AM37', 'Zuid-Kennemerland en IJmond', '2021-01-01', NULL),
  ('AM38', 'Food Valley', '2021-01-01', NULL);

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('GGZ', 'UWV', 'MUNICIPALITY', 'WSP',
                    'JOBCOACH_ORGANISATION', 'EMPLOYER', 'OTHER')),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kvk_number  TEXT NULL,
    oin         TEXT NULL,
    agb_code    TEXT NULL,
    -- CBS municipality code (GMxxxx), for municipalities only.
    cbs_municipality_code TEXT NULL CHECK (cbs_municipality_code IS NULL
        OR (kind = 'MUNICIPALITY' AND length(cbs_municipality_code) = 6
            AND cbs_municipality_code LIKE 'GM____')),
    -- Recognised by UWV as a job-coach organisation (jobcoach organisations only).
    uwv_recognised INTEGER NOT NULL DEFAULT 0
        CHECK (uwv_recognised IN (0, 1)) CHECK (kind = 'JOBCOACH_ORGANISATION' OR NOT uwv_recognised),
    version     BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name));

CREATE TABLE organisation_regions (
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    region_code      TEXT NOT NULL REFERENCES labour_market_regions (code) ON DELETE RESTRICT,
    PRIMARY KEY (organisation_id, region_code)
);
CREATE INDEX organisation_regions_region ON organisation_regions (region_code);

CREATE TABLE users (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    -- Stored lower-cased by the application, so the unique index is case-insensitive.
    email            TEXT NOT NULL CHECK (email = lower(email)),
    display_name     TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    role             TEXT NOT NULL CHECK (role IN ('EMPLOYMENT_SPECIALIST', 'PRACTITIONER',
                         'UWV_LABOUR_EXPERT', 'MUNICIPAL_CASE_MANAGER', 'WSP_ACCOUNT_MANAGER',
                         'JOB_COACH', 'REGIONAL_COORDINATOR', 'AUDITOR', 'SYSTEM_ADMIN',
                         'PROGRAMME_COORDINATOR', 'ORG_ADMIN')),
    active           INTEGER NOT NULL CHECK (active IN (0, 1)),
    password_hash    TEXT NOT NULL,
    version          BIGINT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_organisation ON users (organisation_id, id);

-- A session is one refresh-token family: sign-in starts it, reuse or sign-out ends it.
CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    revoked_at      TEXT NULL,
    revoked_reason  TEXT NULL CHECK (revoked_reason IN ('SIGN_OUT', 'TOKEN_REUSE',
                        'ACCOUNT_DEACTIVATED', 'ADMIN_REVOKED', 'PASSWORD_CHANGED'))
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Only the SHA-256 of a refresh token is stored; the token itself exists only at the client.
CREATE TABLE refresh_tokens (
    token_hash       TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    issued_at        TEXT NOT NULL,
    idle_expires_at  TEXT NOT NULL,
    used_at          TEXT NULL
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Failed sign-ins, kept in the database so the throttle survives a restart. The key is a
-- hash of the normalised e-mail address or of the client address, never the value itself.
CREATE TABLE login_failures (
    id         TEXT PRIMARY KEY,
    key_kind   TEXT NOT NULL CHECK (key_kind IN ('ACCOUNT', 'ADDRESS')),
    key_hash   TEXT NOT NULL,
    failed_at  TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key_kind, key_hash, failed_at);
