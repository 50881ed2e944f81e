/**
 * An intent's lookup over HTTP in the company's own system (order status): the slot from the message goes into the
 * configured URL, the JSON reply fills the answer. A read, made while the customer waits (not a side effect that
 * must wait for a commit); a short timeout, and any failure is reported so the bot hands off instead.
 */
import type { LookupConfig } from './bot.repository.ts';
import { fillAnswer, fillUrl } from './templates.ts';

const TIMEOUT_MS = 5_000;
const MAX_REPLY_BYTES = 256 * 1024;

export type LookupResult = { ok: true; answer: string } | { ok: false; reason: 'not_found' | 'failed' };

export async function runLookup(config: LookupConfig, slot: string, locale: 'en' | 'zh-CN', fetchImpl: typeof fetch = fetch): Promise<LookupResult> {
  const values = { [config.slotName]: slot };
  const url = fillUrl(config.url, values);
  try {
    const response = await fetchImpl(url, {
      method: config.method,
      headers: { accept: 'application/json', ...config.headers, ...(config.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      body: config.method === 'POST' ? JSON.stringify(values) : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
    if (response.status === 404) return { ok: false, reason: 'not_found' };
    if (!response.ok) return { ok: false, reason: 'failed' };
    const text = await response.text();
    if (text.length > MAX_REPLY_BYTES) return { ok: false, reason: 'failed' };
    const data: unknown = JSON.parse(text);
    return { ok: true, answer: fillAnswer(locale === 'zh-CN' ? config.answerZh : config.answerEn, values, data) };
  } catch {
    return { ok: false, reason: 'failed' };
  }
}
