import { ImportOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Skeleton, theme } from 'antd';
import { ErrorAlert, useT } from '../../../shared/index.ts';
import type { InsertedArticle } from '../api.ts';
import { useAssist, useInsertArticle } from '../hooks.ts';

/** Articles suggested for the ticket; "insert" puts one, with its files, into the reply being written. */
export function AssistPanel({ ticketId, onInsert, canInsert }: { ticketId: string; onInsert: (article: InsertedArticle) => void; canInsert: boolean }) {
  const t = useT();
  const { token } = theme.useToken();
  const assist = useAssist(ticketId);
  const insert = useInsertArticle(ticketId);
  if (assist.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (assist.error) return <ErrorAlert error={assist.error} />;
  const articles = assist.data.articles;
  if (articles.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.assist.none')} />;
  return (
    <Flex vertical gap={10} data-testid="kb-assist">
      {articles.map((article) => (
        <div key={article.id}>
          <Flex justify="space-between" align="start" gap={8}>
            <a href={`/kb/articles/${article.id}`} target="_blank" rel="noreferrer" style={{ fontWeight: 500 }} translate="no">
              {article.title}
            </a>
            {canInsert && (
              <Button size="small" icon={<ImportOutlined aria-hidden />} loading={insert.isPending && insert.variables === article.id} onClick={() => insert.mutate(article.id, { onSuccess: onInsert })} aria-label={`${t('kb.assist.insert')}: ${article.title}`}>
                {t('kb.assist.insert')}
              </Button>
            )}
          </Flex>
          <div style={{ color: token.colorTextSecondary, fontSize: 12 }} translate="no">{article.snippet}</div>
        </div>
      ))}
    </Flex>
  );
}
