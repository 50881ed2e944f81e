import { theme } from 'antd';
import type { ReactNode } from 'react';

/** A one-line banner (error, warning, info) light enough for the first screen. */
export function Notice({ type, children, style }: { type: 'error' | 'warning' | 'info' | 'success'; children: ReactNode; style?: React.CSSProperties }) {
  const { token } = theme.useToken();
  const colors = {
    error: [token.colorErrorBg, token.colorErrorBorder],
    warning: [token.colorWarningBg, token.colorWarningBorder],
    info: [token.colorInfoBg, token.colorInfoBorder],
    success: [token.colorSuccessBg, token.colorSuccessBorder],
  }[type];
  return (
    <div
      role={type === 'error' || type === 'warning' ? 'alert' : 'status'}
      style={{ background: colors[0], border: `1px solid ${colors[1]}`, borderRadius: token.borderRadiusLG, padding: '8px 12px', color: token.colorText, ...style }}
    >
      {children}
    </div>
  );
}
