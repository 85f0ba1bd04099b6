-- Uploaded evidence files (bukti dukung). The bytes live in the file store under the generated
-- name; a realisation's evidence list refers to them as 'berkas:<name>'. The indicator is kept
-- without a foreign key: replacing a plan from a dataset must not erase the record of what was
-- uploaded (the audit log still names these files).
CREATE TABLE evidence_files (
    name TEXT PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    indicator_id INTEGER NOT NULL,
    period TEXT NOT NULL,
    original_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX evidence_files_indicator ON evidence_files(indicator_id, period);

-- Reporting deadlines an office sets per period of a year (ISO dates); periods without a row
-- follow the default rule (the 10th of the next month).
CREATE TABLE report_deadlines (
    office_id INTEGER NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    period TEXT NOT NULL,
    due TEXT NOT NULL,
    PRIMARY KEY (office_id, year, period)
);
