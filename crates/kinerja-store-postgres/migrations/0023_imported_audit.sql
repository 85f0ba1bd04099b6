-- An office's data imported from another Kinerja instance keeps its audit entries, marked with
-- where they came from (their entity ids are the other instance's); such entries are history
-- only and are never restored from. Additive only.
ALTER TABLE audit_log ADD COLUMN imported_from TEXT;
