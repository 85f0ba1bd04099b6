-- Each office's time zone (WIB, WITA, WIT): where its day begins for deadlines, "today" and
-- document dates. Existing offices are WIB until set.
ALTER TABLE offices ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'WIB';
