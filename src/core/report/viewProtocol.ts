// The typed messages between the extension (host) and the report webview, and the state the
// webview persists (vscode.setState / the panel serializer). Pure types and guards: the
// extension, the webview bundle and the tests import them; nothing here touches the DOM or
// VS Code. Every message crossing the boundary is checked with these guards on arrival.
import type { SpecDiff } from '../diff/specDiff';
import type { RunResult } from './resultModel';
import { activeBundle, displayLocale, isEnglish } from '../l10n/l10n';
import type { L10nBundle } from '../l10n/l10n';
import type { ReportViewState } from './dashboard/viewState';
import { sanitizeViewState } from './dashboard/viewState';

/** The webview panel's type (package.json `onWebviewPanel:` and the serializer use it). */
export const REPORT_VIEW_TYPE = 'kpilens.report';

/** The element the view renders into, the static report it hides (exported page) and the JSON data island it reads (exported page). */
export const APP_ELEMENT_ID = 'kpilens-app';
export const STATIC_ELEMENT_ID = 'kpilens-static';
export const DATA_ISLAND_ID = 'kpilens-report';

/** What the view shows: a run's result and where it comes from. */
export interface ReportPayload {
  /** The KPI file, as the user reads it (workspace-relative path). */
  file: string;
  /** The KPI file's URI (text), which the view keeps in its saved state so a reload can restore the panel; absent in an export. */
  uri?: string;
  result: RunResult;
  /** The file's score segments (`score:`): their bars link to `KPI Lens: List customers`; absent in an export. */
  scoreSegments?: string[];
  /** The date the listed customers are scored at (the predictive clv's fit, its latest period end): shown with the links. */
  customersAt?: string;
  /** An exported page not in English: the display locale (`fr`) and the translations the view shows its labels in. */
  locale?: string;
  l10n?: L10nBundle;
}

/** The view's language: what the host sends first, and what an exported page carries (nothing in English). */
export interface ViewLocale {
  locale?: string;
  l10n?: L10nBundle;
}

/** The display locale and translations of this process, for the view; `{}` in English. */
export function viewLocale(): ViewLocale {
  const bundle = activeBundle();
  return isEnglish() || bundle === undefined ? {} : { locale: displayLocale(), l10n: bundle };
}

/** Host → webview. */
export type HostMessage =
  /** The first message: the display locale and its translations (none in English). */
  | { type: 'locale'; locale: string; l10n?: L10nBundle }
  | { type: 'report'; payload: ReportPayload }
  | { type: 'running'; running: boolean }
  | { type: 'failed'; message: string }
  /** "Compare with…": the file against its version at a git ref, shown above the cards. */
  | { type: 'comparison'; diff: SpecDiff };

/**
 * Webview → host. `rendered` tells how many KPI cards are on screen and how many before → after
 * lines the comparison shows (null without one); the host keeps it, tests wait for it.
 */
export type ViewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; kpi: string }
  | { type: 'run' }
  /** A score segment's value clicked: list its customers (the host runs `kpilens.listCustomers`). */
  | { type: 'listCustomers'; segment: string; value: string }
  | { type: 'rendered'; cards: number; asOf: string; comparison: number | null };

/** The state saved by the webview: its filters and scroll, and the KPI file it shows (for the serializer). */
export interface PersistedViewState extends ReportViewState {
  /** The KPI file's URI (text), so a restored panel knows what to show. */
  uri?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A locale tag as BCP 47 writes it (`fr`, `fr-FR`, `en`), short. */
function isLocaleTag(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 35 && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(value);
}

/** A translation bundle: text → text (or `{ message, comment }` as VS Code's bundles allow). */
function isBundle(value: unknown): value is L10nBundle {
  return (
    isRecord(value) &&
    Object.values(value).every((v) => typeof v === 'string' || (isRecord(v) && typeof v.message === 'string'))
  );
}

/** A message from the webview, or undefined when it is not one of ViewMessage's shapes. */
export function parseViewMessage(value: unknown): ViewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
    case 'run':
      return { type: value.type };
    case 'reveal':
      return typeof value.kpi === 'string' && value.kpi.length > 0 && value.kpi.length <= 200
        ? { type: 'reveal', kpi: value.kpi }
        : undefined;
    case 'listCustomers': {
      const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
      return text(value.segment) && text(value.value)
        ? { type: 'listCustomers', segment: value.segment, value: value.value }
        : undefined;
    }
    case 'rendered': {
      const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
      if (
        !count(value.cards) ||
        typeof value.asOf !== 'string' ||
        !(value.comparison === null || count(value.comparison))
      )
        return undefined;
      return { type: 'rendered', cards: value.cards, asOf: value.asOf, comparison: value.comparison };
    }
    default:
      return undefined;
  }
}

/** A message from the host, or undefined when it is not one of HostMessage's shapes (shallow: the host is trusted code). */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'report': {
      const payload = value.payload;
      if (!isRecord(payload) || typeof payload.file !== 'string' || !isRecord(payload.result)) return undefined;
      const result = payload.result;
      if (typeof result.as_of !== 'string' || !Array.isArray(result.kpis) || !Array.isArray(result.diagnostics))
        return undefined;
      if (payload.uri !== undefined && typeof payload.uri !== 'string') return undefined;
      if (
        (payload.locale !== undefined && !isLocaleTag(payload.locale)) ||
        (payload.l10n !== undefined && !isBundle(payload.l10n))
      )
        return undefined;
      return { type: 'report', payload: payload as unknown as ReportPayload };
    }
    case 'locale':
      if (!isLocaleTag(value.locale) || (value.l10n !== undefined && !isBundle(value.l10n))) return undefined;
      return value.l10n === undefined
        ? { type: 'locale', locale: value.locale }
        : { type: 'locale', locale: value.locale, l10n: value.l10n };
    case 'running':
      return typeof value.running === 'boolean' ? { type: 'running', running: value.running } : undefined;
    case 'failed':
      return typeof value.message === 'string' ? { type: 'failed', message: value.message } : undefined;
    case 'comparison': {
      const diff = value.diff;
      if (
        !isRecord(diff) ||
        typeof diff.file !== 'string' ||
        !Array.isArray(diff.kpis) ||
        !Array.isArray(diff.definitions) ||
        !isRecord(diff.base) ||
        !isRecord(diff.head)
      )
        return undefined;
      return { type: 'comparison', diff: diff as unknown as SpecDiff };
    }
    default:
      return undefined;
  }
}

/** A saved state read back (from the webview or the serializer), with every field checked. */
export function parsePersistedState(value: unknown): PersistedViewState {
  const state: PersistedViewState = sanitizeViewState(value);
  if (isRecord(value) && typeof value.uri === 'string' && value.uri.length <= 4096) state.uri = value.uri;
  return state;
}
