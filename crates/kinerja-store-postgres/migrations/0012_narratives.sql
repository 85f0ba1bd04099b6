-- The LKj's narrative texts of an office's year (foreword, background, analysis per objective,
-- obstacles, conclusion): written by the office in the web app, printed by the documents.
-- One row per (office, year, key); an emptied text is deleted.
CREATE TABLE narratives (
    office_id BIGINT NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    key TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (office_id, year, key)
);
