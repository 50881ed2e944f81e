import { theme, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';

export interface SideNavItem {
  to: string;
  label: string;
  icon: ReactNode;
}

export interface SideNavGroup {
  label?: string;
  items: SideNavItem[];
}

/** The app's main navigation: plain links in a list (light on the first bundle, native to screen readers). */
export function SideNav({ groups, collapsed, label }: { groups: SideNavGroup[]; collapsed: boolean; label: string }) {
  const { token } = theme.useToken();
  return (
    <nav aria-label={label} style={{ padding: '4px 8px' }}>
      {groups.map((group, index) => (
        <div key={group.label ?? index} style={{ marginTop: index > 0 ? 12 : 0 }}>
          {group.label && !collapsed && (
            <div style={{ padding: '6px 12px', fontSize: 12, color: token.colorTextTertiary, letterSpacing: 0.3 }} aria-hidden>
              {group.label}
            </div>
          )}
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={group.label}>
            {group.items.map((item) => {
              const link = (
                <NavLink
                  to={item.to}
                  aria-label={collapsed ? item.label : undefined}
                  style={({ isActive }) => ({
                    display: 'flex',
                    alignItems: 'center',
                    gap: 10,
                    height: 38,
                    padding: collapsed ? 0 : '0 12px',
                    justifyContent: collapsed ? 'center' : 'flex-start',
                    margin: '2px 0',
                    borderRadius: token.borderRadius,
                    color: isActive ? token.colorPrimary : token.colorText,
                    background: isActive ? token.colorPrimaryBg : 'transparent',
                    fontWeight: isActive ? 500 : 400,
                    textDecoration: 'none',
                    whiteSpace: 'nowrap',
                    overflow: 'hidden',
                  })}
                >
                  <span style={{ fontSize: 16, display: 'inline-flex' }}>{item.icon}</span>
                  {!collapsed && <span>{item.label}</span>}
                </NavLink>
              );
              return <li key={item.to}>{collapsed ? <Tooltip title={item.label} placement="right">{link}</Tooltip> : link}</li>;
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
