import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, HTTP_STATUS } from '../platform/errors.ts';
import { hasMessage, translate, type Locale } from '../platform/i18n.ts';
import { fieldProblemsFromZodIssue, pathFromPointer, type ZodLikeIssue } from '../platform/validation/index.ts';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  errors?: { field: string; message: string; code: string }[];
  [extra: string]: unknown;
}

/** Entity and permission names inside messages are words too: `not_found {entity: 'ticket'}` → “工单”. */
function localiseParams(locale: Locale, params: Record<string, unknown>): Record<string, unknown> {
  const result = { ...params };
  if (typeof params.entity === 'string' && hasMessage(locale, `entities.${params.entity}`)) result.entity = translate(locale, `entities.${params.entity}`);
  if (typeof params.action === 'string' && hasMessage(locale, `permissions.${params.action}`)) result.action = translate(locale, `permissions.${params.action}`);
  for (const name of ['format', 'expected'] as const) {
    if (typeof params[name] === 'string' && hasMessage(locale, `formats.${params[name]}`)) result[name] = translate(locale, `formats.${params[name]}`);
  }
  return result;
}

export function buildProblem(error: AppError, locale: Locale, requestId: string): ProblemDetails {
  const status = HTTP_STATUS[error.code];
  const problem: ProblemDetails = {
    type: `https://kefu.dev/problems/${error.code}`,
    title: error.code,
    status,
    code: error.code,
    detail: translate(locale, error.messageKey, localiseParams(locale, error.params)),
    instance: requestId,
    ...error.extra,
  };
  if (error.fields.length > 0) {
    problem.errors = error.fields.map((f) => ({
      field: f.field,
      code: f.messageKey,
      message: hasMessage(locale, f.messageKey) || !f.message ? translate(locale, f.messageKey, localiseParams(locale, f.params ?? {})) : f.message,
    }));
  }
  return problem;
}

/** Normalises anything thrown in a request into an AppError (or undefined for a real server fault). */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const prefix = context === 'body' ? '' : context === 'querystring' ? 'query' : context;
    const fields = error.validation.flatMap((v) =>
      fieldProblemsFromZodIssue(
        { ...(v.params as object), code: v.keyword, message: v.message, path: pathFromPointer(v.instancePath) } as ZodLikeIssue,
        prefix,
      ),
    );
    return new AppError('validation', 'errors.validation', { fields });
  }
  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'errors.payload_too_large', { params: { limit: '' } });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'errors.unsupported_media_type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('validation', 'errors.bad_json', { fields: [{ field: 'body', messageKey: 'errors.bad_json' }] });
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('payload_too_large', 'errors.payload_too_large', { params: { limit: '' } });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported_media_type', 'errors.unsupported_media_type');
  }
  if (fastifyError.statusCode === 429) return new AppError('rate_limited', 'errors.rate_limited', { params: { seconds: 60 } });
  if (fastifyError.statusCode === 413) return new AppError('payload_too_large', 'errors.payload_too_large', { params: { limit: '' } });
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new AppError('validation', 'errors.bad_json', { fields: [{ field: 'body', messageKey: 'errors.bad_json' }] });
  }
  return undefined;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const appError = toAppError(error);
  const locale = request.locale;
  if (!appError) {
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .type('application/problem+json')
      .send({
        type: 'https://kefu.dev/problems/internal',
        title: 'internal',
        status: 500,
        code: 'internal',
        detail: translate(locale, 'errors.internal', { requestId: request.id }),
        instance: request.id,
      });
  }
  const problemError = appError.code === 'payload_too_large' && !appError.params.limit
    ? new AppError('payload_too_large', appError.messageKey, { params: { limit: request.routeOptions.bodyLimit ?? '' }, fields: appError.fields, extra: appError.extra })
    : appError;
  const problem = buildProblem(problemError, locale, request.id);
  if (problemError.code === 'rate_limited' && typeof problemError.extra.retryAfter === 'number') reply.header('retry-after', String(problemError.extra.retryAfter));
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
