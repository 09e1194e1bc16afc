// How the columnar cache writes its Parquet copies. A column keeps a dictionary while it has
// at most 10 000 distinct values per row group (a channel, a status, a date) and is written
// plainly beyond (an order id, a customer id): DuckDB's default limit is far higher, so it
// builds dictionaries for unique ids and throws them away — about a fifth of the copy's CPU
// time at 10M rows (issue 21). Pages are compressed with LZ4 (raw): as quick to write as
// DuckDB's default Snappy, 3 % smaller, and about 8 % less CPU to read back on the benchmark's
// 10M purchases (every warm run reads the copy). The values are the same either way.
// The copy need not keep the file's row order (PRESERVE_ORDER false): the threads write their
// rows as they come, about 20 % less time for the whole copy at 10M rows (issue 21). Nothing
// reads the copy in row order — lines of bad values come from the text itself (csvRejects.ts,
// csvValueExamples.ts) and the queries aggregate, their ties broken by value (dialect.ts) — so
// no number depends on it.
export const PARQUET_OPTIONS =
  '(FORMAT parquet, DICTIONARY_SIZE_LIMIT 10000, COMPRESSION lz4_raw, PRESERVE_ORDER false)';

/** The same, the copy answering with what its writer counted (copyStats.ts). */
export const PARQUET_STATS_OPTIONS = PARQUET_OPTIONS.replace(/\)$/, ', RETURN_STATS)');
