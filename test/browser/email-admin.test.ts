import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImapServer, type TestImapServer } from '../../src/modules/channels/email/imap-server.testing.ts';
import { launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { pickOption } from './support/antd.ts';
import { startKefu, type KefuServer, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let imapServer: TestImapServer;

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'en' });
  imapServer = await startImapServer();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await imapServer?.close();
});

describe('e-mail administration', () => {
  it('adds a mailbox, pauses it, and sets the relay without ever showing its password again', async () => {
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'email-admin');
    const problems = watchForErrors(page);
    await signIn(page, workspace.admin.email, workspace.admin.password);
    await page.goto('/admin/email');
    await page.getByRole('heading', { name: 'E-mail', exact: true }).waitFor();
    await page.getByText('No relay is set').waitFor();

    const address = `help-${workspace.id.slice(0, 8)}@browser.kefu.test`;
    const form = page.getByRole('form', { name: 'Add mailbox' });
    await form.getByLabel('Address').fill(address);
    await form.getByLabel('Display name').fill('ACME 客服');
    await form.getByRole('button', { name: 'Add mailbox' }).click();
    await page.getByRole('table').getByText(address, { exact: true }).waitFor();
    const mailboxes = await server.kernel.services.channels.email.findMailboxes([address]);
    expect(mailboxes).toEqual([expect.objectContaining({ workspaceId: workspace.id, displayName: 'ACME 客服', isActive: true })]);

    // The same address again: the API's field message under the field.
    await form.getByLabel('Address').fill(address);
    await form.getByRole('button', { name: 'Add mailbox' }).click();
    await page.getByText('This address is already used by a mailbox.').waitFor();

    await page.getByRole('switch', { name: `Receive mail at ${address}` }).click();
    await expect.poll(async () => (await server.kernel.services.channels.email.findMailboxes([address])).length).toBe(0);

    await page.getByLabel('SMTP relay').fill('smtp://desk:s3cret@smtp.example.com:587');
    const relayForm = page.locator('form').filter({ has: page.getByLabel('SMTP relay') });
    await relayForm.getByLabel('Sender name').fill('ACME');
    await relayForm.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await server.kernel.services.channels.email.getSettings(workspace.admin.actor)).fromName).toBe('ACME');
    await page.reload();
    await expect.poll(() => page.getByLabel('SMTP relay').inputValue()).toBe('smtp://desk:********@smtp.example.com:587');
    expect(await page.content()).not.toContain('s3cret');
    await screenshot(page, 'admin-email-en');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads a mailbox over IMAP after testing the connection, pauses and removes it', async () => {
    const imap = server.kernel.services.channels.imap;
    const address = `imap-${workspace.id.slice(0, 8)}@browser.kefu.test`;
    await server.kernel.services.channels.email.createMailbox(workspace.admin.actor, { address });
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'email-admin-imap');
    const problems = watchForErrors(page);
    await signIn(page, workspace.admin.email, workspace.admin.password);
    await page.goto('/admin/email');
    const card = page.getByTestId('imap-accounts');
    await card.getByText('No mailbox is read over IMAP.').waitFor();

    await card.getByRole('button', { name: 'Add IMAP mailbox' }).click();
    const drawer = page.getByRole('dialog', { name: 'Add IMAP mailbox' });
    await pickOption(page, 'mailboxId', address);
    await drawer.getByLabel('IMAP server').fill('127.0.0.1');
    await drawer.getByLabel('Port').fill(String(imapServer.port));
    await drawer.getByRole('switch', { name: 'TLS' }).click();
    await drawer.getByLabel('User name').fill(imapServer.user);
    await drawer.getByLabel('Password').fill('not-the-password');
    // The server's own refusal is shown, not a generic failure.
    await drawer.getByRole('button', { name: 'Test connection' }).click();
    await drawer.getByText('The connection failed. The server answered:').waitFor();
    expect((await drawer.getByRole('alert').innerText()).length).toBeGreaterThan('The connection failed. The server answered:'.length + 3);

    await drawer.getByLabel('Password').fill(imapServer.password);
    await drawer.getByRole('button', { name: 'Test connection' }).click();
    await drawer.getByText('Connected. The folder holds 0 messages.').waitFor();
    await drawer.getByText('The server announces new mail (IDLE)', { exact: false }).waitFor();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await card.getByText(imapServer.user, { exact: true }).waitFor();
    const [account] = await imap.listImapAccounts(workspace.admin.actor);
    expect(account).toMatchObject({ host: '127.0.0.1', port: imapServer.port, secure: false, username: imapServer.user, folder: 'INBOX', hasPassword: true, isActive: true });
    await card.getByText(address, { exact: true }).waitFor();

    // Mail delivered to the IMAP mailbox becomes a ticket; the row then shows when it was read.
    await imapServer.append(['From: 王芳 <wangfang@example.cn>', `To: ${imapServer.user}`, 'Subject: =?UTF-8?B?5Y+R56Wo6K+35rGC?=', 'Message-ID: <imap-journey-1@example.cn>', 'Content-Type: text/plain; charset=UTF-8', '', '请开发票。', ''].join('\r\n'));
    const subjects = async () => (await server.kernel.services.tickets.listTickets(workspace.admin.actor, { view: 'all', limit: 20 })).items.map((ticket) => ticket.subject);
    await expect.poll(subjects, { timeout: 15_000 }).toContain('发票请求');
    await page.reload();
    await card.getByText('Read', { exact: false }).first().waitFor();

    // Editing tests with the stored password, which is never sent back to the page.
    await card.getByRole('button', { name: `Edit IMAP mailbox ${imapServer.user}` }).click();
    const editor = page.getByRole('dialog', { name: `Edit IMAP mailbox ${imapServer.user}` });
    await editor.getByText('A password is stored and never shown.', { exact: false }).waitFor();
    expect(await editor.getByLabel('Password').inputValue()).toBe('');
    await editor.getByRole('button', { name: 'Test connection' }).click();
    await editor.getByText('Connected. The folder holds', { exact: false }).waitFor();
    await editor.getByLabel('Folder').fill('Support');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await imap.listImapAccounts(workspace.admin.actor))[0]?.folder).toBe('Support');
    expect((await imap.listImapAccounts(workspace.admin.actor))[0]?.hasPassword).toBe(true);
    expect(await page.content()).not.toContain(imapServer.password);

    await card.getByRole('switch', { name: `Read mail of ${imapServer.user}` }).click();
    await expect.poll(async () => (await imap.listImapAccounts(workspace.admin.actor))[0]?.isActive).toBe(false);
    await card.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'OK' }).click();
    await card.getByText('No mailbox is read over IMAP.').waitFor();
    expect(await imap.listImapAccounts(workspace.admin.actor)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('turns customer notices off and sets the SMS gateway, its key never shown again', async () => {
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'email-admin-notices');
    const problems = watchForErrors(page);
    await signIn(page, workspace.admin.email, workspace.admin.password);
    await page.goto('/admin/email');
    const notices = page.getByTestId('notice-settings');
    const acknowledge = notices.getByRole('switch', { name: 'Acknowledge new requests' });
    await expect.poll(() => acknowledge.getAttribute('aria-checked')).toBe('true');
    await acknowledge.click();
    await notices.getByRole('switch', { name: 'Also send notices by SMS' }).click();
    const settings = () => server.kernel.services.channels.notices.getSettings(workspace.admin.actor);
    await expect.poll(async () => (await settings()).acknowledgeNew).toBe(false);
    await expect.poll(async () => (await settings()).smsNotices).toBe(true);
    expect((await settings()).notifySolved).toBe(true);

    const gateway = page.getByTestId('sms-gateway');
    // A bad address: the API's own field message under the field, nothing stored.
    await gateway.getByLabel('Gateway URL').fill('ftp://sms.example.com');
    await gateway.getByRole('button', { name: 'Save' }).click();
    await gateway.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await server.kernel.services.channels.sms.getGateway(workspace.admin.actor)).toBeNull();

    await gateway.getByLabel('Gateway URL').fill('https://sms.example.com/send');
    await gateway.getByLabel('API key').fill('sms-k3y-secret');
    await gateway.getByLabel('Sender name').fill('【ACME】');
    await gateway.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await server.kernel.services.channels.sms.getGateway(workspace.admin.actor))?.hasApiKey).toBe(true);
    await page.reload();
    await expect.poll(() => gateway.getByLabel('Gateway URL').inputValue()).toBe('https://sms.example.com/send');
    await gateway.getByText('A key is stored and never shown.', { exact: false }).waitFor();
    expect(await page.content()).not.toContain('sms-k3y-secret');
    await expect.poll(() => notices.getByRole('switch', { name: 'Acknowledge new requests' }).getAttribute('aria-checked')).toBe('false');
    await screenshot(page, 'admin-email-notices-en');

    await gateway.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => server.kernel.services.channels.sms.getGateway(workspace.admin.actor)).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });
});
