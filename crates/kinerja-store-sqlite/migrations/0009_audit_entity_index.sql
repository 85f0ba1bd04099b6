-- The latest change of one kind of record (the office list, for the caches) in one index seek.
CREATE INDEX audit_log_entity ON audit_log(entity, id);
