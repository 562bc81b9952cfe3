/**
 * "Fetch models" in the provider form, against the fault server's `GET /models` as each test scripts
 * it: the ids it lists, an error status, a slow answer. Each test has its own fault server, so what
 * one test scripts reaches no other.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const providerForm = async (page: Page) => {
  await page.getByTestId('open-settings').click();
  await page.getByTestId('provider-edit').first().click();
  const form = page.getByTestId('provider-form');
  await expect(form).toBeVisible();
  return form;
};

const modelRequests = (app: { server: { requests: Array<{ path: string }> } }) =>
  app.server.requests.filter((request) => request.path.endsWith('/models'));

test('lists the models the provider names; picking one fills the default model', async ({
  app,
}) => {
  app.server.setModels({ models: ['river-large', 'river-small', 'delta-mini'] });
  await app.open();
  const form = await providerForm(app.page);
  await form.getByTestId('provider-fetch-models').click();
  await expect(form.getByTestId('provider-models-note')).toHaveText('3 models found.');
  await form.getByTestId('provider-model-select').selectOption('river-small');
  await expect(form.getByTestId('provider-default-model')).toHaveValue('river-small');
  expect(modelRequests(app)).toHaveLength(1);
});

test('a provider that refuses the list says so, and the model can still be typed', async ({
  app,
}) => {
  app.server.setModels({ status: 503 });
  await app.open();
  const form = await providerForm(app.page);
  await form.getByTestId('provider-fetch-models').click();
  await expect(form.getByTestId('provider-models-error')).toContainText('503');
  await form.getByTestId('provider-default-model').fill('typed-by-hand');
  await expect(form.getByTestId('provider-default-model')).toHaveValue('typed-by-hand');
});

test('a slow list shows that it is being fetched, then the models', async ({ app }) => {
  app.server.setModels({ models: ['slow-model', 'slower-model'], delayMs: 1_500 });
  await app.open();
  const form = await providerForm(app.page);
  const fetchButton = form.getByTestId('provider-fetch-models');
  await fetchButton.click();
  await expect(fetchButton).toHaveText('Fetching…');
  await expect(fetchButton).toBeDisabled();
  await expect(form.getByTestId('provider-models-note')).toHaveText('2 models found.');
  await expect(fetchButton).toHaveText('Fetch models');
});
