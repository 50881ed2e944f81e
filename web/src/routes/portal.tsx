import { lazy } from 'react';

/**
 * The customer portal, a public route group of its own (customers sign in with their own session, no app layout):
 * `/portal/<workspace>/…`, and the embeddable web form at `/portal/<workspace>/form`.
 */
export const CustomerPortal = lazy(() => import('./portal/customer-portal.tsx'));
