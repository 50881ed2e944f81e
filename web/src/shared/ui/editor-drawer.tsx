import { Button, Drawer } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/index.tsx';

/** A side panel that edits one thing, with its Save button in the header (pending while the save runs). */
export function EditorDrawer({ open, onClose, title, size, saving, onSave, forceRender, children }: { open: boolean; onClose: () => void; title: string; size: number; saving: boolean; onSave: () => void; forceRender?: boolean; children: ReactNode }) {
  const t = useT();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={size}
      title={title}
      destroyOnHidden
      forceRender={forceRender}
      extra={
        <Button type="primary" loading={saving} onClick={onSave}>
          {t('common.save')}
        </Button>
      }
    >
      {children}
    </Drawer>
  );
}
