import { useT } from '../i18n/index.tsx';
import { PageHeader } from './page-header.tsx';
import { StatusMessage } from './status-message.tsx';

/** A screen whose API is not in this build yet. */
export function ComingSoon({ title }: { title: string }) {
  const t = useT();
  return (
    <>
      <PageHeader title={title} />
      <StatusMessage title={t('common.notAvailableTitle')} description={t('common.notAvailable')} />
    </>
  );
}
