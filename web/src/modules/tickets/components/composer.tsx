import { LockOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Segmented, Tag, theme, Upload, type UploadFile } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useImperativeHandle, useRef, useState, type ReactNode, type Ref } from 'react';
import { problemText, useT, useToast, type MessageKind } from '../../../shared/index.ts';
import { useAddMessage } from '../hooks.ts';

export type ComposerKind = MessageKind;

export interface ComposerHandle {
  focus(kind: ComposerKind): void;
  /** Adds text (and files already uploaded) to the reply being written: one-click insert from the knowledge base. */
  insert(content: { text: string; attachments: { id: string; filename: string }[] }): void;
}

/** Public reply or internal note, with attachments; Ctrl/⌘+Enter sends. */
export function Composer({ ticketId, disabled, onSent, tools, ref }: { ticketId: string; disabled?: boolean; onSent: () => void; tools?: ReactNode; ref?: Ref<ComposerHandle> }) {
  const t = useT();
  const { token } = theme.useToken();
  const message = useToast();
  const [kind, setKind] = useState<ComposerKind>('reply');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [uploaded, setUploaded] = useState<{ id: string; filename: string }[]>([]);
  // The problem is shown under the text, where the agent is typing, not in a toast.
  const sending = useAddMessage(ticketId, { inline: true });
  const error = sending.error ? problemText(sending.error, t) : undefined;
  const textArea = useRef<TextAreaRef>(null);

  useImperativeHandle(ref, () => ({
    focus(next) {
      setKind(next);
      textArea.current?.focus();
    },
    insert(content) {
      setKind('reply');
      setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${content.text}` : content.text));
      setUploaded((current) => [...current, ...content.attachments]);
      textArea.current?.focus();
    },
  }));

  const send = () => {
    if (sending.isPending || (!body.trim() && files.length === 0 && uploaded.length === 0)) return;
    const uploads = files.flatMap((file) => (file.originFileObj ? [file.originFileObj] : []));
    sending.mutate(
      { kind, body, files: uploads, uploaded: uploaded.map((file) => file.id) },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
          setUploaded([]);
          message.success(kind === 'note' ? t('composer.noteAdded') : t('composer.replySent'));
          onSent();
        },
      },
    );
  };

  const isNote = kind === 'note';
  return (
    <section
      aria-label={t('composer.title')}
      data-shortcuts
      style={{
        border: `1px solid ${isNote ? token.colorWarningBorder : token.colorBorder}`,
        borderRadius: token.borderRadiusLG,
        background: isNote ? token.colorWarningBg : token.colorBgContainer,
        padding: 12,
      }}
    >
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Segmented
          size="small"
          value={kind}
          onChange={(value) => setKind(value as ComposerKind)}
          options={[
            { value: 'reply', label: t('composer.reply') },
            { value: 'note', label: <span><LockOutlined aria-hidden /> {t('composer.note')}</span> },
          ]}
        />
        <span style={{ color: token.colorTextTertiary, fontSize: 12 }}>{isNote ? t('composer.noteHint') : t('composer.replyHint')}</span>
      </Flex>
      <Input.TextArea
        ref={textArea}
        value={body}
        disabled={disabled}
        onChange={(event) => {
          setBody(event.target.value);
          if (sending.error) sending.reset();
        }}
        onKeyDown={(event) => {
          if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
            event.preventDefault();
            send();
          }
          if (event.key === 'Escape') textArea.current?.blur();
        }}
        autoSize={{ minRows: 3, maxRows: 14 }}
        placeholder={isNote ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
        aria-label={isNote ? t('composer.note') : t('composer.reply')}
        status={error ? 'error' : undefined}
        style={{ background: token.colorBgContainer }}
      />
      {error && (
        <div role="alert" style={{ color: token.colorError, marginTop: 4 }}>
          {error}
        </div>
      )}
      {uploaded.length > 0 && (
        <Flex gap={4} wrap style={{ marginTop: 8 }} data-testid="composer-inserted-files">
          {uploaded.map((file) => (
            <Tag key={file.id} closable onClose={() => setUploaded((current) => current.filter((item) => item.id !== file.id))} icon={<PaperClipOutlined aria-hidden />}>
              <span translate="no">{file.filename}</span>
            </Tag>
          ))}
        </Flex>
      )}
      <Flex justify="space-between" align="flex-start" style={{ marginTop: 8 }} gap={8}>
        <Flex align="flex-start" gap={4}>
          <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
            <Button size="small" type="text" icon={<PaperClipOutlined aria-hidden />} disabled={disabled}>
              {t('composer.attach')}
            </Button>
          </Upload>
          {/* Other modules' tools for the agent writing here (the macro picker). */}
          {tools}
        </Flex>
        <Flex align="center" gap={8}>
          <span style={{ color: token.colorTextTertiary, fontSize: 12 }}>{t('composer.sendHint')}</span>
          <Button type="primary" icon={<SendOutlined aria-hidden />} loading={sending.isPending} disabled={disabled || (!body.trim() && files.length === 0 && uploaded.length === 0)} onClick={send}>
            {isNote ? t('composer.addNote') : t('composer.send')}
          </Button>
        </Flex>
      </Flex>
    </section>
  );
}
