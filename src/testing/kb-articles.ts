/** Test helpers of the knowledge base: articles through the API, as a person would make them. */
import { expect } from 'vitest';
import type { TestContext, TestUser } from './test-app.ts';

export interface MadeArticle {
  id: string;
  slug: string;
  version: number;
}

/** A draft, submitted by its author and published by the reviewer. */
export async function publishArticle(t: TestContext, author: TestUser, reviewer: TestUser, body: Record<string, unknown>): Promise<MadeArticle> {
  const categories = (await t.request(author, 'GET', '/api/v1/kb/categories')).json().items as { id: string }[];
  const created = await t.request(author, 'POST', '/api/v1/kb/articles', { categoryId: categories[0]!.id, ...body });
  expect(created.statusCode, created.body).toBe(201);
  const article = created.json() as MadeArticle;
  expect((await t.request(author, 'POST', `/api/v1/kb/articles/${article.id}/submit`, {})).statusCode).toBe(200);
  const approved = await t.request(reviewer, 'POST', `/api/v1/kb/articles/${article.id}/approve`, {});
  expect(approved.statusCode, approved.body).toBe(200);
  return approved.json() as MadeArticle;
}
