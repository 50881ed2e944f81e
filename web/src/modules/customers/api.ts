import type { z } from 'zod';
import type { CustomerSchema } from '../../../../src/modules/customers/index.ts';
import { api, type Wire } from '../../shared/index.ts';

/** The server's customer contract as JSON (type-only). */
export type Customer = Wire<z.infer<typeof CustomerSchema>>;

export const customersApi = {
  get: (id: string) => api.get<Customer>(`/api/v1/customers/${id}`),
  list: (query: { q?: string; limit?: number }) => api.get<{ items: Customer[]; nextCursor: string | null }>('/api/v1/customers', { query }),
};

export const customerKeys = {
  detail: (id: string) => ['customers', 'detail', id] as const,
};
