import { Button, Card, Col, Descriptions, Form, Input, Popconfirm, Row, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { applyApiErrors, labelOf, PageHeader, usePreferences, useT, useToast } from '../shared/index.ts';
import { identityApi, identityKeys, type Presence, useRequiredSession, useSession, useTeams } from '../modules/identity/index.ts';
import { useQueryClient } from '@tanstack/react-query';

export default function ProfilePage() {
  const t = useT();
  const session = useRequiredSession();
  const { changeLocale, changeTheme, signOut } = useSession();
  const { locale, theme } = usePreferences();
  const message = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const teams = useTeams();
  const [profileForm] = Form.useForm<{ name: string; presence: Presence }>();
  const [passwordForm] = Form.useForm<{ currentPassword: string; newPassword: string }>();
  const [saving, setSaving] = useState(false);
  const user = session.user;

  const saveProfile = async (values: { name: string; presence: Presence }) => {
    setSaving(true);
    try {
      const updated = await identityApi.updateMe(values);
      queryClient.setQueryData(identityKeys.me, { ...session, user: updated });
      void queryClient.invalidateQueries({ queryKey: identityKeys.users });
      message.success(t('common.saved'));
    } catch (error) {
      for (const text of applyApiErrors(profileForm, error)) message.error(text);
    } finally {
      setSaving(false);
    }
  };

  const changePassword = async (values: { currentPassword: string; newPassword: string }) => {
    try {
      await identityApi.changePassword(values);
      passwordForm.resetFields();
      message.success(t('profile.passwordChanged'));
    } catch (error) {
      for (const text of applyApiErrors(passwordForm, error)) message.error(text);
    }
  };

  return (
    <>
      <PageHeader title={t('profile.title')} subtitle={user.email} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('profile.details')}>
            <Form form={profileForm} layout="vertical" initialValues={{ name: user.name, presence: user.presence }} onFinish={saveProfile}>
              <Form.Item name="name" label={t('profile.name')}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="presence" label={t('profile.presence')}>
                <Select
                  options={(['online', 'away', 'offline'] as const).map((value) => ({ value, label: labelOf(t, 'presence', value) }))}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={saving}>
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
                  options={[
                    { value: 'zh-CN', label: t('name.languageZh') },
                    { value: 'en', label: t('name.languageEn') },
                  ]}
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
            <Form form={passwordForm} layout="vertical" onFinish={changePassword}>
              <Form.Item name="currentPassword" label={t('profile.currentPassword')}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item name="newPassword" label={t('profile.newPassword')} extra={t('profile.passwordHint')}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button htmlType="submit">{t('profile.changePassword')}</Button>
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
