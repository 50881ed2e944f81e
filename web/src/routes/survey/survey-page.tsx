import { Button, Card, Flex, Input, Layout, Radio, Rate, Result, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { usePublicSurvey, surveysApi, type PublicSurvey, type SurveyAnswer, type TemplateQuestion } from '../../modules/surveys/index.ts';
import { ApiError, ErrorAlert, I18nProvider, useLocale, useT } from '../../shared/index.ts';

const ELEVEN = Array.from({ length: 11 }, (_, score) => score);

/**
 * The customer's survey page behind a signed link: no sign-in, one answer, an opt-out. It speaks the language the
 * invitation was sent in; a CSAT link asks 1–5 stars, an NPS link 0–10 and why, then its template's questions.
 */
export default function SurveyPage() {
  const t = useT();
  const { token = '' } = useParams();
  const survey = usePublicSurvey(token);
  const invalid = survey.error instanceof ApiError && survey.error.status === 404;
  return (
    <Layout style={{ minHeight: '100vh', alignItems: 'center', paddingTop: 48 }}>
      {survey.data ? (
        <I18nProvider locale={survey.data.locale}>
          <SurveyCard token={token} survey={survey.data} />
        </I18nProvider>
      ) : (
        <Card style={{ width: 'min(640px, 94vw)' }} title={t('surveys.page.title')}>
          {survey.isLoading && <Skeleton active />}
          {invalid ? <Result status="warning" title={t('surveys.page.invalid')} subTitle={t('surveys.page.invalidHint')} /> : <ErrorAlert error={survey.error} />}
        </Card>
      )}
    </Layout>
  );
}

function SurveyCard({ token, survey }: { token: string; survey: PublicSurvey }) {
  const t = useT();
  const [score, setScore] = useState<number>();
  const [comment, setComment] = useState('');
  const [answers, setAnswers] = useState<Record<string, string | number>>({});
  const [state, setState] = useState<'open' | 'sent' | 'optedOut'>(survey.answered ? 'sent' : 'open');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const send = async (action: () => Promise<unknown>, next: 'sent' | 'optedOut') => {
    setPending(true);
    setError(null);
    try {
      await action();
      setState(next);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };
  const submit = () => {
    const filled = Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== ''));
    const body: SurveyAnswer = { score: score!, comment: comment.trim() ? comment : undefined, answers: Object.keys(filled).length > 0 ? filled : undefined };
    void send(() => surveysApi.answer(token, body), 'sent');
  };
  const isNps = survey.kind === 'nps';
  return (
    <Card style={{ width: 'min(640px, 94vw)' }} title={<span translate="no">{survey.workspaceName}</span>}>
      <ErrorAlert error={error} />
      {state === 'sent' && <Result status="success" title={survey.answered ? t('surveys.page.answered') : t('surveys.page.thanks')} />}
      {state === 'optedOut' && <Result status="info" title={t('surveys.page.optedOut')} />}
      {state === 'open' && (
        <Flex vertical gap={16} data-testid="survey-form">
          <Typography.Text strong>{isNps ? t('surveys.page.npsQuestion', { workspace: survey.workspaceName }) : t('surveys.page.csatQuestion', { number: survey.ticketNumber ?? '' })}</Typography.Text>
          {isNps ? <NpsScale value={score} onChange={setScore} /> : <Rate count={5} value={score ?? 0} onChange={(value) => setScore(value || undefined)} aria-label={t('surveys.page.score')} />}
          <Input.TextArea rows={3} aria-label={isNps ? t('surveys.page.why') : t('surveys.page.comment')} placeholder={isNps ? t('surveys.page.why') : t('surveys.page.comment')} value={comment} onChange={(event) => setComment(event.target.value)} maxLength={2000} />
          {survey.questions.map((question) => (
            <QuestionField key={question.id} question={question} value={answers[question.id]} onChange={(value) => setAnswers((current) => ({ ...current, [question.id]: value }))} />
          ))}
          <Flex gap={8} align="center">
            <Button type="primary" disabled={score === undefined} loading={pending} onClick={submit}>
              {t('surveys.page.submit')}
            </Button>
            {score === undefined && <Typography.Text type="secondary">{t('surveys.page.scoreRequired')}</Typography.Text>}
            <Button type="link" disabled={pending} onClick={() => void send(() => surveysApi.optOut(token), 'optedOut')}>
              {t('surveys.page.optOut')}
            </Button>
          </Flex>
        </Flex>
      )}
    </Card>
  );
}

/** 0–10 as eleven buttons, the ends named: the usual NPS scale, usable by keyboard as one radio group. */
function NpsScale({ value, onChange }: { value: number | undefined; onChange: (score: number) => void }) {
  const t = useT();
  return (
    <Flex vertical gap={4}>
      <Radio.Group aria-label={t('surveys.page.score')} value={value} onChange={(event) => onChange(event.target.value as number)} optionType="button" buttonStyle="solid">
        {ELEVEN.map((score) => (
          <Radio.Button key={score} value={score}>
            {score}
          </Radio.Button>
        ))}
      </Radio.Group>
      <Flex justify="space-between">
        <Typography.Text type="secondary">{t('surveys.page.unlikely')}</Typography.Text>
        <Typography.Text type="secondary">{t('surveys.page.likely')}</Typography.Text>
      </Flex>
    </Flex>
  );
}

function QuestionField({ question, value, onChange }: { question: TemplateQuestion; value: string | number | undefined; onChange: (value: string | number) => void }) {
  const locale = useLocale();
  const label = question.label[locale];
  return (
    <Flex vertical gap={6}>
      <Typography.Text translate="no">{label}</Typography.Text>
      {question.type === 'score' && <NpsScale value={typeof value === 'number' ? value : undefined} onChange={onChange} />}
      {question.type === 'text' && <Input.TextArea rows={2} aria-label={label} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)} maxLength={2000} />}
      {question.type === 'choice' && (
        <Radio.Group aria-label={label} value={value} onChange={(event) => onChange(event.target.value as string)}>
          <Flex vertical gap={4}>
            {(question.options ?? []).map((option) => (
              <Radio key={option.en} value={option[locale]}>
                <span translate="no">{option[locale]}</span>
              </Radio>
            ))}
          </Flex>
        </Radio.Group>
      )}
    </Flex>
  );
}
