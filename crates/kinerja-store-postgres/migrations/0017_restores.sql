-- Deleted objectives and indicators restored from their audit entry (within 30 days): one
-- restore per deletion.
CREATE TABLE restores (
    audit_id BIGINT PRIMARY KEY REFERENCES audit_log(id),
    restored_at TEXT NOT NULL
);
