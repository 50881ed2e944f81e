-- Before 0015 a timer that failed its tenth attempt was marked fired (with attempts = 10 and its last error), so it
-- vanished silently and retention would now delete it. Those become dead timers, listed for a retry. A timer that
-- fired after some failures keeps attempts below 10, so it is not taken for one.
UPDATE timers SET dead_at = fired_at, fired_at = NULL
 WHERE fired_at IS NOT NULL AND attempts >= 10 AND last_error IS NOT NULL;
