import { z } from 'zod';
import { AppError } from '../errors.ts';

/**
 * Optimistic concurrency over HTTP: every versioned resource answers with `ETag: "<version>"` and a change sends
 * the version it last read in `If-Match`; a stale version is the service's 409, a missing one a 428.
 */
export const etag = (version: number): string => `"${version}"`;

export const IfMatchHeaders = z.object({ 'if-match': z.string().max(40).optional() });

/** The version in an If-Match header (`"3"`, `W/"3"` or `3`); undefined when absent, a 400 on the header when malformed. */
export function readIfMatch(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value.trim());
  if (!match) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'headers.if-match', messageKey: 'validation.bad_if_match' }] });
  return Number(match[1]);
}

/** As `readIfMatch`, for changes that must not run without the version the caller last read. */
export function requireIfMatch(header: string | string[] | undefined): number {
  const version = readIfMatch(header);
  if (version === undefined) throw new AppError('precondition_required', 'errors.precondition_required');
  return version;
}
