import { api } from '../../api/client.ts';

export interface Customer {
  id: string;
  name: string;
  organization: string | null;
  organizationId: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  identities: { kind: string; value: string }[];
  notes: string;
  locale: string | null;
  externalRef: string | null;
  createdAt: string;
  version: number;
}

export const customersApi = {
  get: (id: string) => api.get<Customer>(`/api/v1/customers/${id}`),
  list: (query: { q?: string; limit?: number }) => api.get<{ items: Customer[]; nextCursor: string | null }>('/api/v1/customers', { query }),
};

export const customerKeys = {
  detail: (id: string) => ['customers', 'detail', id] as const,
};
