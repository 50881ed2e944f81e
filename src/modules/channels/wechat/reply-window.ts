/**
 * WeChat accepts customer-service messages to a follower only within 48 hours of the follower's last message
 * or event. Past it the platform refuses them (errcode 45015), so Kefu refuses first, with a reason the agent can read.
 */
export const REPLY_WINDOW_MS = 48 * 3_600_000;

export function replyWindowEndsAt(lastInboundAt: Date | null): Date | null {
  return lastInboundAt ? new Date(lastInboundAt.getTime() + REPLY_WINDOW_MS) : null;
}

export function isWithinReplyWindow(lastInboundAt: Date | null, now: Date): boolean {
  const endsAt = replyWindowEndsAt(lastInboundAt);
  return endsAt !== null && now.getTime() <= endsAt.getTime();
}
