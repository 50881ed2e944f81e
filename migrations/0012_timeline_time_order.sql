-- The timeline is read in the order things happened, not the order rows were written: other modules record
-- steps after the fact (an SLA warning noticed late, a channel's delivery report), so ids and times differ.
-- The list and its keyset cursor follow (at, id); the index by id alone has no other reader.
CREATE INDEX ticket_timeline_ticket_at ON ticket_timeline (workspace_id, ticket_id, at, id);
DROP INDEX ticket_timeline_ticket;
