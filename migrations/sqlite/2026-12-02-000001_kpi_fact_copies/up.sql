-- Outcome reports at real size (issue 5): the KPI queries filter on the client's region,
-- which the views took from `clients` through a join the planner misjudged, so every query
-- scanned all placements or trajectories, and every placement looked up its trajectory.
-- The client's region is now copied onto the trajectory and the placement
-- (`client_region`), and the trajectory's type and lead organisation onto the placement
-- (`trajectory_type`, `trajectory_lead_organisation_id`), kept by the triggers below
-- whenever a row is written, the client moves to another region or the trajectory changes
-- hands; an index per report period finds them. An erased client's facts keep the region
-- of their tombstone, as before.

ALTER TABLE trajectories ADD COLUMN client_region TEXT NULL;
ALTER TABLE placements ADD COLUMN client_region TEXT NULL;
ALTER TABLE placements ADD COLUMN trajectory_type TEXT NULL;
ALTER TABLE placements ADD COLUMN trajectory_lead_organisation_id TEXT NULL;
UPDATE trajectories
   SET client_region = (SELECT c.region_code FROM clients c WHERE c.id = trajectories.client_id);
UPDATE placements
   SET client_region = (SELECT c.region_code FROM clients c WHERE c.id = placements.client_id),
       trajectory_type = (SELECT t.type FROM trajectories t WHERE t.id = placements.trajectory_id),
       trajectory_lead_organisation_id = (SELECT t.lead_organisation_id FROM trajectories t
                                           WHERE t.id = placements.trajectory_id);

-- SQLite cannot set a column of the row being inserted, so it writes the copies right after.
CREATE TRIGGER trajectories_kpi_copies AFTER INSERT ON trajectories
BEGIN
    UPDATE trajectories
       SET client_region = (SELECT c.region_code FROM clients c WHERE c.id = NEW.client_id)
     WHERE id = NEW.id;
END;
CREATE TRIGGER trajectories_kpi_copies_client AFTER UPDATE OF client_id ON trajectories
BEGIN
    UPDATE trajectories
       SET client_region = (SELECT c.region_code FROM clients c WHERE c.id = NEW.client_id)
     WHERE id = NEW.id;
END;
CREATE TRIGGER placements_kpi_copies AFTER INSERT ON placements
BEGIN
    UPDATE placements
       SET client_region = (SELECT c.region_code FROM clients c WHERE c.id = NEW.client_id),
           trajectory_type = (SELECT t.type FROM trajectories t WHERE t.id = NEW.trajectory_id),
           trajectory_lead_organisation_id = (SELECT t.lead_organisation_id FROM trajectories t
                                               WHERE t.id = NEW.trajectory_id)
     WHERE id = NEW.id;
END;
CREATE TRIGGER placements_kpi_copies_owner AFTER UPDATE OF client_id, trajectory_id ON placements
BEGIN
    UPDATE placements
       SET client_region = (SELECT c.region_code FROM clients c WHERE c.id = NEW.client_id),
           trajectory_type = (SELECT t.type FROM trajectories t WHERE t.id = NEW.trajectory_id),
           trajectory_lead_organisation_id = (SELECT t.lead_organisation_id FROM trajectories t
                                               WHERE t.id = NEW.trajectory_id)
     WHERE id = NEW.id;
END;
CREATE TRIGGER trajectories_changed_hands AFTER UPDATE OF type, lead_organisation_id
ON trajectories
WHEN OLD.type IS NOT NEW.type OR OLD.lead_organisation_id IS NOT NEW.lead_organisation_id
BEGIN
    UPDATE placements
       SET trajectory_type = NEW.type, trajectory_lead_organisation_id = NEW.lead_organisation_id
     WHERE trajectory_id = NEW.id;
END;
CREATE TRIGGER clients_moved AFTER UPDATE OF region_code ON clients
WHEN OLD.region_code IS NOT NEW.region_code
BEGIN
    UPDATE trajectories SET client_region = NEW.region_code WHERE client_id = NEW.id;
    UPDATE placements SET client_region = NEW.region_code WHERE client_id = NEW.id;
END;

-- Each KPI query reads one region's facts of one period: placements by start (K2, K5, K6,
-- K9, K13) or, for the durability chains (K1), by client in date order; trajectories by
-- start (K3, K4), registration and end (K10). The placement indexes hold every column those
-- queries read, so the table itself is not visited.
CREATE INDEX placements_kpi_start ON placements (client_region, start_date, work_type, end_date,
    contracted_hours_per_week, wage_cost_subsidy, trajectory_type,
    trajectory_lead_organisation_id, client_id);
