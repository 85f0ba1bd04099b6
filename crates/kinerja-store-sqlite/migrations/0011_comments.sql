-- Comments on an indicator's figure for a period: a reviewer's (APIP) notes, a head's remarks.
-- They change no figure. The indicator is kept without a foreign key, as evidence files are.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    indicator_id INTEGER NOT NULL,
    period TEXT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX comments_office ON comments(office_id, indicator_id);
