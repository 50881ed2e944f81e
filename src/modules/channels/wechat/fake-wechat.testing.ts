/**
 * A local stand-in for the WeChat Official Account API (a real HTTP server on 127.0.0.1, port of its choosing):
 * `/cgi-bin/token`, `/cgi-bin/message/custom/send` and `/cgi-bin/media/get`, with the errors Kefu must handle
 * (40001 for a token it no longer accepts, 45015 outside the reply window, 40125 for a wrong secret).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildWechatXml } from './wechat-xml.ts';
import { wechatSignature } from './wechat-signature.ts';

export interface SentCustomMessage {
  accessToken: string;
  touser: string;
  msgtype: string;
  content: string;
}

export interface FakeWechat {
  baseUrl: string;
  /** Every token handed out, in order. */
  tokensIssued: string[];
  sent: SentCustomMessage[];
  /** Makes every token issued so far invalid: the next send answers 40001. */
  revokeTokens(): void;
  /** The next send answers this errcode. */
  failNextSend(errcode: number, errmsg?: string): void;
  addMedia(mediaId: string, media: { data: Buffer; contentType: string; filename: string }): void;
  /** Waits until `count` messages were sent (the worker runs in the background in browser journeys). */
  waitForSent(count: number, timeoutMs?: number): Promise<SentCustomMessage[]>;
  close(): Promise<void>;
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export async function startFakeWechat(options: { appId: string; appSecret: string; expiresIn?: number }): Promise<FakeWechat> {
  const tokensIssued: string[] = [];
  const valid = new Set<string>();
  const sent: SentCustomMessage[] = [];
  const media = new Map<string, { data: Buffer; contentType: string; filename: string }>();
  let nextSendError: { errcode: number; errmsg: string } | undefined;

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const json = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    const token = url.searchParams.get('access_token') ?? '';
    if (url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('appid') !== options.appId || url.searchParams.get('secret') !== options.appSecret) return json({ errcode: 40125, errmsg: 'invalid appsecret' });
      const issued = `TOKEN_${tokensIssued.length + 1}_${randomBytes(4).toString('hex')}`;
      tokensIssued.push(issued);
      valid.add(issued);
      return json({ access_token: issued, expires_in: options.expiresIn ?? 7200 });
    }
    if (url.pathname === '/cgi-bin/message/custom/send' && request.method === 'POST') {
      void readBody(request).then((text) => {
        if (!valid.has(token)) return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        if (nextSendError) {
          const error = nextSendError;
          nextSendError = undefined;
          return json(error);
        }
        const body = JSON.parse(text) as { touser: string; msgtype: string; text?: { content: string } };
        sent.push({ accessToken: token, touser: body.touser, msgtype: body.msgtype, content: body.text?.content ?? '' });
        return json({ errcode: 0, errmsg: 'ok' });
      });
      return undefined;
    }
    if (url.pathname === '/cgi-bin/media/get') {
      if (!valid.has(token)) return json({ errcode: 40001, errmsg: 'invalid credential' });
      const file = media.get(url.searchParams.get('media_id') ?? '');
      if (!file) return json({ errcode: 40007, errmsg: 'invalid media_id' });
      response.writeHead(200, { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename}"` });
      response.end(file.data);
      return undefined;
    }
    response.writeHead(404).end();
    return undefined;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    tokensIssued,
    sent,
    revokeTokens: () => valid.clear(),
    failNextSend: (errcode, errmsg = 'error') => {
      nextSendError = { errcode, errmsg };
    },
    addMedia: (mediaId, file) => media.set(mediaId, file),
    async waitForSent(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (sent.length < count) {
        if (Date.now() > deadline) throw new Error(`the fake WeChat server received ${sent.length} of ${count} messages`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return sent;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The query string WeChat signs a call to the server URL with. */
export function signedQuery(token: string, at: Date, extra: Record<string, string> = {}): string {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const nonce = randomBytes(5).toString('hex');
  return new URLSearchParams({ signature: wechatSignature([token, timestamp, nonce]), timestamp, nonce, ...extra }).toString();
}

let serial = 0;
/** A follower's text message as WeChat posts it. */
export function textMessageXml(options: { appId?: string; openId: string; content: string; at: Date; msgId?: string }): string {
  return buildWechatXml({
    ToUserName: options.appId ?? 'gh_account',
    FromUserName: options.openId,
    CreateTime: Math.floor(options.at.getTime() / 1000),
    MsgType: 'text',
    Content: options.content,
    MsgId: options.msgId ?? `${Date.now()}${++serial}`,
  });
}
