/**
 * Who may do what, as the server enforces it and the web app shows it. Pure constants: no imports, so the
 * browser bundle can take them as they are.
 */

export const ROLES = ['admin', 'supervisor', 'agent', 'specialist', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** Every permission a role or an API token scope can carry; `/me` returns the signed-in user's subset. */
export const PERMISSIONS = [
  'tickets.read',
  'tickets.write',
  'tickets.assign',
  'tickets.merge',
  'customers.read',
  'customers.write',
  'contacts.unmasked',
  'users.manage',
  'settings.manage',
  'tokens.manage',
  'audit.read',
  'analytics.read',
  // Adds a message as written by the customer (an integration bringing in a reply from elsewhere). Only API
  // tokens use it: a person answering writes as an agent.
  'messages.customer',
  // kb: read the knowledge base and case library; write drafts and cases; review, publish and archive articles;
  // manage categories. bot: configure the bot, its intents, provider and triage training.
  'kb.read',
  'kb.write',
  'kb.review',
  'kb.manage',
  'bot.manage',
  // routing: team strategies, skill rules, reminders and agent capacities.
  'routing.manage',
  // surveys: NPS campaigns (whom to ask, how often, run now) and the survey templates they ask.
  'surveys.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL = new Set<Permission>(PERMISSIONS);

// What each role may do at all; row-level limits (a specialist sees only its department's tickets)
// are applied by the owning module's service.
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: ALL,
  supervisor: new Set<Permission>([
    'tickets.read',
    'tickets.write',
    'tickets.assign',
    'tickets.merge',
    'customers.read',
    'customers.write',
    'contacts.unmasked',
    'audit.read',
    'analytics.read',
    // kb
    'kb.read',
    'kb.write',
    'kb.review',
    // routing
    'routing.manage',
    // surveys
    'surveys.manage',
  ]),
  agent: new Set<Permission>(['tickets.read', 'tickets.write', 'tickets.assign', 'tickets.merge', 'customers.read', 'customers.write', 'contacts.unmasked', /* kb */ 'kb.read', 'kb.write']),
  specialist: new Set<Permission>(['tickets.read', 'tickets.write', 'customers.read', /* kb */ 'kb.read']),
  analyst: new Set<Permission>(['tickets.read', 'customers.read', 'analytics.read', /* kb */ 'kb.read']),
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
