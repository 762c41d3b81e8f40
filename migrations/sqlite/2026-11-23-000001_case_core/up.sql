-- Case core: clients, care teams, consents, benefits, trajectories with their transitions,
-- financing, vocational profiles, employers, employer contacts, placements, support
-- activities, jobcoach provisions and journal entries.
--
-- Every table that holds client data has `client_id` and `origin_organisation_id` (the
-- organisation whose professional created the record): the authorization scope in
-- src/db/scope.rs filters on exactly these two columns, plus the care team and consents.
-- No diagnosis or treatment content is stored anywhere.

-- Municipality → labour-market region, per validity period, as CBS publishes it yearly
-- ("Gebieden in Nederland"). Loaded by the operator (`werkpad municipalities import`).
CREATE TABLE municipalities (
    code         TEXT NOT NULL CHECK (length(code) = 6 AND code LIKE 'GM____'),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    region_code  TEXT NOT NULL REFERENCES labour_market_regions (code) ON DELETE RESTRICT,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT NULL,
    PRIMARY KEY (code, valid_from),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE TABLE clients (
    id                      TEXT PRIMARY KEY,
    given_names             TEXT NOT NULL CHECK (length(given_names) BETWEEN 1 AND 200),
    family_name             TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 200),
    birth_date              TEXT NOT NULL,
    email                   TEXT NULL,
    phone                   TEXT NULL,
    municipality_code       TEXT NOT NULL CHECK (length(municipality_code) = 6
                                AND municipality_code LIKE 'GM____'),
    municipality_since      TEXT NULL,
    region_code             TEXT NOT NULL REFERENCES labour_market_regions (code) ON DELETE RESTRICT,
    employer_disclosure     TEXT NOT NULL CHECK (employer_disclosure IN ('NONE', 'LIMITED', 'FULL')),
    disclosure_note         TEXT NULL,
    -- AES-256-GCM under WERKPAD_DATA_KEY; the lookup column is a keyed hash, never the BSN.
    bsn_ciphertext          TEXT NULL,
    bsn_lookup              TEXT NULL,
    record_regime           TEXT NOT NULL CHECK (record_regime IN ('GGZ_WGBO',
                                'MUNICIPAL_SOCIAL_DOMAIN', 'UWV', 'SHARED_TRAJECTORY')),
    legal_hold              INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1)),
    origin_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_by_user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    version                 BIGINT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    CHECK ((bsn_ciphertext IS NULL) = (bsn_lookup IS NULL))
);
CREATE UNIQUE INDEX clients_bsn_lookup_key ON clients (bsn_lookup);
CREATE INDEX clients_region ON clients (region_code, id);
CREATE INDEX clients_updated ON clients (updated_at, id);
CREATE INDEX clients_origin ON clients (origin_organisation_id);

