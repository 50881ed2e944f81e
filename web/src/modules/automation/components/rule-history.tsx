import { Button, Card, Drawer, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useUserNames } from '../../identity/index.ts';
import { ErrorAlert, formatDateTime, useT } from '../../../shared/index.ts';
import type { Rule } from '../api.ts';
import { useRestoreRuleVersion, useRuleVersions } from '../hooks.ts';
import { RuleSummary } from './rule-summary.tsx';

/**
 * A rule's versions, newest first: who saved each and when, what it did, and a restore that makes an earlier one the
 * current version again (as a new version, so the history keeps the one it replaces). Firings on a ticket's timeline
 * name the version that acted.
 */
export function RuleHistoryDrawer({ rule, onClose }: { rule: Rule | undefined; onClose: () => void }) {
  const t = useT();
  const versions = useRuleVersions(rule?.id);
  const restore = useRestoreRuleVersion();
  const userName = useUserNames();

  return (
    <Drawer open={!!rule} onClose={onClose} size={640} destroyOnHidden title={rule ? t('automation.history.title', { name: rule.name }) : ''}>
      <ErrorAlert error={versions.error} />
      <Flex vertical gap={12} data-testid="rule-history">
        {(versions.data ?? []).map((version) => {
          const isCurrent = version.version === rule?.version;
          return (
            <Card
              key={version.version}
              size="small"
              data-testid="rule-version"
              title={
                <Flex gap={8} align="center" wrap>
                  <span>{t('automation.history.version', { version: version.version })}</span>
                  {isCurrent && <Tag color="green">{t('automation.history.current')}</Tag>}
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                    {t('automation.history.savedBy', { who: version.createdBy ? userName(version.createdBy) : t('automation.history.system'), when: formatDateTime(version.createdAt) })}
                  </Typography.Text>
                </Flex>
              }
              extra={
                !isCurrent &&
                rule && (
                  <Popconfirm
                    title={t('automation.history.restoreConfirm', { version: version.version })}
                    okText={t('automation.history.restore')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => restore.mutate({ id: rule.id, version: version.version, currentVersion: rule.version })}
                  >
                    <Button size="small" loading={restore.isPending && restore.variables?.version === version.version}>
                      {t('automation.history.restore')}
                    </Button>
                  </Popconfirm>
                )
              }
            >
              <Typography.Text strong>{version.name}</Typography.Text>
              <RuleSummary definition={version.definition} />
            </Card>
          );
        })}
      </Flex>
    </Drawer>
  );
}
