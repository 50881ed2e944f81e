import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Segmented, theme } from 'antd';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../modules/identity/index.ts';
import { filtersFromSearch, ticketListQuery } from '../modules/tickets/index.ts';
import { ApiError, Notice, useLocaleOptions, usePreferences, useT } from '../shared/index.ts';

type Field = 'email' | 'password';

/** Sign-in. A plain form on purpose: it is the first screen, so it carries no form library. */
export function LoginPage() {
  const t = useT();
  const localeOptions = useLocaleOptions();
  const { session, signIn, signedOutReason } = useSession();
  const queryClient = useQueryClient();
  const { locale, setLocale } = usePreferences();
  const navigate = useNavigate();
  const location = useLocation();
  const { token } = theme.useToken();
  const id = useId();
  const [values, setValues] = useState<Record<Field, string>>({ email: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/inbox';

  useEffect(() => {
    document.title = `${t('auth.signIn')} · ${t('name.product')}`;
  }, [t]);

  if (session) return <Navigate to={from} replace />;

  const update = (field: Field, value: string) => {
    setValues((old) => ({ ...old, [field]: value }));
    setFieldErrors((old) => ({ ...old, [field]: undefined }));
    setFailure(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: Partial<Record<Field, string>> = {};
    if (!values.email.trim()) missing.email = t('form.required');
    if (!values.password) missing.password = t('form.required');
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setSubmitting(true);
    setFailure(undefined);
    try {
      const signedIn = await signIn(values.email.trim(), values.password);
      if (from.startsWith('/inbox')) {
        // The inbox's first page is fetched while the workspace renders, not after.
        const role = signedIn.user.role;
        const filters = filtersFromSearch(new URLSearchParams(from.split('?')[1] ?? ''), role === 'agent' || role === 'specialist' ? 'mine' : 'all');
        void queryClient.prefetchInfiniteQuery(ticketListQuery(filters));
      }
      navigate(from, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        const next: Partial<Record<Field, string>> = {};
        const other: string[] = [];
        for (const fieldError of error.fieldErrors) {
          if (fieldError.field === 'email' || fieldError.field === 'password') next[fieldError.field] = fieldError.message;
          else other.push(fieldError.message);
        }
        setFieldErrors(next);
        if (other.length > 0) setFailure(other.join(' '));
      } else setFailure(error instanceof ApiError ? error.message : t('errors.network'));
    } finally {
      setSubmitting(false);
    }
  };

  const field = (name: Field, label: string, input: React.ReactNode) => (
    <div style={{ marginBottom: 18 }}>
      <label htmlFor={`${id}-${name}`} style={{ display: 'block', marginBottom: 6 }}>
        {label}
      </label>
      {input}
      {fieldErrors[name] && (
        <div id={`${id}-${name}-error`} role="alert" style={{ color: token.colorError, marginTop: 4 }}>
          {fieldErrors[name]}
        </div>
      )}
    </div>
  );

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 24, background: `linear-gradient(160deg, ${token.colorPrimaryBg} 0%, ${token.colorBgLayout} 55%)` }}>
      <div style={{ position: 'absolute', top: 16, right: 20 }}>
        <Segmented
          aria-label={t('settings.language')}
          size="small"
          value={locale}
          options={localeOptions}
          onChange={(value) => setLocale(value as 'en' | 'zh-CN')}
        />
      </div>
      <main style={{ width: '100%', maxWidth: 400, padding: 32, background: token.colorBgContainer, borderRadius: token.borderRadiusLG, boxShadow: token.boxShadowTertiary }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={44} height={44} />
          <h1 style={{ margin: '8px 0 0', fontSize: token.fontSizeHeading3, fontWeight: 600, color: token.colorTextHeading }}>{t('name.product')}</h1>
          <span style={{ color: token.colorTextSecondary }}>{t('auth.tagline')}</span>
        </Flex>
        {signedOutReason === 'expired' && (
          <Notice type="warning" style={{ marginBottom: 16 }}>
            {t('auth.sessionExpired')}
          </Notice>
        )}
        {failure && (
          <Notice type="error" style={{ marginBottom: 16 }}>
            {failure}
          </Notice>
        )}
        <form onSubmit={(event) => void submit(event)} noValidate aria-label={t('auth.signIn')}>
          {field(
            'email',
            t('auth.email'),
            <Input
              id={`${id}-email`}
              name="email"
              type="email"
              size="large"
              autoComplete="username"
              autoFocus
              prefix={<MailOutlined aria-hidden />}
              value={values.email}
              status={fieldErrors.email ? 'error' : undefined}
              aria-invalid={!!fieldErrors.email}
              aria-describedby={fieldErrors.email ? `${id}-email-error` : undefined}
              onChange={(event) => update('email', event.target.value)}
            />,
          )}
          {field(
            'password',
            t('auth.password'),
            <Input.Password
              id={`${id}-password`}
              name="password"
              size="large"
              autoComplete="current-password"
              prefix={<LockOutlined aria-hidden />}
              value={values.password}
              status={fieldErrors.password ? 'error' : undefined}
              aria-invalid={!!fieldErrors.password}
              aria-describedby={fieldErrors.password ? `${id}-password-error` : undefined}
              onChange={(event) => update('password', event.target.value)}
            />,
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t('auth.signIn')}
          </Button>
        </form>
      </main>
    </Flex>
  );
}
