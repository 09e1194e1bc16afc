// The environment a DuckDB child is forked with (spareWorker.ts forkWorker): the parent's, plus
// what the child needs to run as plain Node inside VS Code (ELECTRON_RUN_AS_NODE), its
// configuration (WORKER_CONFIG_ENV), and how DuckDB's allocator keeps the memory it frees.
//
// DuckDB allocates through its own jemalloc on Linux, set to hand pages it no longer uses back to
// the system after about a second. A run reads a CSV in buffers it frees and takes again many
// times a second, so each buffer came back as fresh pages, paid in page faults: on this project's
// benchmark (10M purchases, 2 cores), 2.3 of the cold run's 11.2 s of CPU were the kernel's.
// Pages freed are kept 30 s instead (jemalloc's dirty and muzzy decay): measured in one run of
// alternating cold `kpilens run`s, 5.08 s instead of 6.09 s (medians of 4), kernel CPU 1.36
// instead of 2.29 s, peak memory 450–500 MB instead of 390–430 MB. jemalloc's background thread
// hands them back once the child is idle (without it, an editor's child idle after a run kept
// them until its next query: 224 MB against 145 MB after the 10M copy, 45 s later; with it
// 176 MB after 5 s), at no measurable cost to a run. A value the user set for
// DUCKDB_JE_MALLOC_CONF is kept as is. Elsewhere (macOS, Windows) DuckDB does not read the
// variable: nothing changes.
import { WORKER_CONFIG_ENV } from './engineProtocol';

/** The variable DuckDB's jemalloc reads its options from (jemalloc's MALLOC_CONF under DuckDB's prefix). */
export const DUCKDB_ALLOCATOR_ENV = 'DUCKDB_JE_MALLOC_CONF';

/** How long freed pages are kept, and who hands them back to the system (see above). */
export const DUCKDB_ALLOCATOR_OPTIONS = 'dirty_decay_ms:30000,muzzy_decay_ms:30000,background_thread:true';

/** The environment of a DuckDB child forked from a process with `parent`'s environment. */
export function workerEnvironment(parent: NodeJS.ProcessEnv, config: string): NodeJS.ProcessEnv {
  return {
    ...parent,
    [DUCKDB_ALLOCATOR_ENV]: parent[DUCKDB_ALLOCATOR_ENV] ?? DUCKDB_ALLOCATOR_OPTIONS,
    ELECTRON_RUN_AS_NODE: '1',
    [WORKER_CONFIG_ENV]: config,
  };
}
