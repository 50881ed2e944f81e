import { BoldOutlined, ItalicOutlined, LinkOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Flex, theme, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { useT } from '../../../shared/index.ts';

/**
 * A small rich-text editor for articles: paragraphs, headings, bold and italic, lists, quotes and links, on a
 * content-editable area. It edits HTML; the server keeps only its allow-listed subset, whatever is pasted in.
 */
export function RichTextEditor({ value, onChange, label }: { value: string; onChange: (html: string) => void; label: string }) {
  const t = useT();
  const { token } = theme.useToken();
  const area = useRef<HTMLDivElement>(null);

  // Only outside changes (loading another version) are written in: rewriting on every keystroke would move the caret.
  useEffect(() => {
    if (area.current && area.current.innerHTML !== value) area.current.innerHTML = value;
  }, [value]);

  const run = (command: string, argument?: string) => {
    area.current?.focus();
    document.execCommand(command, false, argument);
    onChange(area.current?.innerHTML ?? '');
  };
  const link = () => {
    const url = window.prompt(t('kb.editor.linkPrompt'), 'https://');
    if (url) run('createLink', url);
  };

  return (
    <div style={{ border: `1px solid ${token.colorBorder}`, borderRadius: token.borderRadius, background: token.colorBgContainer }}>
      <Flex gap={2} wrap role="toolbar" aria-label={t('kb.editor.toolbar')} style={{ borderBottom: `1px solid ${token.colorBorderSecondary}`, padding: 4 }}>
        <Button size="small" type="text" onClick={() => run('formatBlock', 'H2')}>{t('kb.editor.heading')}</Button>
        <Button size="small" type="text" onClick={() => run('formatBlock', 'P')}>{t('kb.editor.paragraph')}</Button>
        <Tooltip title={t('kb.editor.bold')}><Button size="small" type="text" aria-label={t('kb.editor.bold')} icon={<BoldOutlined aria-hidden />} onClick={() => run('bold')} /></Tooltip>
        <Tooltip title={t('kb.editor.italic')}><Button size="small" type="text" aria-label={t('kb.editor.italic')} icon={<ItalicOutlined aria-hidden />} onClick={() => run('italic')} /></Tooltip>
        <Tooltip title={t('kb.editor.bullets')}><Button size="small" type="text" aria-label={t('kb.editor.bullets')} icon={<UnorderedListOutlined aria-hidden />} onClick={() => run('insertUnorderedList')} /></Tooltip>
        <Tooltip title={t('kb.editor.numbers')}><Button size="small" type="text" aria-label={t('kb.editor.numbers')} icon={<OrderedListOutlined aria-hidden />} onClick={() => run('insertOrderedList')} /></Tooltip>
        <Button size="small" type="text" onClick={() => run('formatBlock', 'BLOCKQUOTE')}>{t('kb.editor.quote')}</Button>
        <Tooltip title={t('kb.editor.link')}><Button size="small" type="text" aria-label={t('kb.editor.link')} icon={<LinkOutlined aria-hidden />} onClick={link} /></Tooltip>
      </Flex>
      <div
        ref={area}
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        contentEditable
        suppressContentEditableWarning
        data-testid="article-body"
        onInput={() => onChange(area.current?.innerHTML ?? '')}
        style={{ minHeight: 220, padding: '8px 12px', outline: 'none', lineHeight: 1.7 }}
      />
    </div>
  );
}
