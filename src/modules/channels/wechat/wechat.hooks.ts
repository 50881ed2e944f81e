import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalidField } from '../../../platform/errors.ts';
import { storableTextProblem } from '../../../platform/validation/index.ts';
import type { WechatIntake } from './wechat.intake.ts';

/** WeChat's messages are a few hundred bytes; anything near this is not WeChat. */
export const WECHAT_MAX_BODY_BYTES = 64 * 1024;

const Params = z.object({ id: z.string().max(64) });
const SignedQuery = z.object({
  signature: z.string().max(64).optional(),
  timestamp: z.string().max(20).optional(),
  nonce: z.string().max(64).optional(),
  echostr: z.string().max(512).optional(),
  openid: z.string().max(128).optional(),
  encrypt_type: z.string().max(16).optional(),
  msg_signature: z.string().max(64).optional(),
});

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text: bytes that are not UTF-8, lone surrogates or NUL are refused (400), never stored. */
function readXmlBody(body: unknown): string {
  if (!Buffer.isBuffer(body)) throw invalidField('body', 'channels.wechat.bad_xml');
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw new AppError('validation', 'errors.bad_utf8', { fields: [{ field: 'body', messageKey: 'errors.bad_utf8' }] });
  }
  const problem = storableTextProblem(text);
  if (problem) throw invalidField('body', problem);
  return text;
}

/** The server URL of a WeChat Official Account: `/hooks/wechat/<account id>`. */
export const wechatHooks: FastifyPluginAsync<{ intake: WechatIntake }> = async (plugin, { intake }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'buffer', bodyLimit: WECHAT_MAX_BODY_BYTES }, (_request, body, done) => done(null, body));

  app.get(
    '/wechat/:id',
    { schema: { tags: ['hooks'], summary: 'WeChat server URL check: answers echostr when the signature over token, timestamp and nonce holds', params: Params, querystring: SignedQuery } },
    async (request, reply) => reply.type('text/plain; charset=utf-8').send(await intake.verifyServer(request.params.id, request.query)),
  );

  app.post(
    '/wechat/:id',
    {
      bodyLimit: WECHAT_MAX_BODY_BYTES,
      schema: { tags: ['hooks'], summary: 'A message or event from WeChat (XML, plain or safe mode); stored, then answered "success"', params: Params, querystring: SignedQuery },
    },
    async (request, reply) => {
      await intake.receive(request.params.id, request.query, readXmlBody(request.body));
      // WeChat shows nothing to the follower for "success"; replies go through the customer-service API.
      return reply.type('text/plain; charset=utf-8').send('success');
    },
  );
};
