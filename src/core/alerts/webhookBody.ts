// The JSON body `kpilens alert` posts to a chat webhook, from the same sections as the
// markdown summary (alertText.ts). Slack: an incoming webhook's `text` (the fallback shown in
// notifications) and Block Kit `blocks` (a header, one mrkdwn section per file, each under
// Slack's 3,000-character limit). Teams: a message with one Adaptive Card (version 1.4, as
// Workflows' "post to a channel when a webhook request is received" expects).
import type { FileAlerts } from './alerts';
import { alertTitle, escapeMarkdown, fileSections } from './alertText';

export const WEBHOOK_FORMATS = ['slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Slack's limit on a section's text. */
const SLACK_SECTION_CHARS = 3000;

/** Slack's mrkdwn escapes only &, < and >. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function webhookBody(files: readonly FileAlerts[], format: WebhookFormat): unknown {
  const title = alertTitle(files);
  if (format === 'slack') {
    const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: bounded(title, 150) } }];
    for (const f of files) {
      const s = fileSections(f);
      const parts = [`*${slackEscape(s.heading)}*`];
      if (s.note) parts.push(slackEscape(s.note));
      for (const section of s.sections)
        parts.push(`*${slackEscape(section.title)}*`, ...section.lines.map((l) => `• ${slackEscape(l)}`));
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: bounded(parts.join('\n'), SLACK_SECTION_CHARS) } });
    }
    return { text: title, blocks };
  }
  const body: unknown[] = [
    { type: 'TextBlock', size: 'Large', weight: 'Bolder', text: escapeMarkdown(title), wrap: true },
  ];
  for (const f of files) {
    const s = fileSections(f);
    body.push({ type: 'TextBlock', weight: 'Bolder', text: escapeMarkdown(s.heading), wrap: true, spacing: 'Medium' });
    if (s.note) body.push({ type: 'TextBlock', text: escapeMarkdown(s.note), wrap: true });
    for (const section of s.sections) {
      body.push({ type: 'TextBlock', weight: 'Bolder', text: escapeMarkdown(section.title), wrap: true });
      body.push({ type: 'TextBlock', text: section.lines.map((l) => `- ${escapeMarkdown(l)}`).join('\n'), wrap: true });
    }
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
        },
      },
    ],
  };
}
