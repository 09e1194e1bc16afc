// What a KPI file is called: `*.kpi.yaml` or `*.kpi.yml` (DSL.md, contract).

export const KPI_FILE_PATTERN = /\.kpi\.ya?ml$/i;

export function isKpiFileName(file: string): boolean {
  return KPI_FILE_PATTERN.test(file);
}
