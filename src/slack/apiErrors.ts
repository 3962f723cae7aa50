import type { webApi } from '@slack/bolt';

/**
 * Told of each failed Slack Web API call: the method and Slack's error (or `http_<status>`,
 * `request_failed`); for `ratelimited` (HTTP 429), Slack's `Retry-After` in seconds too.
 */
export type SlackApiErrorObserver = (method: string, error: string, retryAfterS?: number) => void;

export const SLACK_API_URL = 'https://slack.com/api/';

/**
 * A `fetch` for the Web API client that reports failures to `observe` (the metrics) and
 * changes nothing else: every call of every client built with it, whichever listener made it.
 * An `ok: false` answer is read from a copy of the body (Slack's answers are small).
 * Bolt also posts `respond()` to response_urls with this fetch: those pass straight through,
 * as they are not Web API methods and copying their answer would slow down every reply.
 */
export function observingFetch(
  observe: SlackApiErrorObserver,
  apiUrl: string = SLACK_API_URL,
  base: typeof fetch = globalThis.fetch,
): webApi.FetchFunction {
  return async (url, init) => {
    if (!String(url).startsWith(apiUrl)) return base(url, init as RequestInit);
    const method = new URL(String(url)).pathname.split('/').pop() || 'unknown';
    const report = (error: string, retryAfterS?: number) => {
      try {
        observe(method, error, retryAfterS);
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
    if (response.status === 429) report('ratelimited', retryAfterOf(response));
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

/** Slack's `Retry-After` (whole seconds) of a 429; undefined when it did not say. */
export function retryAfterOf(response: { headers: { get(name: string): string | null } }): number | undefined {
  const seconds = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/**
 * A person waits on this call: a 429 whose `Retry-After` is short is tried once more after it
 * (a second of waiting is better than a refusal); a longer one is answered as it is, and the
 * person is told so at once, never kept waiting behind a limit. Only the Web API's methods.
 */
export function retryingShortLimits(
  base: webApi.FetchFunction,
  apiUrl: string = SLACK_API_URL,
  longestWaitS = SHORT_RETRY_AFTER_S,
): webApi.FetchFunction {
  return async (url, init) => {
    const response = await base(url, init);
    if (response.status !== 429 || !String(url).startsWith(apiUrl)) return response;
    const retryAfterS = retryAfterOf(response);
    if (retryAfterS === undefined || retryAfterS > longestWaitS) return response;
    // The refusal's small body is read and dropped, so that its connection is free again.
    await response.text().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, Math.max(retryAfterS, 0.25) * 1000));
    return base(url, init);
  };
}

/** The longest Retry-After a person's call waits out once (seconds). */
export const SHORT_RETRY_AFTER_S = 2;
