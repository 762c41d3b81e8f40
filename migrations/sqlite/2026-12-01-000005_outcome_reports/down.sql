DROP INDEX employer_contacts_trajectory_date;
DROP INDEX tombstone_placements_client;
DROP INDEX placements_client_start;
DROP VIEW kpi_placements;
DROP VIEW kpi_trajectories;
