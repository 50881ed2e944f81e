import { prepared, type Sql } from '../../platform/db.ts';
import type { ContactIdentity, IdentityKind } from './contact-normalize.ts';

/** A customer as stored: identity values unmasked. Masking happens in the service, per viewer. */
export interface CustomerRecord {
  id: string;
  name: string;
  organizationId: string | null;
  organizationName: string | null;
  tags: string[];
  notes: string;
  locale: string | null;
  externalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** In the order they were added. */
  identities: ContactIdentity[];
}

export interface OrganizationRecord {
  id: string;
  name: string;
  domain: string | null;
  createdAt: Date;
}

const CUSTOMER_COLUMNS = `c.id, c.name, c.organization_id, o.name AS organization_name, c.tags, c.notes, c.locale,
  c.external_ref, c.created_at, c.updated_at, c.version,
  COALESCE((SELECT json_agg(json_build_object('kind', i.kind, 'value', i.value) ORDER BY i.seq)
              FROM customer_identities i WHERE i.workspace_id = c.workspace_id AND i.customer_id = c.id), '[]') AS identities`;

const CUSTOMER_FROM = `customers c
  LEFT JOIN organizations o ON o.workspace_id = c.workspace_id AND o.id = c.organization_id`;

const toCustomer = (row: Record<string, unknown>): CustomerRecord => ({
  id: row.id as string,
  name: row.name as string,
  organizationId: row.organization_id as string | null,
  organizationName: row.organization_name as string | null,
  tags: (row.tags as string[]) ?? [],
  notes: row.notes as string,
  locale: row.locale as string | null,
  externalRef: row.external_ref as string | null,
  createdAt: row.created_at as Date,
  updatedAt: row.updated_at as Date,
  version: row.version as number,
  identities: (row.identities as ContactIdentity[]) ?? [],
});

const toOrganization = (row: Record<string, unknown>): OrganizationRecord => ({
  id: row.id as string,
  name: row.name as string,
  domain: row.domain as string | null,
  createdAt: row.created_at as Date,
});

export async function selectCustomer(sql: Sql, workspaceId: string, customerId: string, options: { forUpdate?: boolean } = {}): Promise<CustomerRecord | undefined> {
  const lock = options.forUpdate ? 'FOR UPDATE OF c' : '';
  const rows = await sql.query(`SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE c.workspace_id = $1 AND c.id = $2 ${lock}`, [workspaceId, customerId]);
  return rows[0] ? toCustomer(rows[0]) : undefined;
}

export async function selectCustomersByIds(sql: Sql, workspaceId: string, customerIds: string[]): Promise<CustomerRecord[]> {
  if (customerIds.length === 0) return [];
  const rows = await sql.query(prepared(`SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[])`), [workspaceId, customerIds]);
  return rows.map(toCustomer);
}

/** What routing rules match on: a customer's tags and organisation name. */
export async function selectCustomerTraits(sql: Sql, workspaceId: string, customerId: string): Promise<{ tags: string[]; organization: string | null } | undefined> {
  const rows = await sql.query<{ tags: string[]; organization: string | null }>(
    prepared(`SELECT c.tags, o.name AS organization FROM ${CUSTOMER_FROM} WHERE c.workspace_id = $1 AND c.id = $2`),
    [workspaceId, customerId],
  );
  return rows[0];
}