CREATE INDEX placements_kpi_chains ON placements (client_region, client_id, start_date, id,
    work_type, end_date, contracted_hours_per_week, wage_cost_subsidy, trajectory_type,
    trajectory_lead_organisation_id);
CREATE INDEX trajectories_client_region_started
    ON trajectories (client_region, (COALESCE(start_date, registration_date)), id,
                     lead_organisation_id);
CREATE INDEX trajectories_client_region_registered
    ON trajectories (client_region, registration_date);
CREATE INDEX trajectories_client_region_ended ON trajectories (client_region, end_date);
-- K3 and K4 look up the first event of each trajectory of the cohort.
CREATE INDEX employer_contacts_first_face_to_face ON employer_contacts (trajectory_id, contact_date)
    WHERE form = 'FACE_TO_FACE' AND client_specific;
CREATE INDEX placements_trajectory_work_start
    ON placements (trajectory_id, work_type, start_date);
-- K7: the specialists with an active IPS trajectory in the region, and their caseload.
CREATE INDEX trajectories_active_ips_region
    ON trajectories (client_region, lead_user_id, type, status)
    WHERE type IN ('IPS', 'IPS_CMD') AND status NOT IN ('CLOSED', 'ENDED_EARLY', 'PAUSED');
CREATE INDEX trajectories_active_ips_lead ON trajectories (lead_user_id, type, status)
    WHERE type IN ('IPS', 'IPS_CMD') AND status NOT IN ('CLOSED', 'ENDED_EARLY', 'PAUSED');
-- K8: a specialist's face-to-face contacts in the period.
CREATE INDEX employer_contacts_user_form_date ON employer_contacts (user_id, form, contact_date);

-- The views as before, from the copies. The lead organisation is a left join (it always
-- exists) so that a query that does not need its kind skips it.
DROP VIEW kpi_placements;
DROP VIEW kpi_trajectories;

CREATE VIEW kpi_trajectories AS
SELECT t.id AS trajectory_id,
       t.client_id,
       t.type AS trajectory_type,
       t.status,
       t.client_region,
       t.lead_organisation_id,
       o.kind AS lead_kind,
       t.lead_user_id,
       t.registration_date,
       COALESCE(t.start_date, t.registration_date) AS started_on,
       t.end_date,
       t.end_reason,
       0 AS erased
  FROM trajectories t
  LEFT JOIN organisations o ON o.id = t.lead_organisation_id
UNION ALL
SELECT tt.trajectory_id,
       tt.client_id,
       tt.type,
       tt.status,
       ct.region_code,
       tt.lead_organisation_id,
       o.kind,
       NULL,
       tt.registration_date,
       COALESCE(tt.start_date, tt.registration_date),
       tt.end_date,
       tt.end_reason,
       1
  FROM tombstone_trajectories tt
  JOIN client_tombstones ct ON ct.client_id = tt.client_id
  LEFT JOIN organisations o ON o.id = tt.lead_organisation_id;

CREATE VIEW kpi_placements AS
SELECT p.id AS placement_id,
       p.trajectory_id,
       p.client_id,
       p.work_type,
       p.start_date,
       p.end_date,
       p.contracted_hours_per_week AS hours,
       CASE WHEN p.wage_cost_subsidy THEN 1 ELSE 0 END AS wage_cost_subsidy,
       p.trajectory_type,
       p.trajectory_lead_organisation_id AS lead_organisation_id,
       o.kind AS lead_kind,
       p.client_region,
       0 AS erased
  FROM placements p
  LEFT JOIN organisations o ON o.id = p.trajectory_lead_organisation_id
UNION ALL
SELECT tp.placement_id,
       tp.trajectory_id,
       tp.client_id,
       tp.work_type,
       tp.start_date,
       tp.end_date,
       tp.contracted_hours_per_week,
       CASE WHEN tp.wage_cost_subsidy THEN 1 ELSE 0 END,
       tt.type,
       tt.lead_organisation_id,
       o.kind,
       ct.region_code,
       1
  FROM tombstone_placements tp
  JOIN tombstone_trajectories tt ON tt.trajectory_id = tp.trajectory_id
  JOIN client_tombstones ct ON ct.client_id = tp.client_id
  LEFT JOIN organisations o ON o.id = tt.lead_organisation_id;
