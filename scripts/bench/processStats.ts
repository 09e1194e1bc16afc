// Runs a command as a child process and measures its wall time, the peak resident memory
// (VmHWM, Linux /proc) of it and of its own children (the DuckDB engine child) and their CPU
// time (user + system), sampled every 20 ms: VmHWM is the kernel's high-water mark, so a
// sample taken any time after the peak sees it; only growth, and CPU time, in the last
// < 20 ms of a process's life can be missed.
import { spawn } from 'child_process';
import * as fs from 'fs';
import { performance } from 'perf_hooks';

export interface ProcessRun {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak RSS of the process itself, bytes (0 when /proc is not available). */
  mainPeakBytes: number;
  /** Largest peak RSS among its children, bytes. */
  childPeakBytes: number;
  /** CPU time (user + system) of the process and its children, ms (0 without /proc). */
  cpuMs: number;
}

/** VmHWM of a process in bytes, or 0. */
export function peakRssOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc), or 0. */
export function cpuMsOf(pid: number): number {
  try {
    // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name) are utime and stime in clock ticks (100 a second on Linux).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function runMeasured(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const proc = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let mainPeak = 0;
    let mainCpu = 0;
    const childPeaks = new Map<number, number>();
    const childCpu = new Map<number, number>();
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const sample = (): void => {
      if (proc.pid === undefined) return;
      mainPeak = Math.max(mainPeak, peakRssOf(proc.pid));
      mainCpu = Math.max(mainCpu, cpuMsOf(proc.pid));
      for (const c of childrenOf(proc.pid)) {
        childPeaks.set(c, Math.max(childPeaks.get(c) ?? 0, peakRssOf(c)));
        childCpu.set(c, Math.max(childCpu.get(c) ?? 0, cpuMsOf(c)));
      }
    };
    const timer = setInterval(sample, 20);
    proc.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    proc.on('close', (code) => {
      clearInterval(timer);
      const cpuMs = mainCpu + [...childCpu.values()].reduce((a, b) => a + b, 0);
      resolve({
        ms: performance.now() - t0,
        code,
        stdout,
        stderr,
        mainPeakBytes: mainPeak,
        childPeakBytes: Math.max(0, ...childPeaks.values()),
        cpuMs,
      });
    });
  });
}
