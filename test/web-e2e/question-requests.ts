/** What the fault server was asked, as the attachment and vision specs check it. */
import type { AppUnderTest } from './fixtures';

/** The questions the provider was asked, in order: chat requests but the title requests. */
export const questionRequests = (app: AppUnderTest) =>
  app.server.requests.filter((r) => {
    if (!r.path.endsWith('/chat/completions')) return false;
    const first = r.body?.messages?.[0]?.content;
    return !(typeof first === 'string' && first.startsWith('Write a short title'));
  });
