import { registerMessages } from '../../platform/i18n.ts';

registerMessages({
  en: {
    'identity.invalid_credentials': 'The e-mail or password is not correct.',
    'identity.account_locked': 'Too many failed sign-ins. The account is locked for {minutes} minutes.',
    'identity.wrong_password': 'The current password is not correct.',
    'identity.email_taken': 'A user with this e-mail already exists.',
    'identity.team_name_taken': 'A team with this name already exists.',
    'identity.unknown_team': 'One of these teams does not exist.',
    'identity.unknown_scope': 'Unknown scopes: {scopes}.',
    'identity.token_needs_user': 'An API token must be created by a user.',
    'identity.cannot_demote_self': 'You cannot remove your own administrator rights or deactivate yourself.',
    'workspaces.slug_taken': 'This workspace address is already taken.',
  },
  'zh-CN': {
    'identity.invalid_credentials': '邮箱或密码不正确。',
    'identity.account_locked': '登录失败次数过多，账号已锁定 {minutes} 分钟。',
    'identity.wrong_password': '当前密码不正确。',
    'identity.email_taken': '该邮箱已被其他用户使用。',
    'identity.team_name_taken': '已存在同名团队。',
    'identity.unknown_team': '部分团队不存在。',
    'identity.unknown_scope': '未知的权限范围：{scopes}。',
    'identity.token_needs_user': 'API 令牌必须由用户创建。',
    'identity.cannot_demote_self': '不能撤销自己的管理员权限或停用自己。',
    'workspaces.slug_taken': '该工作区地址已被占用。',
  },
});
