-- A counter per office, raised in the same transaction as every audited change of its data, so
-- that a cache (of one server or several) can tell whether what it holds is still current.
ALTER TABLE offices ADD COLUMN data_version INTEGER NOT NULL DEFAULT 0;
