-- The evidence an office gives for a criterion of its self-assessment (LKE): a document Kinerja
-- holds for the year (PK, RAK, LKj, …) named by its code, or a file uploaded under a generated
-- name, kept with its original name, type, size and hash (as evidence files of realisations).
CREATE TABLE lke_evidence (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    criterion TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('document', 'file')),
    reference TEXT NOT NULL,
    original_name TEXT,
    content_type TEXT,
    size INTEGER,
    sha256 TEXT,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX lke_evidence_office ON lke_evidence(office_id, year);
CREATE INDEX lke_evidence_reference ON lke_evidence(reference);
