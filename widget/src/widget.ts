/**
 * Kefu's embeddable chat widget: `<script src="https://kefu.example/widget.js" data-workspace="acme"></script>`.
 * No framework; its own DOM in a shadow root so the host page's styles leave it alone. Talks to the server it was
 * loaded from, over one WebSocket (chat-connection.ts).
 */
import { ChatConnection, type ChatMessage, type ServerFrame } from './chat-connection.ts';
import { fill, localeOf, wordsFor } from './widget-i18n.ts';

const STYLE = `
:host{all:initial}
*{box-sizing:border-box;font:14px/1.4 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif}
.launcher{position:fixed;right:20px;bottom:20px;border:0;border-radius:24px;padding:12px 20px;background:#1677ff;color:#fff;cursor:pointer;box-shadow:0 4px 12px #0003;z-index:2147483646}
.panel{position:fixed;right:20px;bottom:76px;width:340px;max-width:calc(100vw - 40px);height:480px;max-height:calc(100vh - 100px);display:none;flex-direction:column;background:#fff;color:#222;border-radius:10px;box-shadow:0 8px 28px #0004;overflow:hidden;z-index:2147483647}
.panel.open{display:flex}
header{background:#1677ff;color:#fff;padding:10px 14px;display:flex;justify-content:space-between;align-items:center}
header button{background:none;border:0;color:#fff;cursor:pointer}
.status{padding:6px 14px;background:#f0f5ff;color:#333;font-size:13px;min-height:20px}
.body{flex:1;overflow-y:auto;padding:10px 14px}
form{display:flex;flex-direction:column;gap:8px}
input,textarea{border:1px solid #ccc;border-radius:6px;padding:7px 9px;width:100%}
textarea{resize:none}
button.primary{background:#1677ff;color:#fff;border:0;border-radius:6px;padding:8px 12px;cursor:pointer}
.hint{color:#666;font-size:12px}
.msg{margin:6px 0;display:flex;flex-direction:column}
.msg .bubble{max-width:80%;padding:7px 10px;border-radius:10px;background:#f2f2f2;white-space:pre-wrap;word-break:break-word}
.msg.visitor{align-items:flex-end}
.msg.visitor .bubble{background:#1677ff;color:#fff}
.msg.system{align-items:center}
.msg.system .bubble{background:none;color:#888;font-size:12px}
.meta{font-size:11px;color:#999;margin-top:2px}
.msg a{color:inherit}
.typing{color:#888;font-size:12px;padding:0 14px;min-height:18px}
footer{display:flex;gap:6px;padding:8px;border-top:1px solid #eee;align-items:flex-end}
footer textarea{flex:1;height:38px}
footer .ghost{background:none;border:1px solid #ccc;border-radius:6px;padding:7px 9px;cursor:pointer}
`;

type Child = Node | string | null | undefined | false;

