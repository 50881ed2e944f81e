import { HookConnectionsCard, WechatAccountsCard } from '../../modules/messaging/index.ts';
import { PageHeader, useT } from '../../shared/index.ts';

export default function MessagingPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('messaging.nav')} subtitle={t('messaging.subtitle')} />
      <WechatAccountsCard />
      <HookConnectionsCard />
    </>
  );
}
