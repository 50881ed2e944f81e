import { Flex, theme } from 'antd';
import type { ReactNode } from 'react';

/** A quiet full-width message (no access, not found, not available) without illustration weight. */
export function StatusMessage({ title, description, extra }: { title: string; description?: string; extra?: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Flex vertical align="center" gap={8} style={{ padding: '64px 16px', textAlign: 'center' }} role="status">
      <div style={{ fontSize: token.fontSizeHeading4, fontWeight: 600, color: token.colorTextHeading }}>{title}</div>
      {description && <div style={{ color: token.colorTextSecondary }}>{description}</div>}
      {extra}
    </Flex>
  );
}
