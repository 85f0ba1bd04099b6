-- Two-factor sign-in (TOTP, RFC 6238): each enrolled user's secret, the last time step a code
-- was accepted for (a code is used once), when they enrolled; their one-time recovery codes
-- (SHA-256 of the code); and the roles each office requires a second factor of. Additive only
-- (servers of the previous release run on this schema during a rolling upgrade).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_since TEXT;

CREATE TABLE recovery_codes (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE second_factor_roles (
    office_id INTEGER NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (office_id, role)
);
