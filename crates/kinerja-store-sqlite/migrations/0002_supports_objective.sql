-- An indicator may support a superior unit's objective as a whole (cascade to an objective).
ALTER TABLE indicators ADD COLUMN supports_objective_id INTEGER REFERENCES objectives(id);
CREATE INDEX indicators_supports_objective ON indicators(supports_objective_id);
