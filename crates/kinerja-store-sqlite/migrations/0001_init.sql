-- Kinerja schema, SQLite. Decimals are TEXT (exact); values are (kind, raw) pairs;
-- small structured fields are JSON text. Integer ids are 64-bit.
CREATE TABLE offices (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    full_name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('national', 'province', 'regency')),
    parent_id INTEGER REFERENCES offices(id),
    address TEXT,
    city TEXT,
    scale_code TEXT,
    lower_formula TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX offices_parent ON offices(parent_id);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id INTEGER REFERENCES units(id),
    aliases TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (office_id, code)
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    nip TEXT,
    UNIQUE (office_id, code)
);

CREATE TABLE positions (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    acting TEXT NOT NULL,
    from_date TEXT,
    until_date TEXT
);

CREATE TABLE scales (
    id INTEGER PRIMARY KEY,
    office_id INTEGER REFERENCES offices(id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    domain_min TEXT,
    domain_max TEXT,
    bands TEXT NOT NULL
);

CREATE TABLE renstra (
    office_id INTEGER PRIMARY KEY REFERENCES offices(id),
    body TEXT NOT NULL
);

CREATE TABLE unit_years (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    has_pk BOOLEAN NOT NULL,
    has_rak BOOLEAN NOT NULL,
    rak_period_kind TEXT NOT NULL,
    stated_budget_total TEXT,
    pk_signed TEXT,
    rak_signed TEXT,
    pk_source TEXT,
    rak_source TEXT,
    PRIMARY KEY (unit_id, year)
);

CREATE TABLE objectives (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX objectives_unit_year ON objectives(unit_id, year);
CREATE INDEX objectives_year ON objectives(year);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    pk_target_kind TEXT,
    pk_target_raw TEXT,
    rak_target_kind TEXT,
    rak_target_raw TEXT,
    activity_target_kind TEXT,
    activity_target_raw TEXT,
    period_targets TEXT NOT NULL DEFAULT '[]',
    settings TEXT NOT NULL,
    computation TEXT,
    data_source TEXT,
    supports_id INTEGER REFERENCES indicators(id),
    reported TEXT,
    note TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX indicators_objective ON indicators(objective_id);
CREATE INDEX indicators_supports ON indicators(supports_id);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    period_kind TEXT NOT NULL,
    periods TEXT NOT NULL,
    executor TEXT,
    executor_unit_id INTEGER REFERENCES units(id),
    budget TEXT,
    target_kind TEXT,
    target_raw TEXT,
    note TEXT
);
CREATE INDEX actions_indicator ON actions(indicator_id);

CREATE TABLE budget_lines (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    ceiling TEXT NOT NULL,
    realised TEXT
);
CREATE INDEX budget_lines_unit_year ON budget_lines(unit_id, year);

CREATE TABLE realisations (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    period TEXT NOT NULL,
    value_kind TEXT NOT NULL,
    value_raw TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'verified', 'returned')),
    evidence TEXT NOT NULL DEFAULT '[]',
    obstacles TEXT,
    follow_up TEXT,
    return_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (indicator_id, period)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    office_id INTEGER,
    entity TEXT NOT NULL,
    entity_id TEXT,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    reason TEXT
);
CREATE INDEX audit_log_office ON audit_log(office_id, id);
