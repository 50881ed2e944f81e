import { lazy } from 'react';

/**
 * The customer-facing help center, a public route group of its own (no sign-in, no app layout) until the
 * customer portal's audience joins it: `/help/<workspace>/…`.
 */
export const HelpCenter = lazy(() => import('./help/help-center.tsx'));
