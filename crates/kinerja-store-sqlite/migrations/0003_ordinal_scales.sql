-- Ordinal scales an office defines for graded targets (levels best first, as a JSON array);
-- office_id NULL: a scale every office may use. The SAKIP grades and audit opinions are built in.
CREATE TABLE ordinal_scales (
    id INTEGER PRIMARY KEY,
    office_id INTEGER REFERENCES offices(id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    levels TEXT NOT NULL
);