CREATE TABLE trajectories (
    id                        TEXT PRIMARY KEY,
    client_id                 TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    type                      TEXT NOT NULL CHECK (type IN ('IPS', 'IPS_CMD', 'JOBCOACHING',
                                  'WABZ', 'OTHER')),
    status                    TEXT NOT NULL CHECK (status IN ('REGISTERED', 'INTAKE',
                                  'VOCATIONAL_PROFILE', 'JOB_SEARCH', 'PLACED', 'FOLLOW_ALONG',
                                  'PAUSED', 'CLOSED', 'ENDED_EARLY', 'JOINT_INTAKE',
                                  'PLAN_ALIGNED', 'ACTIVATION', 'JOB_MATCHING')),
    -- Date of the last transition: a later transition cannot be dated before it.
    status_date               TEXT NOT NULL,
    lead_organisation_id      TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    lead_user_id              TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    registration_date         TEXT NOT NULL,
    wish_to_work_date         TEXT NULL,
    start_date                TEXT NULL,
    planned_end_date          TEXT NULL,
    end_date                  TEXT NULL,
    end_reason                TEXT NULL CHECK (end_reason IN ('GOAL_REACHED_DURABLE_WORK',
                                  'FUNDING_ENDED', 'CLIENT_WITHDREW', 'HEALTH', 'MOVED',
                                  'DECEASED', 'TRANSFERRED_TO_OTHER_TRAJECTORY', 'LOST_CONTACT',
                                  'OTHER')),
    target_group_attestation  TEXT NOT NULL CHECK (target_group_attestation IN ('EPA', 'CMD',
                                  'OTHER', 'UNKNOWN')),
    region_code               TEXT NOT NULL REFERENCES labour_market_regions (code) ON DELETE RESTRICT,
    previous_trajectory_id    TEXT NULL REFERENCES trajectories (id) ON DELETE RESTRICT,
    paused_from               TEXT NULL,
    paused_until              TEXT NULL,
    resume_status             TEXT NULL CHECK (resume_status IN ('REGISTERED', 'INTAKE',
                                  'VOCATIONAL_PROFILE', 'JOB_SEARCH', 'PLACED', 'FOLLOW_ALONG',
                                  'JOINT_INTAKE', 'PLAN_ALIGNED', 'ACTIVATION', 'JOB_MATCHING')),
    origin_organisation_id    TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_by_user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    version                   BIGINT NOT NULL,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL,
    CHECK (start_date IS NULL OR start_date >= registration_date),
    CHECK (end_date IS NULL OR end_date >= registration_date),
    CHECK (planned_end_date IS NULL OR planned_end_date >= registration_date),
    CHECK ((end_date IS NULL) = (end_reason IS NULL)),
    CHECK ((status = 'PAUSED') = (resume_status IS NOT NULL))
);
CREATE INDEX trajectories_client ON trajectories (client_id, id);
CREATE INDEX trajectories_lead_organisation ON trajectories (lead_organisation_id, id);
CREATE INDEX trajectories_region ON trajectories (region_code, id);
CREATE INDEX trajectories_updated ON trajectories (updated_at, id);
CREATE INDEX trajectories_origin ON trajectories (origin_organisation_id);
-- At most one open (non-terminal) trajectory of a type per client.
CREATE UNIQUE INDEX trajectories_one_open_per_type ON trajectories (client_id, type)
    WHERE status NOT IN ('CLOSED', 'ENDED_EARLY');

-- Every transition, as it happened; never changed.
CREATE TABLE trajectory_transitions (
    id                     TEXT PRIMARY KEY,
    trajectory_id          TEXT NOT NULL REFERENCES trajectories (id) ON DELETE RESTRICT,
    client_id              TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    from_status            TEXT NULL,
    to_status              TEXT NOT NULL,
    transition_date        TEXT NOT NULL,
    reason                 TEXT NULL,
    end_reason             TEXT NULL,
    warning                TEXT NULL CHECK (warning IN ('VOCATIONAL_PROFILE_INCOMPLETE')),
    actor_user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    origin_organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_at             TEXT NOT NULL
);
CREATE INDEX trajectory_transitions_trajectory ON trajectory_transitions (trajectory_id, id);

