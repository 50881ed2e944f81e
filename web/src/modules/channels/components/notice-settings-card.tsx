import { Card, Flex, Skeleton, Switch, Typography } from 'antd';
import { ErrorAlert, useT, type MessageKey } from '../../../shared/index.ts';
import type { NoticeSettings } from '../api.ts';
import { useNoticeSettings, useUpdateNoticeSettings } from '../hooks.ts';

type NoticeSwitch = keyof Omit<NoticeSettings, 'updatedAt'>;

const SWITCHES: { name: NoticeSwitch; label: MessageKey; hint: MessageKey }[] = [
  { name: 'acknowledgeNew', label: 'channels.notices.acknowledgeNew', hint: 'channels.notices.acknowledgeNewHint' },
  { name: 'notifySolved', label: 'channels.notices.notifySolved', hint: 'channels.notices.notifySolvedHint' },
  { name: 'smsNotices', label: 'channels.notices.smsNotices', hint: 'channels.notices.smsNoticesHint' },
];

/** Which notices reach customers on their own; each switch saves at once. Their wording is on the templates page. */
export function NoticeSettingsCard() {
  const t = useT();
  const settings = useNoticeSettings();
  const update = useUpdateNoticeSettings();

  return (
    <Card title={t('channels.notices.title')} style={{ marginBottom: 16, maxWidth: 720 }} data-testid="notice-settings">
      <ErrorAlert error={settings.error} />
      {settings.data ? (
        <Flex vertical gap={16}>
          {SWITCHES.map(({ name, label, hint }) => (
            <Flex key={name} gap={12} align="start">
              <Switch
                checked={settings.data[name]}
                aria-label={t(label)}
                loading={update.isPending && update.variables?.[name] !== undefined}
                onChange={(checked) => update.mutate({ [name]: checked })}
              />
              <div>
                <div>{t(label)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(hint)}
                </Typography.Text>
              </div>
            </Flex>
          ))}
        </Flex>
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}
