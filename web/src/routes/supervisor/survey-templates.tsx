import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSaveTemplate, useSurveyTemplates, type SurveyTemplate, type TemplateQuestion } from '../../modules/surveys/index.ts';
import { ErrorAlert, useLocale, useT } from '../../shared/index.ts';

interface QuestionForm {
  id: string;
  type: TemplateQuestion['type'];
  zh: string;
  en: string;
  /** Choices one a line, "中文 | English". */
  options?: string;
}
interface TemplateForm {
  name: string;
  kind: 'csat' | 'nps';
  questions: QuestionForm[];
}

const toForm = (question: TemplateQuestion): QuestionForm => ({
  id: question.id,
  type: question.type,
  zh: question.label['zh-CN'],
  en: question.label.en,
  options: question.options?.map((option) => `${option['zh-CN']} | ${option.en}`).join('\n'),
});

function fromForm(question: QuestionForm): TemplateQuestion {
  const options =
    question.type === 'choice'
      ? (question.options ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const [zh = '', en] = line.split('|').map((part) => part.trim());
            return { 'zh-CN': zh, en: en || zh };
          })
      : undefined;
  return { id: question.id.trim(), type: question.type, label: { 'zh-CN': question.zh, en: question.en }, ...(options ? { options } : {}) };
}

/** Multi-question templates: the questions an NPS campaign asks after its score, in both languages. */
export function SurveyTemplatesTab() {
  const t = useT();
  const locale = useLocale();
  const templates = useSurveyTemplates();
  const [editing, setEditing] = useState<SurveyTemplate | 'new'>();
  const [form] = Form.useForm<TemplateForm>();
  const save = useSaveTemplate({ form });
  const open = (template: SurveyTemplate | 'new') => {
    form.resetFields();
    form.setFieldsValue(template === 'new' ? { name: '', kind: 'nps', questions: [{ id: 'why', type: 'text', zh: '', en: '' }] } : { name: template.name, kind: template.kind, questions: template.questions.map(toForm) });
    setEditing(template);
  };
  const submit = async () => {
    const values = await form.validateFields();
    save.mutate({ id: editing === 'new' ? undefined : editing?.id, name: values.name, kind: values.kind, questions: (values.questions ?? []).map(fromForm) }, { onSuccess: () => setEditing(undefined) });
  };
  const typeOptions = (['text', 'score', 'choice'] as const).map((value) => ({ value, label: t(`surveys.questionType.${value}`) }));
  return (
    <>
      <Flex justify="end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => open('new')}>
          {t('surveys.templateCreate')}
        </Button>
      </Flex>
      <ErrorAlert error={templates.error} />
      <Table<SurveyTemplate>
        rowKey="id"
        loading={templates.isPending}
        dataSource={templates.data ?? []}
        pagination={false}
        columns={[
          { title: t('surveys.templateName'), render: (_value, template) => <strong translate="no">{template.name}</strong> },
          { title: t('surveys.templateKind'), width: 140, render: (_value, template) => <Tag>{t(`surveys.kind.${template.kind}`)}</Tag> },
          { title: t('surveys.questions'), render: (_value, template) => <span translate="no">{template.questions.map((question) => question.label[locale]).join(' · ') || '—'}</span> },
          { title: t('common.actions'), width: 100, render: (_value, template) => <Button size="small" onClick={() => open(template)}>{t('common.edit')}</Button> },
        ]}
      />
      <Modal
        open={!!editing}
        width={720}
        title={editing === 'new' ? t('surveys.templateCreate') : t('surveys.templateEdit')}
        onCancel={() => setEditing(undefined)}
        onOk={() => void submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        forceRender
      >
        <Form form={form} layout="vertical" name="survey-template">
          <Flex gap={12}>
            <Form.Item name="name" label={t('surveys.templateName')} style={{ flex: 1 }} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="kind" label={t('surveys.templateKind')}>
              <Select disabled={editing !== 'new'} style={{ width: 160 }} options={(['nps', 'csat'] as const).map((value) => ({ value, label: t(`surveys.kind.${value}`) }))} />
            </Form.Item>
          </Flex>
          <Form.List name="questions">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8} align="start" wrap data-testid={`question-${index}`}>
                    <Form.Item name={[field.name, 'id']} label={index === 0 ? t('surveys.questionId') : undefined} tooltip={t('surveys.questionIdHint')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('surveys.questionIdHint') }]}>
                      <Input style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'type']} label={index === 0 ? t('surveys.questionType') : undefined}>
                      <Select style={{ width: 120 }} options={typeOptions} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'zh']} label={index === 0 ? t('surveys.labelZh') : undefined} style={{ flex: 1, minWidth: 160 }} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
                      <Input maxLength={300} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'en']} label={index === 0 ? t('surveys.labelEn') : undefined} style={{ flex: 1, minWidth: 160 }} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
                      <Input maxLength={300} />
                    </Form.Item>
                    <Button type="text" aria-label={t('surveys.removeQuestion')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(field.name)} style={{ marginTop: index === 0 ? 30 : 0 }} />
                    <Form.Item noStyle shouldUpdate>
                      {() =>
                        form.getFieldValue(['questions', field.name, 'type']) === 'choice' ? (
                          <Form.Item name={[field.name, 'options']} label={t('surveys.options')} style={{ width: '100%' }}>
                            <Input.TextArea rows={3} placeholder={t('surveys.optionsExample')} />
                          </Form.Item>
                        ) : null
                      }
                    </Form.Item>
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined aria-hidden />} disabled={fields.length >= 20} onClick={() => add({ id: `q${fields.length + 1}`, type: 'text', zh: '', en: '' })}>
                  {t('surveys.addQuestion')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}
