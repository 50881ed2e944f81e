-- cancelTimers deletes a family of pending timers by key prefix (LIKE 'sla:<ticket>:%'). Under a non-C collation the
-- primary key cannot serve a prefix match, so this index keeps a cancellation independent of the number of timers.
CREATE INDEX timers_pending_key_prefix ON timers (workspace_id, key text_pattern_ops) WHERE fired_at IS NULL;
