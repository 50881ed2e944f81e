-- "Solved today" on the supervisor counts (GET /tickets/counts) reads tickets by solved_at; without an index that
-- is a scan of every ticket the workspace ever had. Only solved (or since closed) tickets are in it, so intake
-- does not pay for it.
CREATE INDEX tickets_solved ON tickets (workspace_id, solved_at) WHERE solved_at IS NOT NULL;
