// The product version, shown by `kpilens --version` and stamped on reports.
export const VERSION = '0.1.0';
