import { Modal } from 'antd';
import { type MessageKey, useT } from '../shared/index.ts';

const SHORTCUTS: { keys: string[]; label: MessageKey }[] = [
  { keys: ['/'], label: 'shortcuts.search' },
  { keys: ['j'], label: 'shortcuts.next' },
  { keys: ['k'], label: 'shortcuts.previous' },
  { keys: ['Enter'], label: 'shortcuts.open' },
  { keys: ['x'], label: 'shortcuts.select' },
  { keys: ['r'], label: 'shortcuts.reply' },
  { keys: ['n'], label: 'shortcuts.note' },
  { keys: ['a'], label: 'shortcuts.assignToMe' },
  { keys: ['Ctrl', 'Enter'], label: 'shortcuts.send' },
  { keys: ['Esc'], label: 'shortcuts.back' },
  { keys: ['?'], label: 'shortcuts.help' },
];

export default function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('shortcuts.title')} width={440}>
      <dl style={{ display: 'grid', gridTemplateColumns: '120px 1fr', rowGap: 10, margin: 0 }}>
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.label} style={{ display: 'contents' }}>
            <dt>
              {shortcut.keys.map((key, index) => (
                <span key={key}>
                  {index > 0 && ' + '}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd style={{ margin: 0 }}>{t(shortcut.label)}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
