DROP TABLE emergency_accesses;
DROP FUNCTION emergency_accesses_immutable();
