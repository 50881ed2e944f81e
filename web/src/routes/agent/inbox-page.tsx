import { ComingSoon } from '../../components/coming-soon.tsx';
import { useT } from '../../i18n/index.tsx';

export function InboxPage() {
  const t = useT();
  return <ComingSoon title={t('nav.inbox')} />;
}
