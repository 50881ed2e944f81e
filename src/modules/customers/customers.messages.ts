import { registerMessages } from '../../platform/i18n.ts';

registerMessages({
  en: {
    'customers.name_or_contact_required': 'Give a name or at least one contact (e-mail, phone, WeChat or external id).',
    'customers.invalid_email': 'Not a valid e-mail address.',
    'customers.invalid_phone': 'Not a valid phone number (3 to 20 digits; spaces, dashes and brackets are allowed).',
    'customers.invalid_identity': 'Not a valid identifier (no spaces, at most {maximum} characters).',
    'customers.duplicate_identity': 'This contact is listed twice.',
    'customers.identity_taken': 'This contact already belongs to another customer.',
    'customers.unknown_organization': 'This organisation does not exist.',
    'customers.organization_name_taken': 'An organisation with this name already exists.',
    'customers.invalid_domain': 'Not a valid domain name (for example example.com).',
    'customers.invalid_cursor': 'This page link is not valid; start again from the first page.',
    'customers.unmasked_required': 'Changing contacts requires permission to see them unmasked.',
  },
  'zh-CN': {
    'customers.name_or_contact_required': '请填写姓名或至少一种联系方式（邮箱、电话、微信或外部编号）。',
    'customers.invalid_email': '不是有效的邮箱地址。',
    'customers.invalid_phone': '不是有效的电话号码（3 到 20 位数字，可包含空格、连字符和括号）。',
    'customers.invalid_identity': '不是有效的标识（不能包含空格，最多 {maximum} 个字符）。',
    'customers.duplicate_identity': '该联系方式重复填写。',
    'customers.identity_taken': '该联系方式已属于其他客户。',
    'customers.unknown_organization': '该组织不存在。',
    'customers.organization_name_taken': '已存在同名组织。',
    'customers.invalid_domain': '不是有效的域名（例如 example.com）。',
    'customers.invalid_cursor': '分页链接无效，请从第一页重新开始。',
    'customers.unmasked_required': '修改联系方式需要查看完整联系方式的权限。',
  },
});
