-- The yearly SAKIP evaluation (LKE): each year's worksheet (the template as JSON, frozen at the
-- year's first answer) and each office's answers per stage (self-assessment, final).
CREATE TABLE lke_templates (
    year INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    frozen_at TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE lke_answers (
    office_id INTEGER NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('self', 'final')),
    criterion TEXT NOT NULL,
    answer TEXT NOT NULL CHECK (answer IN ('Y', 'T', 'A', 'B', 'C', 'D', 'E')),
    note TEXT,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (office_id, year, stage, criterion)
);

-- When a year's self-assessment is open to the offices of one level (dates, both included).
CREATE TABLE lke_windows (
    year INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('national', 'province', 'regency')),
    opens TEXT NOT NULL,
    closes TEXT NOT NULL,
    PRIMARY KEY (year, level)
);

-- An office's self-assessment reopened after its window closed, up to a day (audited).
CREATE TABLE lke_reopens (
    office_id INTEGER NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    until TEXT NOT NULL,
    PRIMARY KEY (office_id, year)
);
