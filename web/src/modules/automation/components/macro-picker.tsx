import { ThunderboltOutlined } from '@ant-design/icons';
import { Button, Modal, Select, Spin } from 'antd';
import { useState } from 'react';
import { ErrorAlert, useT } from '../../../shared/index.ts';
import { useApplyMacro, useMacros, usePreviewMacro } from '../hooks.ts';
import { EffectList } from './effect-list.tsx';

/** The composer's macro button: pick a macro, see what it would do to this ticket, apply it. */
export function MacroPicker({ ticketId, disabled }: { ticketId: string; disabled?: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [macroId, setMacroId] = useState<string>();
  const macros = useMacros(open);
  const preview = usePreviewMacro();
  const apply = useApplyMacro(ticketId);

  const choose = (id: string) => {
    setMacroId(id);
    preview.mutate({ ticketId, macroId: id });
  };
  const close = () => {
    setOpen(false);
    setMacroId(undefined);
    preview.reset();
  };

  return (
    <>
      <Button size="small" type="text" icon={<ThunderboltOutlined aria-hidden />} disabled={disabled} onClick={() => setOpen(true)}>
        {t('automation.macro.button')}
      </Button>
      <Modal
        open={open}
        title={t('automation.macro.title')}
        onCancel={close}
        okText={t('automation.macro.apply')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !macroId || !preview.data, loading: apply.isPending }}
        onOk={() => macroId && apply.mutate(macroId, { onSuccess: close })}
      >
        <Select
          style={{ width: '100%' }}
          aria-label={t('automation.macro.choose')}
          placeholder={t('automation.macro.choose')}
          loading={macros.isPending}
          value={macroId}
          onChange={choose}
          options={(macros.data ?? []).map((macro) => ({ value: macro.id, label: macro.isShared ? macro.name : `${macro.name} · ${t('automation.macro.personal')}` }))}
          notFoundContent={t('automation.macro.none')}
        />
        <ErrorAlert error={macros.error ?? preview.error ?? apply.error} />
        {preview.isPending && <Spin style={{ marginTop: 12 }} />}
        {preview.data && (
          <div style={{ marginTop: 12 }} data-testid="macro-preview">
            <strong>{t('automation.macro.preview')}</strong>
            {preview.data.effects.length === 0 ? <div>{t('automation.macro.nothing')}</div> : <EffectList effects={preview.data.effects} />}
          </div>
        )}
      </Modal>
    </>
  );
}
