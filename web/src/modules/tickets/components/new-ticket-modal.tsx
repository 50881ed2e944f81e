import { Form, Input, Modal, Select } from 'antd';
import { CHANNELS, labelOf, PRIORITIES, URGENCIES, useLocale, useT, useToast, type Channel, type Urgency } from '../../../shared/index.ts';
import { useTeams, useUsers } from '../../identity/index.ts';
import type { NewTicket } from '../api.ts';
import { useCreateTicket, useTicketTypes } from '../hooks.ts';

// The form has one field per contact; the API names them inside `customer`.
const CUSTOMER_FIELDS = { 'customer.name': 'customerName', 'customer.email': 'customerEmail', 'customer.phone': 'customerPhone', customer: 'customerName' };

interface NewTicketForm {
  subject: string;
  description?: string;
  customerName?: string;
  customerEmail?: string;
  customerPhone?: string;
  priority: NewTicket['priority'];
  urgency: Urgency;
  type?: string;
  channel: Channel;
  assigneeId?: string;
  teamId?: string;
}

/** Registers a ticket by hand (a phone call, a walk-in); the customer is found or created from the contact. */
export default function NewTicketModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const t = useT();
  const locale = useLocale();
  const [form] = Form.useForm<NewTicketForm>();
  const message = useToast();
  const users = useUsers();
  const teams = useTeams();
  const types = useTicketTypes();
  const create = useCreateTicket({ form, fieldAliases: CUSTOMER_FIELDS });

  const submit = async () => {
    const values = await form.validateFields();
    create.mutate(
      {
        subject: values.subject,
        description: values.description || undefined,
        customer: { name: values.customerName || undefined, email: values.customerEmail || undefined, phone: values.customerPhone || undefined },
        priority: values.priority,
        urgency: values.urgency,
        type: values.type,
        channel: values.channel,
        assigneeId: values.assigneeId ?? null,
        teamId: values.teamId ?? null,
      },
      {
        onSuccess: (created) => {
          message.success(t('inbox.ticketCreated', { number: created.number }));
          onClose();
          onCreated(created.id);
        },
      },
    );
  };

  return (
    <Modal open title={t('inbox.newTicket')} onCancel={onClose} onOk={() => void submit()} okText={t('inbox.create')} cancelText={t('common.cancel')} confirmLoading={create.isPending} width={640}>
      <Form form={form} layout="vertical" name="new-ticket" initialValues={{ priority: 'P2', urgency: 'normal', channel: 'phone' }}>
        <Form.Item name="subject" label={t('ticket.subject')} rules={[{ required: true, message: t('form.required') }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="description" label={t('ticket.description')}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 12 }}>
          <Form.Item name="customerName" label={t('customer.name')}>
            <Input />
          </Form.Item>
          <Form.Item name="customerEmail" label={t('customer.email')}>
            <Input />
          </Form.Item>
          <Form.Item name="customerPhone" label={t('customer.phone')}>
            <Input />
          </Form.Item>
        </div>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
          <Form.Item name="priority" label={t('ticket.priority')}>
            <Select options={PRIORITIES.map((p) => ({ value: p, label: `${p} · ${labelOf(t, 'priority', p)}` }))} />
          </Form.Item>
          <Form.Item name="urgency" label={t('ticket.urgency')}>
            <Select options={URGENCIES.map((u) => ({ value: u, label: labelOf(t, 'urgency', u) }))} />
          </Form.Item>
        </div>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
          <Form.Item name="type" label={t('ticket.type')}>
            <Select allowClear options={(types.data ?? []).filter((type) => type.isActive).map((type) => ({ value: type.key, label: type.names[locale] }))} />
          </Form.Item>
          <Form.Item name="channel" label={t('ticket.channel')}>
            <Select options={CHANNELS.map((channel) => ({ value: channel, label: labelOf(t, 'channel', channel) }))} />
          </Form.Item>
        </div>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
          <Form.Item name="teamId" label={t('ticket.team')}>
            <Select allowClear options={(teams.data ?? []).filter((team) => team.kind === 'team').map((team) => ({ value: team.id, label: team.name }))} />
          </Form.Item>
          <Form.Item name="assigneeId" label={t('ticket.assignee')}>
            <Select allowClear showSearch optionFilterProp="label" options={(users.data ?? []).filter((u) => u.isActive).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
