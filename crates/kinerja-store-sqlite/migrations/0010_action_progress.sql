-- Whether a RAK action scheduled in a period was carried out (done / not done), with a note.
CREATE TABLE action_progress (
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    done BOOLEAN NOT NULL,
    note TEXT,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (action_id, period)
);
