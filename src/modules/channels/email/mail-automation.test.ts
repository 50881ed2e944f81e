import { describe, expect, it } from 'vitest';
import { classifyAutomated, type AutomationFacts } from './mail-automation.ts';

const base: AutomationFacts = {
  headers: new Map(),
  fromAddress: 'zs@example.cn',
  envelopeFrom: 'zs@example.cn',
  subject: 'My order',
  contentType: 'text/plain',
  messageId: '<abc@example.cn>',
  ownAddresses: ['support@demo.kefu.local'],
  ownDomains: ['demo.kefu.local'],
};
const facts = (patch: Partial<AutomationFacts> & { header?: Record<string, string> }): AutomationFacts => ({
  ...base,
  ...patch,
  headers: new Map(Object.entries(patch.header ?? {})),
});

describe('classifyAutomated', () => {
  const cases: { name: string; input: AutomationFacts; expected: { kind: string; reason: string } | null }[] = [
    { name: 'a person writing', input: facts({}), expected: null },
    { name: 'Auto-Submitted: no is a person', input: facts({ header: { 'auto-submitted': 'no' } }), expected: null },
    { name: 'Auto-Submitted: auto-replied', input: facts({ header: { 'auto-submitted': 'auto-replied' } }), expected: { kind: 'auto_reply', reason: 'header:auto-submitted=auto-replied' } },
    { name: 'Auto-Submitted: auto-generated; with params', input: facts({ header: { 'auto-submitted': 'auto-generated; owner-email=x@y' } }), expected: { kind: 'auto_reply', reason: 'header:auto-submitted=auto-generated' } },
    { name: 'X-Autoreply', input: facts({ header: { 'x-autoreply': 'yes' } }), expected: { kind: 'auto_reply', reason: 'header:x-autoreply' } },
    { name: 'X-Autorespond', input: facts({ header: { 'x-autorespond': '1' } }), expected: { kind: 'auto_reply', reason: 'header:x-autorespond' } },
    { name: 'Exchange out-of-office', input: facts({ header: { 'x-auto-response-suppress': 'All' } }), expected: { kind: 'auto_reply', reason: 'header:x-auto-response-suppress' } },
    { name: 'Precedence: bulk', input: facts({ header: { precedence: 'bulk' } }), expected: { kind: 'list', reason: 'header:precedence=bulk' } },
    { name: 'Precedence: junk', input: facts({ header: { precedence: 'junk' } }), expected: { kind: 'auto_reply', reason: 'header:precedence=junk' } },
    { name: 'Precedence: auto_reply', input: facts({ header: { precedence: 'auto_reply' } }), expected: { kind: 'auto_reply', reason: 'header:precedence=auto_reply' } },
    { name: 'List-Id', input: facts({ header: { 'list-id': '<news.example.cn>' } }), expected: { kind: 'list', reason: 'header:list-id' } },
    { name: 'List-Unsubscribe', input: facts({ header: { 'list-unsubscribe': '<mailto:u@x>' } }), expected: { kind: 'list', reason: 'header:list-unsubscribe' } },
    { name: 'DSN', input: facts({ contentType: 'multipart/report' }), expected: { kind: 'bounce', reason: 'content-type:multipart/report' } },
    { name: 'mailer-daemon', input: facts({ fromAddress: 'MAILER-DAEMON@mx.example.cn' }), expected: { kind: 'bounce', reason: 'from:mailer-daemon' } },
    { name: 'postmaster', input: facts({ fromAddress: 'postmaster@example.cn' }), expected: { kind: 'bounce', reason: 'from:postmaster' } },
    { name: 'null envelope sender', input: facts({ envelopeFrom: '' }), expected: { kind: 'bounce', reason: 'envelope:null-sender' } },
    { name: 'X-Failed-Recipients', input: facts({ header: { 'x-failed-recipients': 'zs@example.cn' } }), expected: { kind: 'bounce', reason: 'header:x-failed-recipients' } },
    { name: 'our own Message-ID is a loop', input: facts({ messageId: '<kefu.0190f3a2-7b1c-7d4e-8f00-1234567890ab@demo.kefu.local>' }), expected: { kind: 'loop', reason: 'message-id:own' } },
    { name: 'our own address as sender is a loop', input: facts({ fromAddress: 'Support@Demo.Kefu.Local' }), expected: { kind: 'loop', reason: 'from:own-address' } },
    { name: 'X-Loop', input: facts({ header: { 'x-loop': 'helpdesk' } }), expected: { kind: 'loop', reason: 'header:x-loop' } },
    { name: 'no-reply sender', input: facts({ fromAddress: 'no-reply@shop.example.cn' }), expected: { kind: 'auto_reply', reason: 'from:no-reply' } },
    { name: 'English out-of-office subject', input: facts({ subject: 'Automatic reply: My order' }), expected: { kind: 'auto_reply', reason: 'subject:auto-reply' } },
    { name: 'Out of Office subject', input: facts({ subject: 'Out of Office: back on Monday' }), expected: { kind: 'auto_reply', reason: 'subject:auto-reply' } },
    { name: 'Chinese auto-reply subject', input: facts({ subject: '自动回复：我的订单' }), expected: { kind: 'auto_reply', reason: 'subject:auto-reply' } },
    { name: 'Undeliverable subject', input: facts({ subject: 'Undeliverable: Re: Refund' }), expected: { kind: 'bounce', reason: 'subject:bounce' } },
    { name: 'Chinese bounce subject', input: facts({ subject: '系统退信' }), expected: { kind: 'bounce', reason: 'subject:bounce' } },
    { name: 'a subject that only mentions replies', input: facts({ subject: 'Why no reply to my refund?' }), expected: null },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(classifyAutomated(input)).toEqual(expected);
  });
});
