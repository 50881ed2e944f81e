/**
 * The WeChat Official Account API as Kefu uses it: the access token (`/cgi-bin/token`), customer-service
 * messages (`/cgi-bin/message/custom/send`) and temporary media (`/cgi-bin/media/get`). The base URL is
 * configuration (WECHAT_API_BASE_URL), so tests run against a local server speaking the same protocol.
 */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat API error ${errcode}: ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

/** The access token is invalid (40001, 40014) or expired (42001): fetch a new one and try once more. */
export const isTokenRejected = (error: unknown): boolean => error instanceof WechatApiError && [40001, 40014, 42001].includes(error.errcode);

/**
 * Errors that will not go away by retrying: outside the 48-hour window (45015), the follower unsubscribed
 * or blocked the account (43004, 43019), a bad OpenID (40003), the app's credentials (40013, 40125, 40164 IP not allowed).
 */
export const isPermanentWechatError = (error: unknown): boolean => error instanceof WechatApiError && [40003, 40013, 40125, 40164, 43004, 43019, 45015, 45047].includes(error.errcode);

const REQUEST_TIMEOUT_MS = 10_000;

interface WechatReply {
  errcode?: number;
  errmsg?: string;
}

async function readJson(response: Response): Promise<WechatReply & Record<string, unknown>> {
  const text = await response.text();
  try {
    return JSON.parse(text) as WechatReply & Record<string, unknown>;
  } catch {
    throw new Error(`WeChat answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}`);
  }
}

function check(reply: WechatReply): void {
  if (reply.errcode !== undefined && reply.errcode !== 0) throw new WechatApiError(reply.errcode, reply.errmsg ?? '');
}

export function createWechatApi(options: { baseUrl: string; timeoutMs?: number }) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const signal = () => AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS);

  return {
    async fetchAccessToken(appId: string, appSecret: string): Promise<{ accessToken: string; expiresInSeconds: number }> {
      const url = `${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}`;
      const reply = await readJson(await fetch(url, { signal: signal() }));
      check(reply);
      if (typeof reply.access_token !== 'string' || typeof reply.expires_in !== 'number') throw new Error('WeChat gave no access token');
      return { accessToken: reply.access_token, expiresInSeconds: reply.expires_in };
    },

    async sendText(accessToken: string, openId: string, content: string): Promise<void> {
      const response = await fetch(`${base}/cgi-bin/message/custom/send?access_token=${encodeURIComponent(accessToken)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ touser: openId, msgtype: 'text', text: { content } }),
        signal: signal(),
      });
      check(await readJson(response));
    },

    /** A temporary media file (an image or voice message a follower sent), with its type and name. */
    async downloadMedia(accessToken: string, mediaId: string): Promise<{ data: Uint8Array; contentType: string; filename: string | null }> {
      const response = await fetch(`${base}/cgi-bin/media/get?access_token=${encodeURIComponent(accessToken)}&media_id=${encodeURIComponent(mediaId)}`, { signal: signal() });
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
      // Errors come back as JSON (text/plain on some paths) instead of the file.
      if (/json|text\/plain/.test(contentType)) check(await readJson(response));
      if (!response.ok) throw new Error(`WeChat media download answered ${response.status}`);
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
      return { data: new Uint8Array(await response.arrayBuffer()), contentType, filename };
    },
  };
}

export type WechatApi = ReturnType<typeof createWechatApi>;
