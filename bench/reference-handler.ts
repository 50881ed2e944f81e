/**
 * The floor that any HTTP create stands on: a plain Node HTTP server that parses a JSON body, runs one
 * INSERT and answers with JSON. Loaded by the same client as Kefu, it shows what HTTP plus one write
 * costs on this machine, so Kefu's creation rate can be read against it as well as against the raw
 * INSERT ceiling. Run as a child process: `DATABASE_URL` (server) or `DATA_DIR` (embedded) says where.
 */
import http from 'node:http';
import { openDb } from '../src/platform/db.ts';

const db = process.env.DATABASE_URL ? await openDb({ databaseUrl: process.env.DATABASE_URL, poolSize: 16 }) : await openDb({ dataDir: process.env.DATA_DIR });
await db.exec('CREATE TABLE IF NOT EXISTS bench_reference_insert (workspace_id uuid NOT NULL, id bigserial, subject text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (workspace_id, id))');

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { subject: string };
    db.query<{ id: number }>('INSERT INTO bench_reference_insert (workspace_id, subject) VALUES ($1, $2) RETURNING id', ['00000000-0000-4000-8000-000000000001', body.subject]).then(
      (rows) => {
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: rows[0]!.id }));
      },
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      },
    );
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!(typeof address === 'object' && address ? address.port : 0);
});

process.once('SIGTERM', () => {
  server.close();
  void db
    .exec('DROP TABLE bench_reference_insert')
    .then(() => db.close())
    .finally(() => process.exit(0));
});
