import { ComingSoon } from '../../components/coming-soon.tsx';
import { useT } from '../../i18n/index.tsx';

export default function SupervisorPage() {
  const t = useT();
  return <ComingSoon title={t('nav.supervisor')} />;
}
