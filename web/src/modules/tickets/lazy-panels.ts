import { lazy } from 'react';

// Rarely opened panels load on first use, keeping the inbox's first bundle small.
export const BulkActionBar = lazy(() => import('./components/bulk-action-bar.tsx'));
export const MoreFilters = lazy(() => import('./components/more-filters.tsx'));
export const NewTicketModal = lazy(() => import('./components/new-ticket-modal.tsx'));
export const SaveViewPanel = lazy(() => import('./components/save-view-panel.tsx'));
