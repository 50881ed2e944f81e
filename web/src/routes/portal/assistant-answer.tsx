import { CheckCircleOutlined, RobotOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, List, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useRateAssistant, type AssistantAnswer } from '../../modules/portal/index.ts';
import { problemText, useT } from '../../shared/index.ts';

/**
 * The bot's answer to a request about to be sent. A confident answer asks "did this answer your question?": yes ends
 * the request here, no sends it to a person. Articles the bot is less sure of are offered to read, with the request
 * still one click away.
 */
export function AssistantAnswerCard({ workspace, answer, onSolved, onSend, sending }: { workspace: string; answer: AssistantAnswer; onSolved: () => void; onSend: () => void; sending: boolean }) {
  const t = useT();
  const rate = useRateAssistant(workspace);
  const confident = answer.outcome === 'answered' || answer.outcome === 'lookup';
  return (
    <Card data-testid="portal-assistant" size="small" style={{ marginBottom: 16 }} title={<span><RobotOutlined aria-hidden /> {t('portal.assistant.title')}</span>}>
      {confident ? (
        <>
          {answer.article && <h2 style={{ fontSize: 16, marginTop: 0 }} translate="no">{answer.article.title}</h2>}
          <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} translate="no">{answer.answer}</div>
          <p style={{ fontWeight: 500 }}>{t('portal.assistant.question')}</p>
          <Flex gap={8} wrap>
            <Button type="primary" loading={rate.isPending} onClick={() => rate.mutate({ answer, helpful: true }, { onSuccess: onSolved })}>{t('portal.assistant.yes')}</Button>
            <Button onClick={onSend} loading={sending} disabled={rate.isPending}>{t('portal.assistant.no')}</Button>
          </Flex>
          {rate.error && <Alert type="error" showIcon role="alert" style={{ marginTop: 8 }} message={problemText(rate.error, t)} />}
        </>
      ) : (
        <>
          <p style={{ marginTop: 0 }}>{t('portal.assistant.suggestIntro')}</p>
          <List
            size="small"
            dataSource={answer.suggestions}
            renderItem={(item) => (
              <List.Item>
                <Link to={`/help/${encodeURIComponent(workspace)}/articles/${encodeURIComponent(item.slug)}`} target="_blank" translate="no">{item.title}</Link>
              </List.Item>
            )}
          />
          <Button type="primary" style={{ marginTop: 8 }} onClick={onSend} loading={sending}>{t('portal.assistant.stillSend')}</Button>
        </>
      )}
    </Card>
  );
}

/** The request ended with the bot's answer: nothing was sent. */
export function AssistantSolved({ extra }: { extra: ReactNode }) {
  const t = useT();
  return <Result icon={<CheckCircleOutlined aria-hidden />} status="success" title={<span role="status" data-testid="portal-assistant-solved">{t('portal.assistant.solved')}</span>} subTitle={t('portal.assistant.solvedText')} extra={extra} />;
}
