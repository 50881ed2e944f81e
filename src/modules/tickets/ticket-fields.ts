/** The closed vocabularies of the registration template. */
export const PRIORITIES = ['P1', 'P2', 'P3'] as const;
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export const CHANNELS = ['email', 'web', 'chat', 'phone', 'wechat', 'api'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Channel = (typeof CHANNELS)[number];
