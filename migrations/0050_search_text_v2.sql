-- Search text v2: documents and queries are now folded (full-width → half-width, traditional → simplified)
-- and English words stemmed (src/platform/text). The stored tsvectors hold v1 terms, and the new terms
-- cannot be computed in SQL (the stemmer and the folding table live in TypeScript), so this migration only
-- records which pipeline built each row: existing rows are 1, and the application rebuilds every row below
-- the current version in the background (tickets.search-index.ts, the kernel's search-reindex loop).
-- New rows are written with the current version explicitly; the default of 1 marks rows written by a node
-- still running older code during a rolling upgrade, so they are rebuilt too.
ALTER TABLE tickets ADD COLUMN search_version smallint NOT NULL DEFAULT 1;

-- Only rows still to rebuild are in it, so after the upgrade it is empty and costs inserts nothing.
-- A later version bump replaces it with one for the new bound.
CREATE INDEX tickets_search_stale ON tickets (workspace_id, id) WHERE search_version < 2;
