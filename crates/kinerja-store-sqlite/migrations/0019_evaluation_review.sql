-- The evaluators' review of an office's year (LKE): two roles on the office above
-- (evaluator, evaluator_lead), the state of each review, and the report's recommendations with
-- their follow-up. SQLite cannot change a CHECK, so grants are copied into a table that allows
-- the new roles.
CREATE TABLE grants_new (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'operator', 'head', 'reviewer', 'oversight',
                                       'evaluator', 'evaluator_lead')),
    office_id INTEGER NOT NULL REFERENCES offices(id),
    unit_id INTEGER REFERENCES units(id)
);
INSERT INTO grants_new (id, user_id, role, office_id, unit_id)
    SELECT id, user_id, role, office_id, unit_id FROM grants;
DROP TABLE grants;
ALTER TABLE grants_new RENAME TO grants;
CREATE INDEX grants_user ON grants(user_id);

-- Where an office's evaluation of a year stands: proposed by a member, answered by the office,
-- approved by the team leader (who signs the report).
CREATE TABLE lke_reviews (
    office_id INTEGER NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'proposed', 'responded', 'approved')),
    proposed_by TEXT,
    proposed_at TEXT,
    response TEXT,
    responded_by TEXT,
    responded_at TEXT,
    approved_by TEXT,
    approved_at TEXT,
    PRIMARY KEY (office_id, year)
);

-- The report's findings and recommendations per component, and the office's follow-up (planned
-- action, due date, status, evidence), carried into the next year's evaluation.
CREATE TABLE lke_recommendations (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    component TEXT NOT NULL,
    finding TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    action TEXT,
    due TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')),
    evidence TEXT,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX lke_recommendations_office ON lke_recommendations(office_id, year);
