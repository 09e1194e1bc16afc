// esbuild bundles the stylesheet imported by main.ts into dist/webview/webview.css.
declare module '*.css';
