-- Working schedules: weekly hours ({"mon": [{"start": "09:00", "end": "18:00"}], ...}) in the workspace's time zone,
-- per team and per agent (an agent's own hours override their teams'). Null: none set (a team's members are always
-- on shift; an agent works their team's hours).
ALTER TABLE routing_teams ADD COLUMN schedule jsonb;
ALTER TABLE routing_agents ADD COLUMN schedule jsonb;
