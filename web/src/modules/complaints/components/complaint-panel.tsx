import { Button, Empty, Flex, Form, Input, InputNumber, Select, Tag } from 'antd';
import { COMPENSATION_TYPES, ROOT_CAUSES, SEVERITIES, useT, type MessageKey } from '../../../shared/index.ts';
import { formatMoney, useComplaint, useComplaintStep, useCreateComplaint, useExecute, usePropose, useTicketComplaints, type Complaint } from '../api.ts';

const key = (prefix: string, value: string) => `complaints.${prefix}.${value}` as MessageKey;

/** Records a complaint on the ticket: severity, root cause, what happened, and the order and contact when known. */
function NewComplaintForm({ ticketId }: { ticketId: string }) {
  const t = useT();
  const create = useCreateComplaint();
  const [form] = Form.useForm<{ severity: string; rootCause: string; summary: string; orderNo?: string; contact?: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      size="small"
      name="new-complaint"
      initialValues={{ severity: 'major', rootCause: 'product_defect' }}
      onFinish={(values) =>
        create.mutate({
          ticketId,
          severity: values.severity as (typeof SEVERITIES)[number],
          rootCause: values.rootCause as (typeof ROOT_CAUSES)[number],
          summary: values.summary,
          orderNo: values.orderNo || null,
          contact: values.contact || null,
          occurredAt: values.contact ? new Date().toISOString() : null,
        })
      }
    >
      <Form.Item name="severity" label={t('complaints.severity')}>
        <Select options={SEVERITIES.map((value) => ({ value, label: t(key('severities', value)) }))} />
      </Form.Item>
      <Form.Item name="rootCause" label={t('complaints.rootCause')}>
        <Select options={ROOT_CAUSES.map((value) => ({ value, label: t(key('causes', value)) }))} />
      </Form.Item>
      <Form.Item name="summary" label={t('complaints.summary')} rules={[{ required: true, message: t('complaints.summaryRequired') }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="orderNo" label={t('complaints.orderNo')}>
        <Input />
      </Form.Item>
      <Form.Item name="contact" label={t('complaints.contact')}>
        <Input />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        {t('complaints.record')}
      </Button>
    </Form>
  );
}

function ProposeForm({ complaint }: { complaint: Complaint }) {
  const t = useT();
  const propose = usePropose();
  const [form] = Form.useForm<{ type: string; amount: number; description?: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      size="small"
      name="propose-compensation"
      initialValues={{ type: 'refund', amount: 0 }}
      onFinish={(values) => propose.mutate({ id: complaint.id, type: values.type as (typeof COMPENSATION_TYPES)[number], amountMinor: Math.round((values.amount ?? 0) * 100), description: values.description })}
    >
      <Form.Item name="type" label={t('complaints.compensationType')}>
        <Select options={COMPENSATION_TYPES.map((value) => ({ value, label: t(key('types', value)) }))} />
      </Form.Item>
      <Form.Item name="amount" label={t('complaints.amount')}>
        <InputNumber min={0} step={1} precision={2} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="description" label={t('complaints.description')}>
        <Input />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={propose.isPending}>
        {t('complaints.propose')}
      </Button>
    </Form>
  );
}

function ComplaintCard({ complaint }: { complaint: Complaint }) {
  const t = useT();
  const detail = useComplaint(complaint.id);
  const step = useComplaintStep();
  const execute = useExecute();
  return (
    <Flex vertical gap={8} data-testid="complaint">
      <Flex gap={6} wrap>
        <Tag color="red">{t(key('statuses', complaint.status))}</Tag>
        <Tag>{t(key('severities', complaint.severity))}</Tag>
        <Tag>{t(key('causes', complaint.rootCause))}</Tag>
        {complaint.isRepeat && <Tag color="orange">{t('complaints.repeat')}</Tag>}
      </Flex>
      <div translate="no" style={{ whiteSpace: 'pre-wrap' }}>
        {complaint.summary}
      </div>
      {complaint.orderNo && <div>{t('complaints.orderLine', { order: complaint.orderNo })}</div>}
      {complaint.status === 'recorded' && (
        <Button size="small" onClick={() => step.mutate({ id: complaint.id, step: 'confirm' })}>
          {t('complaints.confirm')}
        </Button>
      )}
      {complaint.status === 'confirmed' && (
        <Button size="small" onClick={() => step.mutate({ id: complaint.id, step: 'respond' })}>
          {t('complaints.respond')}
        </Button>
      )}
      {(detail.data?.compensations ?? []).map((item) => (
        <Flex key={item.id} gap={6} align="center" wrap>
          <span>
            {t(key('types', item.type))} {formatMoney(item.amountMinor, item.currency)}
          </span>
          <Tag>{t(key('compensationStatuses', item.status))}</Tag>
          {item.status === 'approved' && !item.subtaskId && (
            <Button size="small" onClick={() => execute.mutate(item.id)}>
              {t('complaints.markExecuted')}
            </Button>
          )}
        </Flex>
      ))}
      {(complaint.status === 'responded' || complaint.status === 'executing') && <ProposeForm complaint={complaint} />}
    </Flex>
  );
}

/** The complaint panel of a ticket: record one, walk it through the loop, propose compensation. */
export function ComplaintPanel({ ticketId, canWrite }: { ticketId: string; canWrite: boolean }) {
  const t = useT();
  const complaints = useTicketComplaints(ticketId);
  const items = complaints.data ?? [];
  return (
    <Flex vertical gap={12}>
      {items.map((complaint) => (
        <ComplaintCard key={complaint.id} complaint={complaint} />
      ))}
      {items.length === 0 && !canWrite && <Empty description={t('complaints.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {canWrite && items.every((complaint) => complaint.status === 'closed') && <NewComplaintForm ticketId={ticketId} />}
    </Flex>
  );
}