function h(tag: string, props: Record<string, unknown> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value as EventListener);
    else if (value !== undefined && value !== false) element.setAttribute(key, String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

function boot(script: HTMLScriptElement): void {
  const workspace = script.dataset.workspace;
  if (!workspace) return;
  const origin = new URL(script.src, location.href).origin;
  const locale = script.dataset.locale === 'zh-CN' || script.dataset.locale === 'en' ? script.dataset.locale : localeOf(navigator.language);
  const t = wordsFor(locale);
  const api = `${origin}/api/widget/chat/${encodeURIComponent(workspace)}`;

  const host = h('div', { 'data-kefu-chat': workspace });
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const status = h('div', { class: 'status', role: 'status' });
  const body = h('div', { class: 'body' });
  const typing = h('div', { class: 'typing' });
  const footer = h('footer');
  const panel = h('div', { class: 'panel', role: 'dialog', 'aria-label': t.title },
    h('header', {}, h('strong', {}, t.title), h('button', { 'aria-label': t.close, onclick: () => panel.classList.remove('open') }, '✕')),
    status, body, typing, footer);
  const launcher = h('button', { class: 'launcher', onclick: () => panel.classList.toggle('open') }, t.open);
  root.append(h('style', {}, STYLE), launcher, panel);

  let agentName: string | null = null;
  let agentReadSeq = 0;
  let ended = false;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let isTyping = false;
  const rendered = new Map<number, HTMLElement>();

  const connection = new ChatConnection({
    url: `${api.replace(/^http/, 'ws')}/socket`,
    locale,
    storageKey: `kefu-chat:${workspace}`,
    events: { onFrame, onMessage, onConnected: (connected) => !connected && (status.textContent = t.reconnecting) },
  });

  const field = (name: string, label: string, type = 'text', required = false) => h('input', { name, type, placeholder: label, 'aria-label': label, required });
  const contactsOf = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    return { name: value('name') ?? '', email: value('email'), phone: value('phone'), text: value('text') };
  };

  function showForm(kind: 'start' | 'leave', note?: string): void {
    footer.replaceChildren();
    body.replaceChildren(
      h('form', {
        onsubmit: (event: Event) => {
          event.preventDefault();
          const contacts = contactsOf(event.target as HTMLFormElement);
          if (!contacts.email && !contacts.phone) return void (status.textContent = t.contactHint);
          if (kind === 'start') connection.start(contacts);
          else if (contacts.text) connection.leave({ ...contacts, text: contacts.text });
        },
      },
      note ? h('strong', {}, t.offlineTitle) : null,
      note ? h('div', { class: 'hint' }, note) : null,
      field('name', t.name, 'text', true),
      field('email', t.email, 'email'),
      field('phone', t.phone, 'tel'),
      h('div', { class: 'hint' }, t.contactHint),
      kind === 'leave' ? h('textarea', { name: 'text', rows: 4, placeholder: t.message, 'aria-label': t.message, required: true }) : null,
      h('button', { class: 'primary', type: 'submit' }, kind === 'start' ? t.start : t.leave)),
    );
  }

  function showChat(): void {
    body.replaceChildren();
    rendered.clear();
    const input = h('textarea', { placeholder: t.placeholder, 'aria-label': t.placeholder }) as HTMLTextAreaElement;
    const send = () => {
      const text = input.value.trim();
      if (!text) return;
      connection.say(text);
      input.value = '';
      setTyping(false);
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send();
      }
    });
    input.addEventListener('input', () => setTyping(input.value.length > 0));
    const file = h('input', { type: 'file', hidden: true, onchange: () => upload(file as HTMLInputElement) });
    footer.replaceChildren(
      file,
      h('button', { class: 'ghost', title: t.attach, 'aria-label': t.attach, onclick: () => (file as HTMLInputElement).click() }, '📎'),
      input,
      h('button', { class: 'primary', onclick: send }, t.send),
      h('button', { class: 'ghost', title: t.end, onclick: () => connection.end() }, t.end),
    );
  }

  function setTyping(on: boolean): void {
    clearTimeout(typingTimer);
    if (on) typingTimer = setTimeout(() => setTyping(false), 4000);
    if (on === isTyping) return;
    isTyping = on;
    connection.typing(on);
  }

  async function upload(input: HTMLInputElement): Promise<void> {
    const saved = connection.saved;
    const chosen = input.files?.[0];
    if (!saved || !chosen) return;
    const form = new FormData();
    form.append('file', chosen);
    const response = await fetch(`${api}/conversations/${saved.conversationId}/attachments?token=${encodeURIComponent(saved.token)}`, { method: 'POST', body: form });
    if (response.ok) connection.say('', [((await response.json()) as { id: string }).id]);
    input.value = '';
  }

  function fileLink(file: ChatMessage['attachments'][number]): HTMLElement {
    const saved = connection.saved!;
    return h('a', { href: `${api}/conversations/${saved.conversationId}/attachments/${file.id}?token=${encodeURIComponent(saved.token)}`, target: '_blank', rel: 'noopener' }, `📎 ${file.filename}`);
  }

  function onMessage(message: ChatMessage): void {
    if (!footer.hasChildNodes() && !ended) showChat();
    const who = message.authorType === 'agent' ? (agentName ?? t.agent) : message.authorType === 'bot' ? '🤖' : '';
    const meta = h('div', { class: 'meta' }, who, message.authorType === 'visitor' && message.seq <= agentReadSeq ? t.read : '');
    const bubble = h('div', { class: 'bubble' }, message.body, ...message.attachments.map((file) => h('div', {}, fileLink(file))));
    const element = h('div', { class: `msg ${message.authorType}`, 'data-seq': message.seq }, bubble, message.authorType === 'system' ? null : meta);
    rendered.set(message.seq, element);
    body.append(element);
    body.scrollTop = body.scrollHeight;
    if (message.authorType !== 'visitor' && panel.classList.contains('open')) connection.read(message.seq);
  }

  function markRead(seq: number): void {
    agentReadSeq = seq;
    for (const [messageSeq, element] of rendered) {
      const meta = element.querySelector('.meta');
      if (element.classList.contains('visitor') && messageSeq <= seq && meta) meta.textContent = t.read;
    }
  }

  function describeState(state: string): void {
    ended = state === 'ended';
    if (state === 'active') status.textContent = fill(t.withAgent, { name: agentName ?? t.agent });
    else if (state === 'bot') status.textContent = t.withBot;
    else if (ended) {
      status.textContent = t.ended;
      footer.replaceChildren(h('button', { class: 'primary', onclick: () => { connection.forget(); showForm('start'); status.textContent = ''; } }, t.newChat));
    }
  }

  function onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        const conversation = frame.conversation as { status: string; agentName: string | null; agentReadSeq: number } | null;
        status.textContent = '';
        if (conversation) {
          agentName = conversation.agentName;
          agentReadSeq = conversation.agentReadSeq;
          if (!footer.hasChildNodes()) showChat();
          describeState(conversation.status);
        } else if (frame.open || frame.botFirst) showForm('start');
        else showForm('leave', frame.reason === 'closed' ? t.offlineClosed : t.offlineNoAgent);
        return;
      }
      case 'started':
        showChat();
        describeState((frame.conversation as { status: string }).status);
        return;
      case 'left':
        footer.replaceChildren();
        body.replaceChildren(h('p', {}, fill(t.left, { number: String(frame.ticketNumber) })));
        return;
      case 'queue': {
        const wait = frame.waitSeconds as number | null;
        const waitText = wait === null ? null : wait < 60 ? t.lessThanMinute : fill(t.minutes, { n: Math.round(wait / 60) });
        status.textContent = waitText ? fill(t.queue, { position: Number(frame.position), wait: waitText }) : fill(t.queueUnknown, { position: Number(frame.position) });
        return;
      }
      case 'state':
        agentName = (frame.agentName as string | null) ?? agentName;
        describeState(String(frame.status));
        return;
      case 'typing':
        typing.textContent = frame.on ? fill(t.typing, { name: agentName ?? t.agent }) : '';
        return;
      case 'read':
        markRead(Number(frame.seq));
        return;
      case 'error':
        status.textContent = String(frame.detail ?? '');
        return;
    }
  }

  if (script.dataset.open !== undefined) panel.classList.add('open');
  connection.connect();
}

const current = document.currentScript as HTMLScriptElement | null;
if (current) boot(current);