-- Care team (betrokkenheid): who is involved with a client. For a membership the origin is
-- the member's own organisation: that is what the record reveals.
CREATE TABLE care_team_members (
    id                      TEXT PRIMARY KEY,
    client_id               TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    user_id                 TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    team_role               TEXT NOT NULL CHECK (team_role IN ('LEAD_PROFESSIONAL',
                                'EMPLOYMENT_SUPPORT', 'TREATMENT', 'BENEFITS_AND_REINTEGRATION',
                                'EMPLOYER_SERVICES', 'JOB_COACHING', 'OTHER')),
    trajectory_id           TEXT NULL REFERENCES trajectories (id) ON DELETE RESTRICT,
    kind                    TEXT NOT NULL CHECK (kind IN ('REGULAR', 'EMERGENCY')),
    valid_from              TEXT NOT NULL,
    valid_to                TEXT NULL,
    reason                  TEXT NULL,
    origin_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    added_by_user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    version                 BIGINT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX care_team_members_client ON care_team_members (client_id, user_id);
CREATE INDEX care_team_members_user ON care_team_members (user_id, client_id);

CREATE TABLE consents (
    id                      TEXT PRIMARY KEY,
    client_id               TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    trajectory_id           TEXT NULL REFERENCES trajectories (id) ON DELETE RESTRICT,
    kind                    TEXT NOT NULL CHECK (kind IN ('SHARE_GGZ_TO_WI', 'SHARE_WI_TO_GGZ',
                                'EMPLOYER_DISCLOSURE', 'SHARE_ZRM', 'CONTACT_EMPLOYER_ON_BEHALF')),
    from_organisation_id    TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    to_organisation_id      TEXT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    to_role                 TEXT NULL CHECK (to_role IN ('EMPLOYMENT_SPECIALIST', 'PRACTITIONER',
                                'UWV_LABOUR_EXPERT', 'MUNICIPAL_CASE_MANAGER',
                                'WSP_ACCOUNT_MANAGER', 'JOB_COACH')),
    purpose                 TEXT NOT NULL CHECK (purpose IN ('IPS_TRAJECTORY',
                                'JOBCOACHING', 'WABZ_TRAJECTORY', 'SUBSIDY_APPLICATION',
                                'BENEFITS_ADVICE', 'REGIONAL_KPI_AGGREGATE', 'OTHER')),
    purpose_text            TEXT NULL,
    granted_date            TEXT NOT NULL,
    valid_until             TEXT NULL,
    method                  TEXT NOT NULL CHECK (method IN ('WRITTEN', 'DIGITAL', 'ORAL_RECORDED')),
    evidence_document_ref   TEXT NULL,
    recorded_by_user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    withdrawn_at            TEXT NULL,
    withdrawn_via           TEXT NULL CHECK (withdrawn_via IN ('WRITTEN', 'DIGITAL', 'ORAL_RECORDED')),
    withdrawn_by_user_id    TEXT NULL REFERENCES users (id) ON DELETE RESTRICT,
    withdrawal_reason       TEXT NULL,
    origin_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    version                 BIGINT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    CHECK ((to_organisation_id IS NULL) <> (to_role IS NULL)),
    CHECK (valid_until IS NULL OR valid_until >= granted_date),
    CHECK ((withdrawn_at IS NULL) = (withdrawn_via IS NULL)),
    CHECK ((withdrawn_at IS NULL) = (withdrawn_by_user_id IS NULL))
);
CREATE INDEX consents_client ON consents (client_id, id);
CREATE INDEX consents_recipient ON consents (client_id, from_organisation_id, to_organisation_id);

CREATE TABLE consent_categories (
    consent_id  TEXT NOT NULL REFERENCES consents (id) ON DELETE CASCADE,
    category    TEXT NOT NULL CHECK (category IN ('IDENTITY', 'BSN', 'TARGET_GROUP_ATTESTATION',
                    'FUNCTIONAL_ADVICE', 'VOCATIONAL_PROFILE', 'TRAJECTORY_STATUS',
                    'EMPLOYER_CONTACTS', 'PLACEMENTS', 'BENEFITS', 'JOBCOACHING', 'ZRM',
                    'CONSENTS', 'AUDIT_LOG', 'FIDELITY')),
    PRIMARY KEY (consent_id, category)
);

CREATE TABLE benefits (
    id                      TEXT PRIMARY KEY,
    client_id               TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    benefit_type            TEXT NOT NULL CHECK (benefit_type IN ('WW', 'ZW', 'WIA_WGA',
                                'WIA_IVA', 'WAO', 'WAJONG', 'WAJONG_ARBEIDSVERMOGEN',
                                'WAJONG_DUURZAAM_GEEN_ARBEIDSVERMOGEN', 'WAZ',
                                'PARTICIPATIEWET_BIJSTAND', 'IOAW', 'IOAZ', 'BBZ', 'ANW', 'TW',
                                'NONE', 'UNKNOWN')),
    start_date              TEXT NOT NULL,
    end_date                TEXT NULL,
    percentage              INTEGER NULL CHECK (percentage BETWEEN 0 AND 100),
    source_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    origin_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_by_user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    version                 BIGINT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX benefits_client ON benefits (client_id, id);

CREATE TABLE financings (
    id                         TEXT PRIMARY KEY,
    trajectory_id              TEXT NOT NULL REFERENCES trajectories (id) ON DELETE RESTRICT,
    client_id                  TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    scheme                     TEXT NOT NULL CHECK (scheme IN ('UWV_IPS_STUDY_2017',
                                   'IPS_CMD_2019', 'IPS_MUNICIPAL_2023', 'OTHER')),
    scheme_description         TEXT NULL,
    financier                  TEXT NOT NULL CHECK (financier IN ('UWV', 'MUNICIPALITY',
                                   'HEALTH_INSURER', 'OWN_FUNDS', 'OTHER')),
    financier_organisation_id  TEXT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    status                     TEXT NOT NULL CHECK (status IN ('DRAFT', 'APPLIED', 'GRANTED',
                                   'REJECTED', 'RUNNING', 'STOPPED', 'ENDED', 'SETTLED')),
    status_date                TEXT NOT NULL,
    application_date           TEXT NULL,
    decision_date              TEXT NULL,
    start_date                 TEXT NULL,
    end_date                   TEXT NULL,
    max_duration_months        INTEGER NULL CHECK (max_duration_months BETWEEN 1 AND 120),
    extension_months           INTEGER NULL CHECK (extension_months BETWEEN 0 AND 120),
    amount_cents               BIGINT NULL CHECK (amount_cents >= 0),
    origin_organisation_id     TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_by_user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    version                    BIGINT NOT NULL,
    created_at                 TEXT NOT NULL,
    updated_at                 TEXT NOT NULL,
    CHECK (decision_date IS NULL OR application_date IS NULL OR decision_date >= application_date),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
CREATE INDEX financings_trajectory ON financings (trajectory_id, id);

CREATE TABLE financing_transitions (
    id                     TEXT PRIMARY KEY,
    financing_id           TEXT NOT NULL REFERENCES financings (id) ON DELETE RESTRICT,
    client_id              TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    from_status            TEXT NULL,
    to_status              TEXT NOT NULL,
    transition_date        TEXT NOT NULL,
    reason                 TEXT NULL,
    actor_user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    origin_organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_at             TEXT NOT NULL
);
CREATE INDEX financing_transitions_financing ON financing_transitions (financing_id, id);

CREATE TABLE vocational_profiles (
    trajectory_id           TEXT PRIMARY KEY REFERENCES trajectories (id) ON DELETE RESTRICT,
    client_id               TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    desired_hours_per_week  REAL NULL CHECK (desired_hours_per_week > 0
                                AND desired_hours_per_week <= 60),
    education               TEXT NULL,
    work_history            TEXT NULL,
    strengths               TEXT NULL,
    work_relevant_advice    TEXT NULL,
    origin_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    version                 BIGINT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);

CREATE TABLE vocational_profile_preferences (
    trajectory_id  TEXT NOT NULL REFERENCES vocational_profiles (trajectory_id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('SECTOR', 'JOB')),
    position       INTEGER NOT NULL CHECK (position >= 0),
    value          TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
    PRIMARY KEY (trajectory_id, kind, position)
);

-- Employers are organisations, not people: a shared register for job development.
CREATE TABLE employers (
    id                      TEXT PRIMARY KEY,
    name                    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kvk_number              TEXT NULL,
    sector                  TEXT NULL,
    region_code             TEXT NULL REFERENCES labour_market_regions (code) ON DELETE RESTRICT,
    origin_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_by_user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    version                 BIGINT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
CREATE INDEX employers_region ON employers (region_code, id);
CREATE UNIQUE INDEX employers_kvk_key ON employers (kvk_number);

CREATE TABLE employer_contacts (
    id                      TEXT PRIMARY KEY,
    trajectory_id           TEXT NULL REFERENCES trajectories (id) ON DELETE RESTRICT,
    client_id               TEXT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    employer_id             TEXT NOT NULL REFERENCES employers (id) ON DELETE RESTRICT,
    user_id                 TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    contact_date            TEXT NOT NULL,
    form                    TEXT NOT NULL CHECK (form IN ('FACE_TO_FACE', 'PHONE', 'DIGITAL')),
    client_specific         INTEGER NOT NULL CHECK (client_specific IN (0, 1)),
    outcome                 TEXT NOT NULL CHECK (outcome IN ('RELATIONSHIP_BUILDING',
                                'VACANCY_DISCUSSED', 'FOLLOW_UP_AGREED', 'INTERVIEW_ARRANGED',
                                'JOB_OFFERED', 'NO_OPPORTUNITY', 'OTHER')),
    note                    TEXT NULL,
    origin_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    version                 BIGINT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    CHECK ((trajectory_id IS NULL) = (client_id IS NULL)),
    CHECK (trajectory_id IS NOT NULL OR client_specific = 0)
);
CREATE INDEX employer_contacts_trajectory ON employer_contacts (trajectory_id, id);
CREATE INDEX employer_contacts_client ON employer_contacts (client_id, id);
CREATE INDEX employer_contacts_origin ON employer_contacts (origin_organisation_id, id);

CREATE TABLE placements (
    id                           TEXT PRIMARY KEY,
    trajectory_id                TEXT NOT NULL REFERENCES trajectories (id) ON DELETE RESTRICT,
    client_id                    TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    employer_id                  TEXT NOT NULL REFERENCES employers (id) ON DELETE RESTRICT,
    job_title                    TEXT NOT NULL CHECK (length(job_title) BETWEEN 1 AND 200),
    work_type                    TEXT NOT NULL CHECK (work_type IN ('REGULAR_PAID',
                                     'REGULAR_WITH_WAGE_SUBSIDY', 'AGENCY_OR_SECONDMENT',
                                     'SELF_EMPLOYED', 'SHELTERED_WORK', 'SHELTERED_WSW',
                                     'TRIAL_PLACEMENT', 'WORK_EXPERIENCE_PLACEMENT',
                                     'PARTICIPATION_PLACEMENT', 'VOLUNTEER_WORK',
                                     'DAY_ACTIVITIES', 'EDUCATION')),
    start_date                   TEXT NOT NULL,
    placement_date               TEXT NULL,
    end_date                     TEXT NULL,
    end_reason                   TEXT NULL CHECK (end_reason IN ('CONTRACT_ENDED', 'DISMISSED',
                                     'RESIGNED', 'HEALTH', 'OTHER_JOB', 'TRIAL_ENDED',
                                     'COMPANY_CLOSED', 'OTHER')),
    contract_type                TEXT NOT NULL CHECK (contract_type IN ('PERMANENT',
                                     'FIXED_TERM', 'AGENCY', 'ON_CALL', 'SELF_EMPLOYED', 'NONE')),
    contract_end_date            TEXT NULL,
    contracted_hours_per_week    REAL NOT NULL CHECK (contracted_hours_per_week > 0
                                     AND contracted_hours_per_week <= 60),
    actual_hours_per_month       REAL NULL CHECK (actual_hours_per_month >= 0
                                     AND actual_hours_per_month <= 300),
    at_least_minimum_wage        INTEGER NOT NULL CHECK (at_least_minimum_wage IN (0, 1)),
    wage_value_percentage        INTEGER NULL CHECK (wage_value_percentage BETWEEN 0 AND 100),
    wage_cost_subsidy            INTEGER NOT NULL CHECK (wage_cost_subsidy IN (0, 1)),
    job_agreement                INTEGER NOT NULL CHECK (job_agreement IN (0, 1)),
    disclosure_used              INTEGER NOT NULL CHECK (disclosure_used IN (0, 1)),
    started_before_registration  INTEGER NOT NULL CHECK (started_before_registration IN (0, 1)),
    origin_organisation_id       TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_by_user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    version                      BIGINT NOT NULL,
    created_at                   TEXT NOT NULL,
    updated_at                   TEXT NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date),
    CHECK ((end_date IS NULL) = (end_reason IS NULL)),
    CHECK (placement_date IS NULL OR placement_date >= start_date),
    CHECK (contract_end_date IS NULL OR contract_end_date >= start_date)
);
CREATE INDEX placements_trajectory ON placements (trajectory_id, id);
CREATE INDEX placements_client ON placements (client_id, id);

CREATE TABLE support_activities (
    id                      TEXT PRIMARY KEY,
    trajectory_id           TEXT NOT NULL REFERENCES trajectories (id) ON DELETE RESTRICT,
    client_id               TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    placement_id            TEXT NULL REFERENCES placements (id) ON DELETE RESTRICT,
    activity_date           TEXT NOT NULL,
    duration_minutes        INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    kind                    TEXT NOT NULL CHECK (kind IN ('INTAKE', 'PROFILE', 'JOB_SEARCH',
                                'EMPLOYER', 'JOB_SUPPORT', 'BENEFITS_ADVICE', 'TEAM_MEETING',
                                'OTHER')),
    note                    TEXT NULL,
    user_id                 TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    origin_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    version                 BIGINT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
CREATE INDEX support_activities_trajectory ON support_activities (trajectory_id, id);

CREATE TABLE support_activity_participants (
    activity_id  TEXT NOT NULL REFERENCES support_activities (id) ON DELETE CASCADE,
    participant  TEXT NOT NULL CHECK (participant IN ('CLIENT', 'EMPLOYER', 'PRACTITIONER',
                     'UWV', 'MUNICIPALITY', 'JOB_COACH', 'FAMILY', 'OTHER')),
    PRIMARY KEY (activity_id, participant)
);

CREATE TABLE jobcoach_provisions (
    id                        TEXT PRIMARY KEY,
    client_id                 TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    placement_id              TEXT NOT NULL REFERENCES placements (id) ON DELETE RESTRICT,
    financier                 TEXT NOT NULL CHECK (financier IN ('UWV', 'MUNICIPALITY')),
    form                      TEXT NOT NULL CHECK (form IN ('EXTERNAL', 'INTERNAL')),
    jobcoach_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    intensity                 TEXT NOT NULL CHECK (intensity IN ('LIGHT', 'MEDIUM', 'INTENSIVE')),
    status                    TEXT NOT NULL CHECK (status IN ('REQUESTED', 'UNDER_REVIEW',
                                  'GRANTED', 'REJECTED', 'ACTIVE', 'EVALUATION', 'ENDED')),
    status_date               TEXT NOT NULL,
    period_number             INTEGER NOT NULL CHECK (period_number >= 1),
    period_start              TEXT NOT NULL,
    period_end                TEXT NOT NULL,
    first_period_start        TEXT NOT NULL,
    requested_hours           REAL NOT NULL CHECK (requested_hours > 0),
    granted_hours             REAL NULL CHECK (granted_hours >= 0),
    spent_hours               REAL NOT NULL CHECK (spent_hours >= 0),
    exception_reason          TEXT NULL,
    permanent_support         INTEGER NOT NULL CHECK (permanent_support IN (0, 1)),
    origin_organisation_id    TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_by_user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    version                   BIGINT NOT NULL,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL,
    CHECK (period_end > period_start),
    CHECK (granted_hours IS NULL OR spent_hours <= granted_hours),
    CHECK (granted_hours IS NOT NULL OR spent_hours = 0)
);
CREATE INDEX jobcoach_provisions_client ON jobcoach_provisions (client_id, id);
CREATE INDEX jobcoach_provisions_placement ON jobcoach_provisions (placement_id);
CREATE INDEX jobcoach_provisions_jobcoach ON jobcoach_provisions (jobcoach_organisation_id, id);

CREATE TABLE jobcoach_provision_transitions (
    id                     TEXT PRIMARY KEY,
    provision_id           TEXT NOT NULL REFERENCES jobcoach_provisions (id) ON DELETE RESTRICT,
    client_id              TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    from_status            TEXT NULL,
    to_status              TEXT NOT NULL,
    transition_date        TEXT NOT NULL,
    reason                 TEXT NULL,
    period_number          INTEGER NOT NULL,
    granted_hours          REAL NULL,
    spent_hours            REAL NOT NULL,
    actor_user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    origin_organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_at             TEXT NOT NULL
);
CREATE INDEX jobcoach_provision_transitions_provision ON jobcoach_provision_transitions (provision_id, id);

-- Work-related notes; each carries the data category that decides who may read it.
CREATE TABLE journal_entries (
    id                      TEXT PRIMARY KEY,
    client_id               TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    trajectory_id           TEXT NULL REFERENCES trajectories (id) ON DELETE RESTRICT,
    category                TEXT NOT NULL CHECK (category IN ('FUNCTIONAL_ADVICE',
                                'VOCATIONAL_PROFILE', 'TRAJECTORY_STATUS', 'EMPLOYER_CONTACTS',
                                'PLACEMENTS', 'BENEFITS', 'JOBCOACHING')),
    entry_date              TEXT NOT NULL,
    text                    TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
    author_user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    origin_organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    version                 BIGINT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
CREATE INDEX journal_entries_client ON journal_entries (client_id, id);
