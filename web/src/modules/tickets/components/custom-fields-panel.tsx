import { lazy, Suspense } from 'react';
import type { TicketDetail, TicketUpdate } from '../api.ts';
import { useCustomFields } from '../hooks.ts';

/** The workspace's custom fields on this ticket (loaded with their date and number pickers only when there are any). */
export function CustomFieldsPanel(props: { ticket: TicketDetail; disabled: boolean; onChange: (patch: TicketUpdate) => void }) {
  const fields = useCustomFields();
  if (!fields.data || fields.data.length === 0) return null;
  return (
    <Suspense fallback={null}>
      <CustomFieldEditors {...props} fields={fields.data} />
    </Suspense>
  );
}

const CustomFieldEditors = lazy(() => import('./custom-field-editors.tsx'));