export async function customerExists(sql: Sql, workspaceId: string, customerId: string): Promise<boolean> {
  const rows = await sql.query('SELECT 1 FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
  return rows.length > 0;
}

export interface CustomerSearch {
  /** ILIKE pattern on the name, already escaped. */
  namePattern?: string;
  /** LIKE patterns (lower case) on identity values of one kind: substring search, for viewers who see contacts. */
  identityPatterns?: { kind: IdentityKind; pattern: string }[];
  /** Complete normalised identities. */
  identityValues?: ContactIdentity[];
  tag?: string;
  organizationId?: string;
  /** Keyset position: rows strictly after this one in (created_at DESC, id DESC) order. */
  after?: { createdAt: Date; id: string };
  limit: number;
}

/**
 * Newest first. A text query becomes one branch per way of matching (name, e-mail, phone, exact
 * identity), each ordered and limited on its own: the planner then walks the recency index for a
 * broad term and uses the trigram or primary-key index for a selective one, instead of filtering
 * every customer of the workspace through an OR.
 */
export async function searchCustomers(sql: Sql, workspaceId: string, search: CustomerSearch): Promise<CustomerRecord[]> {
  const params: unknown[] = [workspaceId];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const filters = ['c.workspace_id = $1'];
  if (search.tag !== undefined) filters.push(`c.tags @> ARRAY[${param(search.tag)}::text]`);
  if (search.organizationId !== undefined) filters.push(`c.organization_id = ${param(search.organizationId)}::uuid`);
  if (search.after) filters.push(`(c.created_at, c.id) < (${param(search.after.createdAt)}::timestamptz, ${param(search.after.id)}::uuid)`);
  const filter = filters.join(' AND ');
  const limit = param(search.limit);
  const page = `ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`;
  const fromIdentities = `FROM customer_identities i JOIN customers c ON c.workspace_id = i.workspace_id AND c.id = i.customer_id
                          WHERE i.workspace_id = $1 AND ${filter}`;

  const branches: string[] = [];
  if (search.namePattern !== undefined) branches.push(`SELECT c.id FROM customers c WHERE ${filter} AND c.name ILIKE ${param(search.namePattern)} ${page}`);
  for (const { kind, pattern } of search.identityPatterns ?? []) {
    branches.push(`SELECT c.id ${fromIdentities} AND i.kind = ${param(kind)} AND lower(i.value) LIKE ${param(pattern)} ${page}`);
  }
  const exact = search.identityValues ?? [];
  if (exact.length > 0) {
    const kinds = param(exact.map((i) => i.kind));
    const values = param(exact.map((i) => i.value));
    branches.push(`SELECT c.id ${fromIdentities} AND (i.kind, i.value) IN (SELECT * FROM unnest(${kinds}::text[], ${values}::text[])) ${page}`);
  }
  const matching = branches.length > 0 ? ` AND c.id IN (${branches.map((branch) => `(${branch})`).join(' UNION ALL ')})` : '';

  const rows = await sql.query(`SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE ${filter}${matching} ${page}`, params);
  return rows.map(toCustomer);
}

export async function insertCustomer(
  sql: Sql,
  workspaceId: string,
  customer: { id: string; name: string; organizationId: string | null; tags: string[]; notes: string; locale: string | null; externalRef: string | null; now: Date },
): Promise<void> {
  await sql.query(
    `INSERT INTO customers (workspace_id, id, name, organization_id, tags, notes, locale, external_ref, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
    [workspaceId, customer.id, customer.name, customer.organizationId, customer.tags, customer.notes, customer.locale, customer.externalRef, customer.now],
  );
}

/** Customers created by intake: a name and nothing else yet. */
export async function insertCustomers(sql: Sql, workspaceId: string, customers: readonly { id: string; name: string }[], now: Date): Promise<void> {
  await sql.query(
    prepared(`INSERT INTO customers (workspace_id, id, name, created_at, updated_at)
     SELECT $1, id, name, $2, $2 FROM unnest($3::uuid[], $4::text[]) AS x(id, name)`),
    [workspaceId, now, customers.map((c) => c.id), customers.map((c) => c.name)],
  );
}

export async function deleteCustomers(sql: Sql, workspaceId: string, customerIds: string[]): Promise<void> {
  await sql.query('DELETE FROM customers WHERE workspace_id = $1 AND id = ANY($2::uuid[])', [workspaceId, customerIds]);
}

export async function deleteCustomer(sql: Sql, workspaceId: string, customerId: string): Promise<void> {
  await sql.query('DELETE FROM customers WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
}

/** Applies the patch (only the keys present) and bumps the version; returns the new version, or undefined if the row is gone. */
export async function updateCustomerRow(
  sql: Sql,
  workspaceId: string,
  customerId: string,
  patch: Partial<{ name: string; organizationId: string | null; tags: string[]; notes: string; locale: string | null; externalRef: string | null }>,
  now: Date,
): Promise<number | undefined> {
  const columns: Record<string, string> = {
    name: 'name',
    organizationId: 'organization_id',
    tags: 'tags',
    notes: 'notes',
    locale: 'locale',
    externalRef: 'external_ref',
  };
  const params: unknown[] = [workspaceId, customerId, now];
  const sets = ['updated_at = $3', 'version = version + 1'];
  for (const [key, value] of Object.entries(patch)) {
    const column = columns[key];
    if (value === undefined || column === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  const rows = await sql.query<{ version: number }>(
    `UPDATE customers SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING version`,
    params,
  );
  return rows[0]?.version;
}

/** Bumps the version after identities were added, filling the name only if it was empty; returns the new version. */
export async function touchCustomer(sql: Sql, workspaceId: string, customerId: string, nameIfEmpty: string | null, now: Date): Promise<number> {
  const rows = await sql.query<{ version: number }>(
    `UPDATE customers SET version = version + 1, updated_at = $3,
            name = CASE WHEN name = '' AND $4::text IS NOT NULL THEN $4 ELSE name END
      WHERE workspace_id = $1 AND id = $2
      RETURNING version`,
    [workspaceId, customerId, now, nameIfEmpty],
  );
  return rows[0]?.version ?? 0;
}

/** Which customers own these identities (and their names, to fill an empty one). */
export async function selectIdentityOwners(
  sql: Sql,
  workspaceId: string,
  identities: ContactIdentity[],
): Promise<{ kind: IdentityKind; value: string; customerId: string; customerName: string }[]> {
  if (identities.length === 0) return [];
  const rows = await sql.query<{ kind: IdentityKind; value: string; customer_id: string; name: string }>(
    prepared(`SELECT i.kind, i.value, i.customer_id, c.name
       FROM customer_identities i
       JOIN customers c ON c.workspace_id = i.workspace_id AND c.id = i.customer_id
      WHERE i.workspace_id = $1 AND (i.kind, i.value) IN (SELECT * FROM unnest($2::text[], $3::text[]))`),
    [workspaceId, identities.map((i) => i.kind), identities.map((i) => i.value)],
  );
  return rows.map((row) => ({ kind: row.kind, value: row.value, customerId: row.customer_id, customerName: row.name }));
}

/**
 * Claims identities for a customer in the given order; those another customer already owns are
 * skipped (ON CONFLICT DO NOTHING waits for a concurrent claimer to commit). Returns what was claimed.
 */
export async function insertIdentities(sql: Sql, workspaceId: string, customerId: string, identities: ContactIdentity[], now: Date): Promise<ContactIdentity[]> {
  if (identities.length === 0) return [];
  return sql.query<ContactIdentity>(
    `INSERT INTO customer_identities (workspace_id, kind, value, customer_id, created_at)
     SELECT $1, k, v, $2, $3 FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS x(k, v, n) ORDER BY n
     ON CONFLICT DO NOTHING
     RETURNING kind, value`,
    [workspaceId, customerId, now, identities.map((i) => i.kind), identities.map((i) => i.value)],
  );
}

/** `insertIdentities` for several customers at once, in the order given; returns what was claimed. */
export async function insertIdentitiesOfMany(
  sql: Sql,
  workspaceId: string,
  identities: readonly (ContactIdentity & { customerId: string })[],
  now: Date,
): Promise<(ContactIdentity & { customerId: string })[]> {
  if (identities.length === 0) return [];
  // Rows go in key order: two batches racing on overlapping contacts then wait on each other's unique-index
  // entries in the same order, so one waits for the other instead of both deadlocking.
  const rows = await sql.query<{ kind: IdentityKind; value: string; customer_id: string }>(
    prepared(`INSERT INTO customer_identities (workspace_id, kind, value, customer_id, created_at)
     SELECT $1, k, v, c, $2 FROM unnest($3::text[], $4::text[], $5::uuid[]) AS x(k, v, c) ORDER BY k COLLATE "C", v COLLATE "C"
     ON CONFLICT DO NOTHING
     RETURNING kind, value, customer_id`),
    [workspaceId, now, identities.map((i) => i.kind), identities.map((i) => i.value), identities.map((i) => i.customerId)],
  );
  return rows.map((row) => ({ kind: row.kind, value: row.value, customerId: row.customer_id }));
}

export async function deleteIdentities(sql: Sql, workspaceId: string, customerId: string, identities: ContactIdentity[]): Promise<void> {
  if (identities.length === 0) return;
  await sql.query(
    `DELETE FROM customer_identities
      WHERE workspace_id = $1 AND customer_id = $2 AND (kind, value) IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
    [workspaceId, customerId, identities.map((i) => i.kind), identities.map((i) => i.value)],
  );
}

export async function selectOrganizations(sql: Sql, workspaceId: string, filter: { namePattern?: string; limit: number }): Promise<OrganizationRecord[]> {
  const rows = await sql.query(
    `SELECT id, name, domain, created_at FROM organizations
      WHERE workspace_id = $1 AND ($2::text IS NULL OR name ILIKE $2 OR domain ILIKE $2)
      ORDER BY lower(name), id
      LIMIT $3`,
    [workspaceId, filter.namePattern ?? null, filter.limit],
  );
  return rows.map(toOrganization);
}

export async function organizationExists(sql: Sql, workspaceId: string, organizationId: string): Promise<boolean> {
  const rows = await sql.query('SELECT 1 FROM organizations WHERE workspace_id = $1 AND id = $2', [workspaceId, organizationId]);
  return rows.length > 0;
}

/** Returns the new organisation, or undefined when the name is taken in the workspace. */
export async function insertOrganization(
  sql: Sql,
  workspaceId: string,
  organization: { id: string; name: string; domain: string | null; now: Date },
): Promise<OrganizationRecord | undefined> {
  const rows = await sql.query(
    `INSERT INTO organizations (workspace_id, id, name, domain, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING
     RETURNING id, name, domain, created_at`,
    [workspaceId, organization.id, organization.name, organization.domain, organization.now],
  );
  return rows[0] ? toOrganization(rows[0]) : undefined;
}
