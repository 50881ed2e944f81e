-- Routing asks "who holds this skill at this level or above" on every placement by skills: served by an index
-- rather than by reading every member's skills.
CREATE INDEX user_skills_lookup ON user_skills (workspace_id, skill, level, user_id);
