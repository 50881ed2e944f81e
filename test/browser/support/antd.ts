import type { Page } from 'playwright-core';

/** Opens an antd Select by its input id and picks the option with this visible title. */
export async function pickOption(page: Page, inputId: string, title: string): Promise<void> {
  await page.locator(`#${inputId}`).click();
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${title}"]`).click();
}

/** Types a date into an antd DatePicker and confirms it. */
export async function typeDate(page: Page, inputId: string, date: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}
