/**
 * An optional OpenAI-compatible endpoint per workspace (URL + key): embeddings to re-rank the offline engine's
 * candidates, and answer drafts written from the chosen article. The built-in engine needs neither; every call
 * here has a timeout, and a failure falls back to the offline answer.
 */

export interface ProviderConfig {
  url: string;
  key: string | null;
  model: string | null;
  embeddingModel: string | null;
}

const TIMEOUT_MS = 8_000;

export class ProviderError extends Error {}

export function createProviderClient(config: ProviderConfig, fetchImpl: typeof fetch = fetch) {
  const base = config.url.replace(/\/+$/, '');
  async function post<T>(path: string, body: unknown): Promise<T> {
    const response = await fetchImpl(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(config.key ? { authorization: `Bearer ${config.key}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new ProviderError(`provider answered ${response.status}`);
    return (await response.json()) as T;
  }

  return {
    async embed(texts: readonly string[]): Promise<number[][]> {
      const reply = await post<{ data?: { index: number; embedding: number[] }[] }>('/embeddings', { model: config.embeddingModel ?? 'text-embedding-3-small', input: texts });
      const vectors = [...(reply.data ?? [])].sort((a, b) => a.index - b.index).map((item) => item.embedding);
      if (vectors.length !== texts.length || vectors.some((vector) => !Array.isArray(vector) || vector.some((value) => typeof value !== 'number'))) throw new ProviderError('provider sent malformed embeddings');
      return vectors;
    },

    /** A short answer to the question from the article alone, in the customer's language. */
    async draftAnswer(input: { question: string; title: string; body: string; locale: 'en' | 'zh-CN' }): Promise<string> {
      const language = input.locale === 'zh-CN' ? 'Simplified Chinese' : 'English';
      const reply = await post<{ choices?: { message?: { content?: string } }[] }>('/chat/completions', {
        model: config.model ?? 'gpt-4o-mini',
        temperature: 0.2,
        messages: [
          { role: 'system', content: `You are a customer-service assistant. Answer in ${language}, briefly, using only the help article given. If it does not answer the question, say so.` },
          { role: 'user', content: `Help article "${input.title}":\n${input.body.slice(0, 6000)}\n\nCustomer question: ${input.question}` },
        ],
      });
      const content = reply.choices?.[0]?.message?.content?.trim();
      if (!content) throw new ProviderError('provider sent no answer');
      return content.slice(0, 4000);
    },
  };
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
