import { useT } from '../../i18n/index.tsx';
import { ApiError } from '../api/client.ts';
import { Notice } from './notice.tsx';

/** A failed query, in the user's language (the API already translated its problem detail). */
export function ErrorAlert({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : t('errors.network');
  return (
    <Notice type="error" style={{ marginBottom: 16 }}>
      {message}
    </Notice>
  );
}
