DROP TABLE audit_chain_head;
DROP TABLE audit_event_subjects;
DROP TABLE audit_events;
DROP FUNCTION audit_log_append_only();
