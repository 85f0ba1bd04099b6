-- Which indicators each budget line funds (a JSON array of indicator ids; NULL: not linked), so
-- the LKj measures a programme's efficiency by its own indicators.
ALTER TABLE budget_lines ADD COLUMN indicators TEXT;
