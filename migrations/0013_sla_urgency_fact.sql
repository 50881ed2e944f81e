-- SLA policies may match on the ticket's urgency (conditions.urgencies). The engine's projection keeps the
-- urgency of the newest ticket event like its other facts; a ticket with no event since this upgrade has none
-- yet, and a policy that asks for an urgency does not match it until its next event.
ALTER TABLE ticket_sla ADD COLUMN urgency text;
