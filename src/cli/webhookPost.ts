// The one HTTP call of the CLI: `kpilens alert --post` sends its JSON body to a chat webhook.
// Node's fetch, bounded (10 s, no redirect followed: a webhook that redirects is refused),
// the answer's status only (its body is not read beyond 4 KB for the error message).

/** How long the POST may take. */
const TIMEOUT_MS = 10_000;

export interface WebhookResult {
  ok: boolean;
  status?: number;
  error?: string;
}

export async function postWebhook(url: string, body: unknown, timeoutMs = TIMEOUT_MS): Promise<WebhookResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) {
      await response.body?.cancel();
      return { ok: true, status: response.status };
    }
    const text = (await response.text()).slice(0, 4096).trim();
    return {
      ok: false,
      status: response.status,
      error: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
    };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { ok: false, error: `${err instanceof Error ? err.message : String(err)}${cause}` };
  }
}
