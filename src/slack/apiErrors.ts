import type { webApi } from '@slack/bolt';

/** Told of each failed Slack Web API call: the method and Slack's error (or `http_<status>`, `request_failed`). */
export type SlackApiErrorObserver = (method: string, error: string) => void;

export const SLACK_API_URL = 'https://slack.com/api/';

/**
 * A `fetch` for the Web API client that reports failures to `observe` (the metrics) and
 * changes nothing else: every call of every client built with it, whichever listener made it.
 * An `ok: false` answer is read from a copy of the body (Slack's answers are small).
 * Bolt also posts `respond()` to response_urls with this fetch: those pass straight through,
 * as they are not Web API methods and copying their answer would slow down every reply.
 */
export function observingFetch(observe: SlackApiErrorObserver, apiUrl: string = SLACK_API_URL, base: typeof fetch = globalThis.fetch): webApi.FetchFunction {
  return async (url, init) => {
    if (!String(url).startsWith(apiUrl)) return base(url, init as RequestInit);
    const method = new URL(String(url)).pathname.split('/').pop() || 'unknown';
    const report = (error: string) => {
      try {
        observe(method, error);
      } catch {
        // Metrics never break a call to Slack.
      }
    };
    let response: Response;
    try {
      response = await base(url, init as RequestInit);
    } catch (error) {
      report('request_failed');
      throw error;
    }
    if (response.status === 429) report('ratelimited');
    else if (response.status !== 200) report(`http_${response.status}`);
    else if (response.headers.get('content-type')?.includes('json')) {
      try {
        const answer = (await response.clone().json()) as { ok?: unknown; error?: unknown } | null;
        if (answer?.ok === false) report(typeof answer.error === 'string' ? answer.error : 'unknown_error');
      } catch {
        // Unreadable: the client says so to its caller.
      }
    }
    return response;
  };
}
