/** One field problem from the API's application/problem+json `errors` array. */
export interface FieldError {
  field: string;
  message: string;
  code: string;
}

/** A failed API call: the problem document the server sent (already in the UI's language). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: FieldError[];
  readonly problem: Record<string, unknown>;

  constructor(status: number, problem: Record<string, unknown>) {
    super(typeof problem.detail === 'string' ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.code = typeof problem.code === 'string' ? problem.code : 'internal';
    this.fieldErrors = Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [];
    this.problem = problem;
  }
}

type UnauthenticatedListener = (path: string) => void;

let acceptLanguage = 'en';
let onUnauthenticated: UnauthenticatedListener | undefined;

/** The UI locale goes out as Accept-Language on every request, so server messages come back translated. */
export function setApiLocale(locale: string): void {
  acceptLanguage = locale;
}

export function getApiLocale(): string {
  return acceptLanguage;
}

/** Called when a request comes back 401 (expired or revoked session). */
export function setUnauthenticatedListener(listener: UnauthenticatedListener | undefined): void {
  onUnauthenticated = listener;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null | readonly string[]>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A 401 here is an answer (login form, session probe), not an expired session. */
  expectUnauthenticated?: boolean;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const url = path.startsWith('/') ? path : `/api/v1/${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

export async function apiRequest<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': acceptLanguage, ...options.headers };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(buildUrl(path, options.query), { method, headers, body: payload, credentials: 'same-origin', signal: options.signal });
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? (data as Record<string, unknown>) : { detail: text || response.statusText };
    if (response.status === 401 && !options.expectUnauthenticated) onUnauthenticated?.(path);
    throw new ApiError(response.status, problem);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text };
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => apiRequest<T>('POST', path, body ?? {}, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => apiRequest<T>('PATCH', path, body, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => apiRequest<T>('PUT', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, undefined, options),
};

export interface ListResponse<T> {
  items: T[];
  nextCursor?: string | null;
  total?: number;
}
