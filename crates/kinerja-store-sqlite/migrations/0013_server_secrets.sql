-- Secrets the servers of one database share (the key that signs the sign-in form's token before
-- any session exists): made once, at first use, so every server behind one database agrees.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
