import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'en' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
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
    await page.getByLabel('Sender name').fill('ACME');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await server.kernel.services.channels.email.getSettings(workspace.admin.actor)).fromName).toBe('ACME');
    await page.reload();
    await expect.poll(() => page.getByLabel('SMTP relay').inputValue()).toBe('smtp://desk:********@smtp.example.com:587');
    expect(await page.content()).not.toContain('s3cret');
    await screenshot(page, 'admin-email-en');
    expect(problems).toEqual([]);
    await context.close();
  });
});
