// The colours charts are drawn with, read from the page's CSS custom properties (which follow
// VS Code's theme variables, or the browser's light/dark preference in an exported file), and
// a watch that redraws when the theme changes (VS Code swaps the body's theme class).
export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  good: string;
  bad: string;
  target: string;
  /** Line and bar colours: the first is the whole population's. */
  series: string[];
  /** The confidence band: the first series colour, translucent. */
  band: string;
  font: string;
}

/** `rgba(r, g, b, alpha)` of any CSS colour, resolved by the browser (a probe element, CSSOM only). */
function translucent(colour: string, alpha: number, fallback: string): string {
  const probe = document.createElement('span');
  probe.style.color = colour;
  probe.style.display = 'none';
  document.body.appendChild(probe);
  const rgb = getComputedStyle(probe).color;
  probe.remove();
  const m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  return m ? `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${alpha})` : fallback;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const series = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => cssVar(style, `--kl-series-${i}`, '#3884f4'));
  return {
    fg: cssVar(style, '--kl-fg', '#1f2328'),
    muted: cssVar(style, '--kl-muted', '#59636e'),
    grid: cssVar(style, '--kl-grid', 'rgba(128,128,128,0.25)'),
    good: cssVar(style, '--kl-good', '#1a7f37'),
    bad: cssVar(style, '--kl-bad', '#cf222e'),
    target: cssVar(style, '--kl-target', '#9a6700'),
    series,
    band: translucent(series[0], 0.18, 'rgba(56, 132, 244, 0.18)'),
    font: cssVar(style, 'font-family', 'system-ui, sans-serif'),
  };
}

/** Calls `redraw` when VS Code changes theme (body class) or the browser's colour scheme changes. */
export function watchTheme(redraw: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    redraw();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redraw);
}
