-- Final documents (PK, RAK, LKj) frozen as the PDF that was printed with a verification code
-- and QR on every page: kept byte for byte with its SHA-256 and never rendered again; the copy
-- signed electronically (e.g. by BSrE) attached after, as an incremental update of the frozen
-- bytes; published ones listed on the office's public page. Additive only.
CREATE TABLE frozen_documents (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    unit_code TEXT,
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    pdf BLOB NOT NULL,
    frozen_at TEXT NOT NULL,
    frozen_by TEXT NOT NULL,
    signed_pdf BLOB,
    signed_sha256 TEXT,
    signed_at TEXT,
    signature TEXT,
    published BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX frozen_documents_office ON frozen_documents (office_id, year);
