-- IPS-25 fidelity reviews (getrouwheidsmetingen; domain.md §4): the official report a
-- reviewing body (in the Netherlands usually Kenniscentrum Phrenos) wrote about one
-- organisation's IPS team. Team level, never client data.
--
-- A review is a report that was handed over, not a working record: it is never changed or
-- removed (the triggers below), and a correction is a new review. Total and band are
-- werkpad's, computed from the 25 item scores when the review is recorded; they are stored
-- so that reports can select on them, and the CHECKs keep the band true to the total.
-- Only item codes and scores are kept, never the scale's anchor texts.

CREATE TABLE fidelity_reviews (
    id                      UUID PRIMARY KEY,
    organisation_id         UUID NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    team_name               TEXT NULL CHECK (team_name IS NULL OR length(team_name) BETWEEN 1 AND 200),
    review_date             DATE NOT NULL,
    reviewing_body          TEXT NOT NULL CHECK (length(reviewing_body) BETWEEN 1 AND 200),
    total                   INTEGER NOT NULL CHECK (total BETWEEN 25 AND 125),
    band                    TEXT NOT NULL CHECK (band IN ('EXEMPLARY', 'GOOD', 'FAIR',
                                'NOT_SUPPORTED_EMPLOYMENT')),
    recorded_by_user_id     UUID NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    origin_organisation_id  UUID NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    created_at              TIMESTAMPTZ NOT NULL,
    CHECK ((band = 'EXEMPLARY' AND total >= 115)
        OR (band = 'GOOD' AND total BETWEEN 100 AND 114)
        OR (band = 'FAIR' AND total BETWEEN 74 AND 99)
        OR (band = 'NOT_SUPPORTED_EMPLOYMENT' AND total <= 73))
);
-- Per organisation over time: the list's filter and its order.
CREATE INDEX fidelity_reviews_organisation ON fidelity_reviews (organisation_id, review_date, id);
-- The list without a filter.
CREATE INDEX fidelity_reviews_date ON fidelity_reviews (review_date, id);

CREATE TABLE fidelity_review_items (
    review_id  UUID NOT NULL REFERENCES fidelity_reviews (id) ON DELETE RESTRICT,
    item       TEXT NOT NULL CHECK (item IN (
                   'IPS_01', 'IPS_02', 'IPS_03', 'IPS_04', 'IPS_05',
                   'IPS_06', 'IPS_07', 'IPS_08', 'IPS_09', 'IPS_10',
                   'IPS_11', 'IPS_12', 'IPS_13', 'IPS_14', 'IPS_15',
                   'IPS_16', 'IPS_17', 'IPS_18', 'IPS_19', 'IPS_20',
                   'IPS_21', 'IPS_22', 'IPS_23', 'IPS_24', 'IPS_25')),
    score      INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (review_id, item)
);

CREATE FUNCTION fidelity_reviews_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a fidelity review is never changed or removed';
END;
$$;
CREATE TRIGGER fidelity_reviews_immutable BEFORE UPDATE OR DELETE ON fidelity_reviews
FOR EACH ROW EXECUTE FUNCTION fidelity_reviews_immutable();
CREATE TRIGGER fidelity_review_items_immutable BEFORE UPDATE OR DELETE ON fidelity_review_items
FOR EACH ROW EXECUTE FUNCTION fidelity_reviews_immutable();
