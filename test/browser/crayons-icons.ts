/**
 * Crayons' components draw their icons (fw-toast's success/error marks, fw-modal's close) from
 * jsDelivr's `@freshworks/crayons-icon@next`, a package not installed here, so the harness cannot
 * answer it from node_modules. The sidebar tests answer those URLs with one plain placeholder SVG:
 * the icons' look is not under test, and without an answer the components log errors.
 */
import type { Page } from 'playwright-core';

export const CRAYONS_ICON_CDN = 'https://cdn.jsdelivr.net/npm/@freshworks/crayons-icon@next/';
const PLACEHOLDER = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6" fill="currentColor"/></svg>';

export async function answerCrayonsIcons(page: Page): Promise<void> {
  await page.route(`${CRAYONS_ICON_CDN}**`, (route) => route.fulfill({ status: 200, body: PLACEHOLDER, contentType: 'image/svg+xml' }));
}
