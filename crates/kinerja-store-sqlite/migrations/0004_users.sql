-- People who sign in, and the roles granted to them on an office (and for operators and heads,
-- on a unit). Passwords are argon2id PHC strings; a disabled user cannot sign in.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    lang TEXT NOT NULL DEFAULT 'id',
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE grants (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'operator', 'head', 'reviewer', 'oversight')),
    office_id INTEGER NOT NULL REFERENCES offices(id),
    unit_id INTEGER REFERENCES units(id)
);
CREATE INDEX grants_user ON grants(user_id);
