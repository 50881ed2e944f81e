import { ArrowLeftOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Form, Input, List, Select, Skeleton, Space, theme, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../../modules/identity/index.ts';
import {
  DiffView,
  RichTextEditor,
  useArticle,
  useArticleDiff,
  useArticleVersions,
  useCreateArticle,
  useKbCategories,
  useMoveArticle,
  useRemoveArticleFile,
  useUpdateArticle,
  useUploadArticleFile,
  type ArticleDetail,
} from '../../modules/kb/index.ts';
import { ErrorAlert, formatDate, formatDateTime, labelOf, PageHeader, RelativeTime, useLocale, useT, type ArticleAction, type ArticleStatus, type KbLocale } from '../../shared/index.ts';
import { ArticleStatusTag } from './kb-page.tsx';

interface ArticleForm {
  title: string;
  summary: string;
  categoryId: string;
  locale: KbLocale;
  visibility: 'public' | 'internal';
  tags: string[];
  note?: string;
}

/** Which workflow buttons the article offers the user, in order. */
function actionsFor(status: ArticleStatus, can: (permission: 'kb.write' | 'kb.review') => boolean): ArticleAction[] {
  const actions: ArticleAction[] = [];
  if (status === 'draft' && can('kb.write')) actions.push('submit');
  if (status === 'in_review' && can('kb.review')) actions.push('approve', 'reject');
  if (status !== 'archived' && can('kb.review')) actions.push('archive');
  if (status === 'archived' && can('kb.review')) actions.push('restore');
  return actions;
}

function VersionsDrawer({ article, open, onClose }: { article: ArticleDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const versions = useArticleVersions(article.id);
  const [picked, setPicked] = useState<number | undefined>();
  const diff = useArticleDiff(article.id, picked !== undefined ? Math.max(1, picked - 1) : undefined, picked, open && article.version > 1);
  return (
    <Drawer open={open} onClose={onClose} title={t('kb.versions')} width={640}>
      <List
        size="small"
        dataSource={versions.data ?? []}
        renderItem={(version) => (
          <List.Item onClick={() => setPicked(version.version)} style={{ cursor: 'pointer' }} actions={[<Button key="diff" size="small" type="link" onClick={() => setPicked(version.version)}>{t('kb.showChanges')}</Button>]}>
            <List.Item.Meta title={`${t('kb.version', { n: version.version })}${version.version === article.publishedVersion ? ` · ${labelOf(t, 'kb.status', 'published')}` : ''}`} description={`${formatDateTime(version.createdAt)}${version.note ? ` · ${version.note}` : ''}`} />
          </List.Item>
        )}
      />
      {diff.data && (
        <section aria-label={t('kb.changes')} style={{ marginTop: 16 }}>
          <h3>{t('kb.changesFromTo', { from: diff.data.from, to: diff.data.to })}</h3>
          {diff.data.changedFields.length > 0 && <p>{t('kb.changedFields')}: {diff.data.changedFields.map((field) => labelOf(t, 'kb.fieldName', field)).join('、')}</p>}
          <DiffView runs={diff.data.title} />
          <hr />
          <DiffView runs={diff.data.body} />
        </section>
      )}
    </Drawer>
  );
}

/** Write or edit an article in the rich-text editor, then move it through review; versions with their changes, files. */
export default function KbArticlePage() {
  const t = useT();
  const locale = useLocale();
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const navigate = useNavigate();
  const { can } = useSession();
  const { token } = theme.useToken();
  const [form] = Form.useForm<ArticleForm>();
  const [body, setBody] = useState('');
  const [note, setNote] = useState('');
  const [versionsOpen, setVersionsOpen] = useState(false);
  const article = useArticle(isNew ? undefined : id);
  const categories = useKbCategories();
  const create = useCreateArticle({ form });
  const update = useUpdateArticle(id, { form });
  const move = useMoveArticle(id);
  const upload = useUploadArticleFile(id);
  const removeFile = useRemoveArticleFile(id);

  useEffect(() => {
    if (!article.data) return;
    form.setFieldsValue({ title: article.data.title, summary: article.data.summary, categoryId: article.data.categoryId, locale: article.data.locale, visibility: article.data.visibility, tags: article.data.tags });
    setBody(article.data.bodyHtml);
  }, [article.data, form]);

  if (!isNew && article.error) return <ErrorAlert error={article.error} />;
  if (!isNew && !article.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const data = article.data;
  const readOnly = !can('kb.write') || data?.status === 'archived';

  const save = (values: ArticleForm) => {
    const content = { title: values.title, summary: values.summary ?? '', categoryId: values.categoryId, visibility: values.visibility, tags: values.tags ?? [], bodyHtml: body, note: note || undefined };
    if (isNew) create.mutate({ ...content, locale: values.locale }, { onSuccess: (created) => navigate(`/kb/articles/${created.id}`, { replace: true }) });
    else update.mutate({ version: data!.version, patch: { ...content, locale: values.locale } }, { onSuccess: () => setNote('') });
  };
  const nameOf = (category: { nameEn: string; nameZh: string }) => (locale === 'zh-CN' ? category.nameZh : category.nameEn);

  return (
    <div>
      <Link to="/kb"><ArrowLeftOutlined aria-hidden /> {t('kb.nav.articles')}</Link>
      <PageHeader
        title={isNew ? t('kb.newArticle') : data!.title}
        subtitle={data && (
          <Flex gap={8} align="center" wrap>
            <ArticleStatusTag status={data.status} />
            <span>{t('kb.version', { n: data.version })}</span>
            {data.publishedVersion !== null && data.publishedVersion !== data.version && <span>{t('kb.liveVersion', { n: data.publishedVersion })}</span>}
            {data.reviewBy && <span style={{ color: data.isStale ? token.colorError : undefined }}>{t('kb.reviewBy', { date: formatDate(data.reviewBy) })}</span>}
            <span>{t('kb.updated')} <RelativeTime value={data.updatedAt} /></span>
          </Flex>
        )}
        extra={data && (
          <Space wrap>
            <Button onClick={() => setVersionsOpen(true)}>{t('kb.versions')}</Button>
            {actionsFor(data.status, can).map((action) => (
              <Button key={action} type={action === 'approve' || action === 'submit' ? 'primary' : 'default'} danger={action === 'archive'} loading={move.isPending && move.variables?.action === action} onClick={() => move.mutate({ action, note: note || undefined })}>
                {t(`kb.action.${action}`)}
              </Button>
            ))}
          </Space>
        )}
      />
      {data?.reviewNote && <div role="note" style={{ marginBottom: 12, padding: '8px 12px', background: token.colorWarningBg, borderRadius: token.borderRadius }}>{t('kb.reviewNote')}: <span translate="no">{data.reviewNote}</span></div>}
      <Form<ArticleForm> form={form} layout="vertical" disabled={readOnly} initialValues={{ locale, visibility: 'public', tags: [] }} onFinish={save}>
        <Form.Item name="title" label={t('kb.field.title')} rules={[{ required: true, message: t('kb.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="categoryId" label={t('kb.field.category')} rules={[{ required: true, message: t('kb.required') }]} style={{ minWidth: 200 }}>
            <Select options={(categories.data ?? []).map((category) => ({ value: category.id, label: nameOf(category) }))} />
          </Form.Item>
          <Form.Item name="locale" label={t('kb.field.locale')} style={{ minWidth: 120 }}>
            <Select options={(['zh-CN', 'en'] as const).map((value) => ({ value, label: labelOf(t, 'kb.locale', value) }))} />
          </Form.Item>
          <Form.Item name="visibility" label={t('kb.field.visibility')} style={{ minWidth: 140 }}>
            <Select options={(['public', 'internal'] as const).map((value) => ({ value, label: labelOf(t, 'kb.visibility', value) }))} />
          </Form.Item>
          <Form.Item name="tags" label={t('kb.field.tags')} style={{ minWidth: 260, flex: 1 }}>
            <Select mode="tags" tokenSeparators={[',', '，']} />
          </Form.Item>
        </Flex>
        <Form.Item name="summary" label={t('kb.field.summary')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={1000} />
        </Form.Item>
        <Form.Item label={t('kb.field.body')} required>
          <RichTextEditor value={body} onChange={setBody} label={t('kb.field.body')} />
        </Form.Item>
        {!readOnly && (
          <Flex gap={12} align="center" wrap>
            <Input value={note} onChange={(event) => setNote(event.target.value)} placeholder={t('kb.notePlaceholder')} aria-label={t('kb.note')} style={{ maxWidth: 420 }} />
            <Button type="primary" htmlType="submit" loading={create.isPending || update.isPending}>{t('common.save')}</Button>
          </Flex>
        )}
      </Form>
      {data && (
        <section aria-label={t('kb.files')} style={{ marginTop: 24 }}>
          <h2 style={{ fontSize: 16 }}>{t('kb.files')}</h2>
          <List
            size="small"
            dataSource={data.attachments}
            locale={{ emptyText: t('kb.noFiles') }}
            renderItem={(file) => (
              <List.Item actions={readOnly ? [] : [<Button key="remove" size="small" type="link" danger onClick={() => removeFile.mutate(file.id)}>{t('common.delete')}</Button>]}>
                <a href={file.url} target="_blank" rel="noreferrer" translate="no"><PaperClipOutlined aria-hidden /> {file.filename}</a>
              </List.Item>
            )}
          />
          {!readOnly && (
            <Upload showUploadList={false} beforeUpload={(file) => { upload.mutate(file); return false; }}>
              <Button icon={<PaperClipOutlined aria-hidden />} loading={upload.isPending}>{t('kb.addFile')}</Button>
            </Upload>
          )}
        </section>
      )}
      {data && <VersionsDrawer article={data} open={versionsOpen} onClose={() => setVersionsOpen(false)} />}
    </div>
  );
}
