-- Phone identities move to international form where the country is certain (contact-normalize.ts): mainland
-- mobile numbers stored as dialled at home (13912345678, 8613912345678) gain their +86, so the same number
-- written either way is one identity. A number whose international form another row already holds stays as it
-- was (two customers must not be merged silently); the ticket search text follows on the next customer change.
UPDATE customer_identities i
   SET value = '+86' || substr(i.value, length(i.value) - 10)
 WHERE i.kind = 'phone'
   AND (i.value ~ '^1[3-9][0-9]{9}$' OR i.value ~ '^861[3-9][0-9]{9}$')
   AND NOT EXISTS (
     SELECT 1 FROM customer_identities o
      WHERE o.workspace_id = i.workspace_id AND o.kind = 'phone' AND o.value = '+86' || substr(i.value, length(i.value) - 10)
   );
