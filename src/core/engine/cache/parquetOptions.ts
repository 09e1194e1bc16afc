// How the columnar cache writes its Parquet copies. A column keeps a dictionary while it has
// at most 10 000 distinct values per row group (a channel, a status, a date) and is written
// plainly beyond (an order id, a customer id): DuckDB's default limit is far higher, so it
// builds dictionaries for unique ids and throws them away — about a fifth of the copy's CPU
// time at 10M rows (issue 21). Pages are written in Parquet's version 2 (its delta encodings
// for dates, decimals and the lengths of texts) and left uncompressed: measured on the
// benchmark's 10M purchases (15 alternating fresh copies), 0.5 s less CPU than version 1 with
// LZ4 pages (median of the pairs, less in 13 of 15), scans of the copy as quick (1.33 against
// 1.32 s CPU), 115 MB against 104 MB. Only KPI Lens reads the copy, with the DuckDB that wrote
// it. The values are the same either way.
// The copy need not keep the file's row order (PRESERVE_ORDER false): the threads write their
// rows as they come, about 20 % less time for the whole copy at 10M rows (issue 21). Nothing
// reads the copy in row order — lines of bad values come from the text itself (csvRejects.ts,
// csvValueExamples.ts) and the queries aggregate, their ties broken by value (dialect.ts) — so
// no number depends on it.
export const PARQUET_OPTIONS =
  '(FORMAT parquet, DICTIONARY_SIZE_LIMIT 10000, COMPRESSION uncompressed, PARQUET_VERSION V2, PRESERVE_ORDER false)';

/** The same, the copy answering with what its writer counted (copyStats.ts). */
export const PARQUET_STATS_OPTIONS = PARQUET_OPTIONS.replace(/\)$/, ', RETURN_STATS)');
