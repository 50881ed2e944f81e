import { registerMessages } from './i18n.ts';

export const ERROR_CODES = [
  'not_found',
  'forbidden',
  'conflict',
  'invalid_state',
  'validation',
  'rate_limited',
  'unauthenticated',
  'payload_too_large',
  'unsupported_media_type',
  'precondition_required',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  invalid_state: 409,
  validation: 400,
  rate_limited: 429,
  unauthenticated: 401,
  payload_too_large: 413,
  unsupported_media_type: 415,
  precondition_required: 428,
};

/** A field that failed validation; `messageKey` is translated into the caller's language. */
export interface FieldProblem {
  field: string;
  messageKey: string;
  params?: Record<string, unknown>;
  /** Already human-readable text (e.g. from Zod) used when no key applies. */
  message?: string;
}

/** The one error type business code throws. The HTTP layer maps it to application/problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly params: Record<string, unknown>;
  readonly fields: FieldProblem[];
  readonly extra: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    messageKey: string,
    options: { params?: Record<string, unknown>; fields?: FieldProblem[]; extra?: Record<string, unknown> } = {},
  ) {
    super(messageKey);
    this.name = 'AppError';
    this.code = code;
    this.messageKey = messageKey;
    this.params = options.params ?? {};
    this.fields = options.fields ?? [];
    this.extra = options.extra ?? {};
  }
}

export const notFound = (entity: string): AppError => new AppError('not_found', 'errors.not_found', { params: { entity } });
export const forbidden = (action: string): AppError => new AppError('forbidden', 'errors.forbidden', { params: { action } });
export const invalidField = (field: string, messageKey: string, params?: Record<string, unknown>): AppError =>
  new AppError('validation', 'errors.validation', { fields: [{ field, messageKey, params }] });

registerMessages({
  en: {
    'errors.not_found': 'The {entity} was not found.',
    'errors.forbidden': 'You are not allowed to {action}.',
    'errors.validation': 'Some fields are not valid.',
    'errors.unauthenticated': 'Please sign in.',
    'errors.rate_limited': 'Too many requests. Try again in {seconds} seconds.',
    'errors.payload_too_large': 'The request is too large (limit {limit} bytes).',
    'errors.unsupported_media_type': 'This content type is not supported.',
    'errors.internal': 'Something went wrong on our side. The error was logged (request {requestId}).',
    'errors.conflict': 'The data was changed by someone else. Reload and try again.',
    'errors.precondition_required': 'Send the current version in the If-Match header.',
    'errors.bad_json': 'The request body is not valid JSON.',
    'errors.bad_utf8': 'The request contains invalid UTF-8 text.',
    'errors.route_not_found': 'No such endpoint: {method} {url}.',
    'errors.session_only': 'This action needs a signed-in user; API tokens cannot use it.',
    'formats.uuid': 'ID (UUID)',
    'formats.email': 'e-mail address',
    'formats.url': 'URL',
    'formats.datetime': 'date and time (ISO 8601)',
    'formats.date': 'date (YYYY-MM-DD)',
    'formats.regex': 'value in the required format',
    'formats.number': 'a number',
    'formats.int': 'a whole number',
    'formats.string': 'text',
    'formats.boolean': 'true or false',
    'formats.array': 'a list',
    'formats.object': 'an object',
    'formats.IANA time zone': 'IANA time zone',
    'validation.required': 'This field is required.',
    'validation.unknown_field': 'Unknown field.',
    'validation.invalid_type': 'Expected {expected}.',
    'validation.too_long': 'At most {maximum} character(s).',
    'validation.too_short': 'At least {minimum} character(s).',
    'validation.too_big': 'At most {maximum}.',
    'validation.too_small': 'At least {minimum}.',
    'validation.invalid_value': 'Must be one of: {values}.',
    'validation.invalid_format': 'Not a valid {format}.',
    'validation.invalid': 'This value is not valid.',
    'validation.control_characters': 'Control characters are not allowed.',
    'validation.lone_surrogate': 'Contains an incomplete character (a lone UTF-16 surrogate); send valid Unicode text.',
    'validation.nul_character': 'The NUL character (U+0000) is not allowed.',
    'validation.too_deep': 'Nested too deeply (at most 32 levels).',
    'validation.bad_if_match': 'If-Match must be a version number such as "3".',
  },
  'zh-CN': {
    'errors.not_found': '未找到该{entity}。',
    'errors.forbidden': '您无权{action}。',
    'errors.validation': '部分字段不合法。',
    'errors.unauthenticated': '请先登录。',
    'errors.rate_limited': '请求过于频繁，请 {seconds} 秒后重试。',
    'errors.payload_too_large': '请求内容过大（上限 {limit} 字节）。',
    'errors.unsupported_media_type': '不支持该内容类型。',
    'errors.internal': '服务器内部错误，已记录（请求编号 {requestId}）。',
    'errors.conflict': '数据已被他人修改，请刷新后重试。',
    'errors.precondition_required': '请在 If-Match 请求头中提供当前版本号。',
    'errors.bad_json': '请求体不是合法的 JSON。',
    'errors.bad_utf8': '请求包含无效的 UTF-8 文本。',
    'errors.route_not_found': '接口不存在：{method} {url}。',
    'errors.session_only': '此操作需要登录用户执行，API 令牌无法使用。',
    'formats.uuid': 'ID（UUID）',
    'formats.email': '邮箱地址',
    'formats.url': '网址',
    'formats.datetime': '日期时间（ISO 8601）',
    'formats.date': '日期（YYYY-MM-DD）',
    'formats.regex': '符合要求格式的值',
    'formats.number': '数字',
    'formats.int': '整数',
    'formats.string': '文本',
    'formats.boolean': 'true 或 false',
    'formats.array': '列表',
    'formats.object': '对象',
    'formats.IANA time zone': 'IANA 时区',
    'validation.required': '此字段为必填项。',
    'validation.unknown_field': '未知字段。',
    'validation.invalid_type': '应为 {expected}。',
    'validation.too_long': '最多 {maximum} 个字符。',
    'validation.too_short': '至少 {minimum} 个字符。',
    'validation.too_big': '不能大于 {maximum}。',
    'validation.too_small': '不能小于 {minimum}。',
    'validation.invalid_value': '取值必须是：{values}。',
    'validation.invalid_format': '不是有效的{format}。',
    'validation.invalid': '该值不合法。',
    'validation.control_characters': '不允许包含控制字符。',
    'validation.lone_surrogate': '包含不完整的字符（孤立的 UTF-16 代理项），请发送有效的 Unicode 文本。',
    'validation.nul_character': '不允许包含空字符（U+0000）。',
    'validation.too_deep': '嵌套层级过深（最多 32 层）。',
    'validation.bad_if_match': 'If-Match 必须是版本号，例如 "3"。',
  },
});
