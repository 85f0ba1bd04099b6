-- What the app tells a user: a figure returned to them, figures waiting for their verification,
-- a reopened figure, the daily reminder of their reports due and late. Indicator and unit are kept
-- without foreign keys (a plan edit may remove them; the notice then says so). `note` is the
-- reason a head wrote, or the reminder's counts. E-mail: claimed by one server at a time
-- (`mail_claimed_at`), then sent (`mailed_at`) or given up (`mail_error`).
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('submitted', 'returned', 'reopened', 'reminder')),
    office_id INTEGER NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    unit_id INTEGER,
    indicator_id INTEGER,
    period TEXT,
    actor TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    read_at TEXT,
    mail_claimed_at TEXT,
    mailed_at TEXT,
    mail_error TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_mail ON notifications(mailed_at, mail_error);

-- Where a user receives e-mail, and whether they want notifications by e-mail (on unless they
-- turn it off; nothing is sent while the server has no SMTP settings).
CREATE TABLE user_mail (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    email TEXT,
    by_email BOOLEAN NOT NULL DEFAULT TRUE
);

-- Jobs that must run once for all the servers of one database (the daily reminder of an office):
-- the first server to insert the key runs it.
CREATE TABLE job_runs (
    job TEXT PRIMARY KEY,
    started_at TEXT NOT NULL
);
