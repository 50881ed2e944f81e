import { Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useT } from '../../../shared/index.ts';
import { useTeams, useUsers } from '../../identity/index.ts';
import { useCreateSubtask } from '../hooks.ts';

interface SubtaskForm {
  departmentId: string;
  title: string;
  description?: string;
  assigneeId?: string;
  dueAt?: Dayjs;
  notifyCustomer?: boolean;
}

/** Hands part of a ticket to a department: what to do, for whom, by when. */
export default function SubtaskFormModal({ ticketId, onClose }: { ticketId: string; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<SubtaskForm>();
  const teams = useTeams();
  const users = useUsers();
  const create = useCreateSubtask(ticketId, { form });
  const departmentId = Form.useWatch('departmentId', form);
  const departments = (teams.data ?? []).filter((team) => team.kind === 'department');
  const members = (users.data ?? []).filter((user) => user.isActive && departmentId && user.teamIds.includes(departmentId));

  const submit = async () => {
    const values = await form.validateFields();
    create.mutate(
      {
        departmentId: values.departmentId,
        title: values.title,
        description: values.description || undefined,
        assigneeId: values.assigneeId ?? null,
        dueAt: values.dueAt ? values.dueAt.toISOString() : undefined,
        notifyCustomer: values.notifyCustomer ?? false,
      },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal open title={t('collaboration.add')} onCancel={onClose} onOk={() => void submit()} okText={t('collaboration.create')} cancelText={t('common.cancel')} confirmLoading={create.isPending} width={560}>
      <Form form={form} layout="vertical" name="new-subtask">
        <Form.Item name="departmentId" label={t('collaboration.department')} rules={[{ required: true, message: t('form.required') }]} extra={departments.length === 0 ? t('collaboration.noDepartments') : undefined}>
          <Select options={departments.map((team) => ({ value: team.id, label: team.name }))} onChange={() => form.setFieldValue('assigneeId', undefined)} />
        </Form.Item>
        <Form.Item name="title" label={t('collaboration.taskTitle')} rules={[{ required: true, message: t('form.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('collaboration.description')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
          <Form.Item name="assigneeId" label={t('collaboration.assignee')} extra={t('collaboration.assigneeHint')}>
            <Select allowClear showSearch optionFilterProp="label" disabled={!departmentId} options={members.map((user) => ({ value: user.id, label: user.name }))} />
          </Form.Item>
          <Form.Item name="dueAt" label={t('collaboration.dueAt')} extra={t('collaboration.dueHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="notifyCustomer" valuePropName="checked">
          <Checkbox>{t('collaboration.notifyCustomer')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
