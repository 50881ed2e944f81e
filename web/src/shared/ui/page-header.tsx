import { Flex, theme } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useT } from '../../i18n/index.tsx';

/** Page title (also the document title) with actions on the right. */
export function PageHeader({ title, subtitle, extra }: { title: string; subtitle?: ReactNode; extra?: ReactNode }) {
  const t = useT();
  const { token } = theme.useToken();
  useEffect(() => {
    document.title = `${title} · ${t('name.product')}`;
  }, [title, t]);
  return (
    <Flex align="center" justify="space-between" gap={16} wrap style={{ marginBottom: 16 }}>
      <div>
        <h1 style={{ margin: 0, fontSize: token.fontSizeHeading3, fontWeight: 600, lineHeight: 1.35, color: token.colorTextHeading }}>{title}</h1>
        {subtitle && <div style={{ color: token.colorTextSecondary }}>{subtitle}</div>}
      </div>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
