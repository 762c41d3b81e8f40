-- Outcome reports (domain.md §10, §11): the facts the KPI queries aggregate, as two views
-- over the live case data and the tombstones that erasure leaves, so that an erased client's
-- trajectories and placements keep counting in the regional figures without any personal
-- data. The region is the client's (its current municipality's region; for an erased client
-- the one it had at erasure). `erased` tells the queries which facts lack detail (employer
-- contacts, benefits and lead professionals are not kept in tombstones).

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

-- A client's placements in date order: the durability chains are built per client.
CREATE INDEX placements_client_start ON placements (client_id, start_date);
CREATE INDEX tombstone_placements_client ON tombstone_placements (client_id, start_date);
-- The first face-to-face contact of a trajectory.
CREATE INDEX employer_contacts_trajectory_date ON employer_contacts (trajectory_id, contact_date);
