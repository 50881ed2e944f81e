/**
 * The routing decisions, without I/O: which tickets need which skills, who may take a ticket, and whom each
 * strategy picks. The service feeds them what it read and applies the answer under the team's lock.
 */

export const STRATEGIES = ['manual', 'round_robin', 'least_loaded', 'skills'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const SKILL_RULE_FIELDS = ['type', 'tag', 'channel'] as const;
export type SkillRuleField = (typeof SKILL_RULE_FIELDS)[number];

/** A team's rule: tickets whose `field` is (or, for tags, holds) `value` need `skill` at `minLevel` or above. */
export interface SkillRule {
  field: SkillRuleField;
  value: string;
  skill: string;
  minLevel: number;
}

export interface SkillRequirement {
  skill: string;
  minLevel: number;
}

/** An agent as a strategy sees it: free capacity for the ticket's kind of work, and their skills by name. */
export interface Candidate {
  userId: string;
  load: number;
  capacity: number;
  skills: ReadonlyMap<string, number>;
}

export interface TicketTraits {
  type: string;
  channel: string;
  tags: readonly string[];
}

/** The skills a ticket needs by the team's rules; a skill named twice needs the higher level. */
export function requiredSkills(ticket: TicketTraits, rules: readonly SkillRule[]): SkillRequirement[] {
  const needed = new Map<string, number>();
  for (const rule of rules) {
    const matches = rule.field === 'tag' ? ticket.tags.includes(rule.value) : rule.field === 'type' ? ticket.type === rule.value : ticket.channel === rule.value;
    if (matches) needed.set(rule.skill, Math.max(needed.get(rule.skill) ?? 0, rule.minLevel));
  }
  return [...needed].map(([skill, minLevel]) => ({ skill, minLevel })).sort((a, b) => a.skill.localeCompare(b.skill));
}

export const hasRoom = (candidate: Candidate): boolean => candidate.load < candidate.capacity;

export const meetsSkills = (candidate: Candidate, required: readonly SkillRequirement[]): boolean =>
  required.every((need) => (candidate.skills.get(need.skill) ?? 0) >= need.minLevel);

/** How well an agent covers the requirements: the sum of their levels in the required skills. */
export const skillScore = (candidate: Candidate, required: readonly SkillRequirement[]): number =>
  required.reduce((sum, need) => sum + (candidate.skills.get(need.skill) ?? 0), 0);

const byUserId = (a: Candidate, b: Candidate) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

/** Lower load first; equal loads by the share of capacity used, then by id, so the choice is deterministic. */
const byLoad = (a: Candidate, b: Candidate) => a.load - b.load || a.load / a.capacity - b.load / b.capacity || byUserId(a, b);

export interface Decision {
  strategy: Strategy;
  required: readonly SkillRequirement[];
  /** The agent who got the team's previous ticket (round-robin continues after them). */
  lastAssigned: string | null;
}

/**
 * The agent a strategy picks among the candidates, or undefined when none may take the ticket. Nobody without
 * room is ever picked; the skills strategy never picks an agent lacking a required skill at its level. Manual
 * teams pick nobody.
 */
export function chooseAgent(candidates: readonly Candidate[], decision: Decision): Candidate | undefined {
  const open = candidates.filter(hasRoom);
  switch (decision.strategy) {
    case 'manual':
      return undefined;
    case 'round_robin': {
      const ring = [...open].sort(byUserId);
      const last = decision.lastAssigned;
      return (last === null ? undefined : ring.find((candidate) => candidate.userId > last)) ?? ring[0];
    }
    case 'least_loaded':
      return [...open].sort(byLoad)[0];
    case 'skills': {
      const able = open.filter((candidate) => meetsSkills(candidate, decision.required));
      return able.sort((a, b) => skillScore(b, decision.required) - skillScore(a, decision.required) || byLoad(a, b))[0];
    }
  }
}

/** Serving order of a queue: the P1 green lane first, then the soonest SLA due time (none last), then the oldest. */
export interface QueueEntry {
  tier: number;
  slaDueAt: Date | null;
  createdAt: Date;
}

export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  const due = (entry: QueueEntry) => entry.slaDueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return a.tier - b.tier || due(a) - due(b) || a.createdAt.getTime() - b.createdAt.getTime();
}

/** P1 is the green lane (绿色通道). */
export const tierOfPriority = (priority: string): number => (priority === 'P1' ? 0 : priority === 'P2' ? 1 : 2);

/** Live chats count against the chat capacity, everything else against the open-ticket capacity. */
export const loadKindOfChannel = (channel: string): 'chat' | 'ticket' => (channel === 'chat' ? 'chat' : 'ticket');
