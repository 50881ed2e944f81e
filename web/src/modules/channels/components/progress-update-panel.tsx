import { Button, Flex, Input, Typography } from 'antd';
import { useId, useState } from 'react';
import { useT } from '../../../shared/index.ts';
import { useSendProgressUpdate } from '../hooks.ts';

/**
 * "Tell the customer where things stand": a progress update by e-mail (and SMS where the workspace sends it), in the
 * customer's language with the greeting and ticket number added by the template; the SLA's progress target counts it.
 */
export function ProgressUpdatePanel({ ticketId, canWrite }: { ticketId: string; canWrite: boolean }) {
  const t = useT();
  const id = useId();
  const [message, setMessage] = useState('');
  const send = useSendProgressUpdate(ticketId);
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary" id={`${id}-hint`}>
        {t('channels.progress.hint')}
      </Typography.Text>
      <Input.TextArea
        aria-label={t('channels.progress.message')}
        aria-describedby={`${id}-hint`}
        value={message}
        onChange={(event) => setMessage(event.target.value)}
        placeholder={t('channels.progress.placeholder')}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={2000}
        disabled={!canWrite}
      />
      <Button onClick={() => send.mutate(message.trim(), { onSuccess: () => setMessage('') })} disabled={!canWrite || message.trim() === ''} loading={send.isPending}>
        {t('channels.progress.send')}
      </Button>
    </Flex>
  );
}
