import { ComingSoon } from '../../components/coming-soon.tsx';
import { useT } from '../../i18n/index.tsx';

export default function Page() {
  const t = useT();
  return <ComingSoon title={t('nav.ticketTypes')} />;
}
