import { Alert, Button, Card, Form, Input, Result, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { usePasswordSignIn, useRequestLink, useVerifyLink } from '../../modules/portal/index.ts';
import { problemText, useT } from '../../shared/index.ts';

const useWorkspace = () => useParams().workspace ?? '';

/** Sign in by an e-mailed link (the usual way) or by the password a customer chose. */
export function SignInPanel() {
  const t = useT();
  const workspace = useWorkspace();
  const [mode, setMode] = useState<'link' | 'password'>('link');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const requestLink = useRequestLink(workspace);
  const passwordSignIn = usePasswordSignIn(workspace);
  const pending = mode === 'link' ? requestLink : passwordSignIn;

  const submit = (values: { email: string; password?: string }) => {
    if (mode === 'link') requestLink.mutate(values.email, { onSuccess: () => setSentTo(values.email) });
    else passwordSignIn.mutate({ email: values.email, password: values.password ?? '' });
  };

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('portal.signInTitle')}</h1>} style={{ maxWidth: 480, margin: '24px auto' }}>
      {sentTo && mode === 'link' ? (
        <Alert type="success" showIcon role="status" data-testid="portal-link-sent" message={t('portal.linkSent', { email: sentTo })} />
      ) : (
        <>
          {mode === 'link' && <p>{t('portal.signInIntro')}</p>}
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="email" label={t('portal.email')} rules={[{ required: true, message: t('portal.emailRequired') }]}>
              <Input type="email" autoComplete="email" inputMode="email" />
            </Form.Item>
            {mode === 'password' && (
              <Form.Item name="password" label={t('portal.password')} rules={[{ required: true, message: t('portal.passwordRequired') }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
            )}
            {pending.error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={problemText(pending.error, t)} />}
            <Button type="primary" htmlType="submit" block loading={pending.isPending}>
              {mode === 'link' ? t('portal.sendLink') : t('portal.signIn')}
            </Button>
          </Form>
        </>
      )}
      <Button type="link" style={{ paddingInline: 0, marginTop: 12 }} onClick={() => setMode(mode === 'link' ? 'password' : 'link')}>
        {mode === 'link' ? t('portal.usePassword') : t('portal.useLink')}
      </Button>
    </Card>
  );
}

/** Where the e-mailed link lands: uses its token once, then opens the customer's requests. */
export function LinkLanding() {
  const t = useT();
  const workspace = useWorkspace();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useVerifyLink(workspace);
  // A link works once: React's double effect in development must not spend it twice.
  const used = useRef(false);
  useEffect(() => {
    if (used.current || !token) return;
    used.current = true;
    verify.mutate(token, { onSuccess: () => navigate(`/portal/${workspace}`, { replace: true }) });
  }, [token, workspace, navigate, verify]);

  if (verify.error || !token) {
    return (
      <Result
        status="warning"
        title={t('portal.linkFailed')}
        subTitle={<span role="alert">{verify.error ? problemText(verify.error, t) : ''}</span>}
        extra={<Link to={`/portal/${workspace}`}>{t('portal.askAgain')}</Link>}
      />
    );
  }
  return <Spin tip={t('portal.signingIn')} style={{ display: 'block', marginTop: 64 }}><div /></Spin>;
}
