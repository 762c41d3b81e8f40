-- Erasure (domain.md §16): what stays of a client file after its personal data is removed.
-- The tombstone keeps the client's id, so the access log's events (which are never changed)
-- still name a known, erased client; the trajectory and placement facts keep the regional
-- reports (KPIs) consistent. Nothing here identifies the person: no names, contact details,
-- birth date, BSN, free text, employer, diagnosis-related attestation or job agreement.

CREATE TABLE client_tombstones (
    -- The erased client's id; no foreign key, the client row is gone.
    client_id               UUID PRIMARY KEY,
    erased_at               TIMESTAMPTZ NOT NULL,
    reason                  TEXT NOT NULL CHECK (reason IN ('DATA_SUBJECT_REQUEST',
                                'RETENTION_EXPIRED')),
    record_regime           TEXT NOT NULL CHECK (record_regime IN ('GGZ_WGBO',
                                'MUNICIPAL_SOCIAL_DOMAIN', 'UWV', 'SHARED_TRAJECTORY')),
    region_code             TEXT NOT NULL REFERENCES labour_market_regions (code) ON DELETE RESTRICT,
    origin_organisation_id  UUID NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    registered_on           DATE NOT NULL,
    -- The day the retention period ended (or would have ended), as decided at erasure.
    retention_end_date      DATE NOT NULL
);
CREATE INDEX client_tombstones_region ON client_tombstones (region_code, client_id);

CREATE TABLE tombstone_trajectories (
    trajectory_id         UUID PRIMARY KEY,
    client_id             UUID NOT NULL REFERENCES client_tombstones (client_id) ON DELETE RESTRICT,
    type                  TEXT NOT NULL CHECK (type IN ('IPS', 'IPS_CMD', 'JOBCOACHING',
                              'WABZ', 'OTHER')),
    status                TEXT NOT NULL,
    region_code           TEXT NOT NULL REFERENCES labour_market_regions (code) ON DELETE RESTRICT,
    lead_organisation_id  UUID NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    registration_date     DATE NOT NULL,
    start_date            DATE NULL,
    end_date              DATE NULL,
    end_reason            TEXT NULL
);
CREATE INDEX tombstone_trajectories_client ON tombstone_trajectories (client_id);

CREATE TABLE tombstone_placements (
    placement_id               UUID PRIMARY KEY,
    trajectory_id              UUID NOT NULL REFERENCES tombstone_trajectories (trajectory_id) ON DELETE RESTRICT,
    client_id                  UUID NOT NULL REFERENCES client_tombstones (client_id) ON DELETE RESTRICT,
    work_type                  TEXT NOT NULL,
    contract_type              TEXT NOT NULL,
    start_date                 DATE NOT NULL,
    placement_date             DATE NULL,
    end_date                   DATE NULL,
    contracted_hours_per_week  DOUBLE PRECISION NOT NULL,
    at_least_minimum_wage      BOOLEAN NOT NULL,
    wage_cost_subsidy          BOOLEAN NOT NULL
);
CREATE INDEX tombstone_placements_trajectory ON tombstone_placements (trajectory_id);
