DROP TABLE tombstone_placements;
DROP TABLE tombstone_trajectories;
DROP TABLE client_tombstones;
