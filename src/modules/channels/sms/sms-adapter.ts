/**
 * SMS over HTTP: each message is one POST of JSON to the workspace's gateway, `{ to, text, sender, reference }`, with
 * the key as a bearer token. `reference` is the queue row's id, the same on every retry, so a gateway that
 * de-duplicates by it sends a retried message once. A 2xx is sent (its JSON `id`, if any, is the provider's id); a 4xx
 * other than 408/429 is a refusal (not retried); anything else is retried with the queue's back-off.
 */
import type { Db } from '../../../platform/db.ts';
import { ChannelSendError, type ChannelAdapter, type OutboundDelivery, type SendResult } from '../channel-adapter.ts';
import * as repo from './sms-gateway.repository.ts';

const SEND_TIMEOUT_MS = 10_000;
/** One SMS part is 70 Chinese characters; gateways split longer texts, up to about ten parts. */
const MAX_SMS_CHARS = 700;

const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

export function createSmsAdapter(deps: { db: Db }): ChannelAdapter {
  return {
    kind: 'sms',
    async send(delivery: OutboundDelivery): Promise<SendResult> {
      const to = delivery.to.phone?.trim();
      if (!to) throw new ChannelSendError('no phone number to send the SMS to', true);
      const gateway = await repo.selectGateway(deps.db, delivery.workspaceId);
      if (!gateway) throw new ChannelSendError('no SMS gateway is configured for this workspace', false);
      let response: Response;
      try {
        response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.apiKey}` },
          body: JSON.stringify({ to, text: delivery.text.slice(0, MAX_SMS_CHARS), sender: gateway.sender || undefined, reference: delivery.id }),
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
      } catch (error) {
        throw new ChannelSendError(`SMS gateway unreachable: ${error instanceof Error ? error.message : String(error)}`, false);
      }
      const body = await response.text().catch(() => '');
      if (!response.ok) throw new ChannelSendError(`SMS gateway answered ${response.status}: ${body.slice(0, 200)}`, !isRetryableStatus(response.status));
      let providerId: string | undefined;
      try {
        const parsed = JSON.parse(body) as { id?: unknown };
        if (typeof parsed.id === 'string' || typeof parsed.id === 'number') providerId = String(parsed.id);
      } catch {
        // A gateway that answers plain text still accepted the message.
      }
      return { externalId: providerId ?? delivery.id, response: `${response.status} ${body.slice(0, 200)}`.trim() };
    },
  };
}
