import { Button, Card, Flex, Input, Layout, Rate, Result, Skeleton } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { complaintsApi, usePublicSurvey } from '../../modules/complaints/index.ts';
import { ErrorAlert, useT } from '../../shared/index.ts';

/** The customer's survey page behind a signed link: no sign-in, one answer, an opt-out. */
export default function SurveyPage() {
  const t = useT();
  const { token = '' } = useParams();
  const survey = usePublicSurvey(token);
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'open' | 'sent' | 'optedOut'>('open');
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    try {
      await complaintsApi.answer(token, { score, comment: comment || undefined });
      setState('sent');
    } catch (caught) {
      setError(caught);
    }
  };
  const optOut = async () => {
    await complaintsApi.optOut(token);
    setState('optedOut');
  };
  return (
    <Layout style={{ minHeight: '100vh', alignItems: 'center', paddingTop: 48 }}>
      <Card style={{ width: 'min(560px, 94vw)' }} title={survey.data ? <span translate="no">{survey.data.workspaceName}</span> : t('complaints.survey.title')}>
        <ErrorAlert error={survey.error ?? error} />
        {survey.isLoading && <Skeleton active />}
        {survey.data && (state === 'sent' || survey.data.answered) && <Result status="success" title={t('complaints.survey.thanks')} />}
        {state === 'optedOut' && <Result status="info" title={t('complaints.survey.optedOut')} />}
        {survey.data && !survey.data.answered && state === 'open' && (
          <Flex vertical gap={16}>
            <div>{survey.data.ticketNumber ? t('complaints.survey.question', { number: survey.data.ticketNumber }) : t('complaints.survey.npsQuestion')}</div>
            <Rate count={5} value={score} onChange={setScore} aria-label={t('complaints.survey.score')} />
            <Input.TextArea rows={3} placeholder={t('complaints.survey.comment')} value={comment} onChange={(event) => setComment(event.target.value)} />
            <Flex gap={8}>
              <Button type="primary" disabled={score === 0} onClick={() => void submit()}>
                {t('complaints.survey.submit')}
              </Button>
              <Button type="link" onClick={() => void optOut()}>
                {t('complaints.survey.optOut')}
              </Button>
            </Flex>
          </Flex>
        )}
      </Card>
    </Layout>
  );
}
