DROP VIEW kpi_placements;
DROP VIEW kpi_trajectories;

CREATE VIEW kpi_trajectories AS
SELECT t.id AS trajectory_id,
       t.client_id,
       t.type AS trajectory_type,
       t.status,
       c.region_code AS client_region,
       t.lead_organisation_id,
       o.kind AS lead_kind,
       t.lead_user_id,
       t.registration_date,
       COALESCE(t.start_date, t.registration_date) AS started_on,
       t.end_date,
       t.end_reason,
       0 AS erased
  FROM trajectories t
  JOIN clients c ON c.id = t.client_id
  JOIN organisations o ON o.id = t.lead_organisation_id
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
  JOIN organisations o ON o.id = tt.lead_organisation_id;

CREATE VIEW kpi_placements AS
SELECT p.id AS placement_id,
       p.trajectory_id,
       p.client_id,
       p.work_type,
       p.start_date,
       p.end_date,
       p.contracted_hours_per_week AS hours,
       CASE WHEN p.wage_cost_subsidy THEN 1 ELSE 0 END AS wage_cost_subsidy,
       t.type AS trajectory_type,
       t.lead_organisation_id,
       o.kind AS lead_kind,
       c.region_code AS client_region,
       0 AS erased
  FROM placements p
  JOIN trajectories t ON t.id = p.trajectory_id
  JOIN clients c ON c.id = p.client_id
  JOIN organisations o ON o.id = t.lead_organisation_id
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
  JOIN organisations o ON o.id = tt.lead_organisation_id;

DROP INDEX employer_contacts_user_form_date;
DROP INDEX trajectories_active_ips_lead;
DROP INDEX trajectories_active_ips_region;
DROP INDEX placements_trajectory_work_start;
DROP INDEX employer_contacts_first_face_to_face;
DROP INDEX trajectories_client_region_ended;
DROP INDEX trajectories_client_region_registered;
DROP INDEX trajectories_client_region_started;
DROP INDEX placements_kpi_chains;
DROP INDEX placements_kpi_start;
DROP TRIGGER clients_moved ON clients;
DROP TRIGGER trajectories_changed_hands ON trajectories;
DROP TRIGGER placements_kpi_copies ON placements;
DROP TRIGGER trajectories_kpi_copies ON trajectories;
DROP FUNCTION client_moved();
DROP FUNCTION trajectory_changed_hands();
DROP FUNCTION placement_kpi_copies();
DROP FUNCTION trajectory_kpi_copies();
ALTER TABLE placements DROP COLUMN trajectory_lead_organisation_id;
ALTER TABLE placements DROP COLUMN trajectory_type;
ALTER TABLE placements DROP COLUMN client_region;
ALTER TABLE trajectories DROP COLUMN client_region;
