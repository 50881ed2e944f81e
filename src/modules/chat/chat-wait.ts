/**
 * The visitor's place in the queue and how long they will probably wait. Pure: the service reads the figures,
 * this decides.
 */
export interface WaitInputs {
  /** 1 for the next chat to be taken. */
  position: number;
  agentsOnline: number;
  /** Chats each agent may hold at once. */
  capacityPerAgent: number;
  /** Chats agents hold now. */
  chatsInProgress: number;
  /** Mean seconds from acceptance to end of recent chats; null when there are none yet. */
  averageHandleSeconds: number | null;
}

/** Assumed for a workspace with no finished chat yet. */
export const DEFAULT_HANDLE_SECONDS = 300;
/** Even with a free seat someone must see the chat and accept it. */
export const ACCEPT_SECONDS = 30;

/**
 * Expected wait in seconds, or null when nobody is online (no estimate can be honest). Free seats take the first
 * visitors at once (after the time to accept); beyond them, seats free up at a rate of seats ÷ handle time, so the
 * k-th visitor beyond the free seats waits k × handle ÷ seats.
 */
export function estimateWaitSeconds(inputs: WaitInputs): number | null {
  const { position, agentsOnline, capacityPerAgent, chatsInProgress } = inputs;
  if (agentsOnline <= 0 || capacityPerAgent <= 0) return null;
  const seats = agentsOnline * capacityPerAgent;
  const freeSeats = Math.max(0, seats - chatsInProgress);
  if (position <= freeSeats) return ACCEPT_SECONDS;
  const handle = inputs.averageHandleSeconds && inputs.averageHandleSeconds > 0 ? inputs.averageHandleSeconds : DEFAULT_HANDLE_SECONDS;
  const beyond = position - freeSeats;
  return ACCEPT_SECONDS + Math.ceil((beyond * handle) / seats);
}
