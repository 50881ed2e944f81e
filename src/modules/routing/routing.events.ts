import { typedOutbox } from '../../platform/outbox.ts';

/**
 * Events of the routing module. Their aggregate is the agent (`AGENT_AGGREGATE`, the user's id), so one agent's
 * comings and goings are handled in order. They are work orders for routing's own subscribers, not news for screens:
 * the assignments they lead to are announced as ticket events.
 */
export const ROUTING_EVENTS = {
  /** The agent came online or freed capacity: their teams' queues may hand them work. */
  agentAvailable: 'routing.agent_available',
  /** The agent went offline: their open work goes back to their teams. */
  agentOffline: 'routing.agent_offline',
} as const;

export const AGENT_AGGREGATE = 'routing_agent';

export interface RoutingAgentPayload {
  userId: string;
  /** Why: 'online', 'capacity' (a ticket of theirs was solved or moved), 'offline'. */
  reason: 'online' | 'capacity' | 'offline';
}

export interface RoutingEventPayloads {
  'routing.agent_available': RoutingAgentPayload;
  'routing.agent_offline': RoutingAgentPayload;
}

export const routingOutbox = typedOutbox<RoutingEventPayloads>();
