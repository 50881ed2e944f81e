import { Button, Card, Col, Descriptions, Form, Input, Popconfirm, Row, Select, Space, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useChangePassword, useRequiredSession, useSession, useTeams, useUpdateMe, type Presence } from '../modules/identity/index.ts';
import { labelOf, PageHeader, useLocaleOptions, usePreferences, useT } from '../shared/index.ts';

export default function ProfilePage() {
  const t = useT();
  const localeOptions = useLocaleOptions();
  const session = useRequiredSession();
  const { changeLocale, changeTheme, signOut } = useSession();
  const { locale, theme } = usePreferences();
  const navigate = useNavigate();
  const teams = useTeams();
  const [profileForm] = Form.useForm<{ name: string; presence: Presence }>();
  const [passwordForm] = Form.useForm<{ currentPassword: string; newPassword: string }>();
  const saveProfile = useUpdateMe({ form: profileForm });
  const changePassword = useChangePassword({ form: passwordForm });
  const user = session.user;

  return (
    <>
      <PageHeader title={t('profile.title')} subtitle={user.email} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('profile.details')}>
            <Form form={profileForm} layout="vertical" initialValues={{ name: user.name, presence: user.presence }} onFinish={(values) => saveProfile.mutate(values)}>
              <Form.Item name="name" label={t('profile.name')}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="presence" label={t('profile.presence')}>
                <Select
                  options={(['online', 'away', 'offline'] as const).map((value) => ({ value, label: labelOf(t, 'presence', value) }))}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={saveProfile.isPending}>
                {t('common.save')}
              </Button>
            </Form>
          </Card>
          <Card title={t('profile.account')} style={{ marginTop: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('users.role')}>
                <Tag color="blue">{labelOf(t, 'role', user.role)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('users.teams')}>
                {user.teamIds.map((id) => (
                  <Tag key={id}>{teams.data?.find((team) => team.id === id)?.name ?? '…'}</Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('nav.workspace')}>{session.workspace.name}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('profile.preferences')}>
            <Form layout="vertical">
              <Form.Item label={t('settings.language')}>
                <Select
                  aria-label={t('settings.language')}
                  value={locale}
                  onChange={(value) => void changeLocale(value)}
                  options={localeOptions}
                />
              </Form.Item>
              <Form.Item label={t('settings.theme')}>
                <Select
                  aria-label={t('settings.theme')}
                  value={theme}
                  onChange={(value) => void changeTheme(value)}
                  options={[
                    { value: 'light', label: t('settings.themeLight') },
                    { value: 'dark', label: t('settings.themeDark') },
                  ]}
                />
              </Form.Item>
            </Form>
          </Card>
          <Card title={t('profile.password')} style={{ marginTop: 16 }}>
            <Form form={passwordForm} layout="vertical" onFinish={(values) => changePassword.mutate(values, { onSuccess: () => passwordForm.resetFields() })}>
              <Form.Item name="currentPassword" label={t('profile.currentPassword')}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item name="newPassword" label={t('profile.newPassword')} extra={t('profile.passwordHint')}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button htmlType="submit" loading={changePassword.isPending}>
                {t('profile.changePassword')}
              </Button>
            </Form>
          </Card>
          <Card title={t('profile.sessions')} style={{ marginTop: 16 }}>
            <Space orientation="vertical">
              <span>{t('profile.sessionsHint')}</span>
              <Popconfirm title={t('auth.signOutEverywhereConfirm')} onConfirm={() => void signOut({ everywhere: true }).then(() => navigate('/login'))}>
                <Button danger>{t('auth.signOutEverywhere')}</Button>
              </Popconfirm>
            </Space>
          </Card>
        </Col>
      </Row>
    </>
  );
}
