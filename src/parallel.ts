/**
 * Auditing many local files offline on every core: this thread and worker threads running this
 * same bundle take the files in small chunks from one shared counter (whoever is free takes
 * the next chunk, so a worker still starting up costs nothing), each parses and audits its
 * chunks, and the parts are put back in the original order, so the report is the same as a
 * sequential run's.
 */
import { availableParallelism } from 'node:os'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import type { Finding } from './audits/finding.js'
import type { EngineOptions, FileReport, Skipped } from './engine.js'

/** Below this many files a single thread is faster than starting workers. */
export const PARALLEL_MIN_FILES = 200

/** Files taken at a time from the shared counter: small enough to even out the end. */
export const CHUNK = 16

export interface Part {
  file: FileReport
  findings: Finding[]
  skipped: Skipped[]
}

export interface WorkerJob {
  kind: 'release-gate-audit'
  /** Every file of the run; each thread audits the chunks it claims. */
  files: string[]
  /** One Int32: the index of the next file no thread has claimed yet. */
  counter: SharedArrayBuffer
  requireLock: boolean
  offlineReason: string
  opts: EngineOptions
}

/** Each part with the file-level "not checked" entries its file produced, so they merge in file order. */
export type WorkerReply = { ok: true; parts: Array<{ index: number; part: Part; fileSkipped: Skipped[] }> } | { ok: false; error: string; usage: boolean; index: number }

/** The next unclaimed chunk of files, `[start, end)`, or undefined when all are taken. */
export type Claim = () => [number, number] | undefined

export function claimer(job: Pick<WorkerJob, 'files' | 'counter'>): Claim {
  const c = new Int32Array(job.counter)
  const total = job.files.length
  return () => {
    const start = Atomics.add(c, 0, CHUNK)
    return start < total ? [start, Math.min(total, start + CHUNK)] : undefined
  }
}

/**
 * Threads for a run of `files` files, this one included. From 2 cores this thread and one
 * worker per further core share the files; `RELEASE_GATE_WORKERS` sets the number of threads.
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  if (files < PARALLEL_MIN_FILES) return 1
  const asked = Number(env.RELEASE_GATE_WORKERS ?? '')
  if (Number.isInteger(asked) && asked > 0) return Math.min(asked, 8)
  return Math.min(availableParallelism(), 8)
}

/**
 * Audit `job.files` on `n` threads: `n - 1` workers started from `entry` (the bundle's own
 * URL) and this thread, which runs `here` with the same claim on the shared counter.
 */
export async function auditInParallel(
  entry: URL,
  n: number,
  job: Omit<WorkerJob, 'kind' | 'counter'>,
  here: (job: WorkerJob, claim: Claim) => Promise<WorkerReply>,
): Promise<{ parts: Part[]; skipped: Skipped[] }> {
  const full: WorkerJob = { kind: 'release-gate-audit', counter: new SharedArrayBuffer(4), ...job }
  const workers = Array.from(
    { length: n - 1 },
    () =>
      new Promise<WorkerReply>((resolve, reject) => {
        const w = new Worker(entry, { execArgv: [], workerData: full })
        w.once('message', resolve)
        w.once('error', reject)
        w.once('exit', (code) => code !== 0 && reject(new Error(`a worker exited with ${code}`)))
      }),
  )
  // a worker that fails before it replies must not leave the others' rejections unhandled
  const settled = Promise.allSettled(workers)
  const mine = await here(full, claimer(full))
  const others = await settled
  const replies: WorkerReply[] = [mine]
  for (const r of others) {
    if (r.status === 'rejected') throw r.reason
    replies.push(r.value)
  }
  // the first file in order that stopped the run, as a sequential run would have stopped there
  const failed = replies.filter((r) => !r.ok).sort((a, b) => a.index - b.index)[0]
  if (failed) throw Object.assign(new Error(failed.error), { usage: failed.usage })
  const parts: Array<{ index: number; part: Part; fileSkipped: Skipped[] }> = []
  for (const reply of replies) if (reply.ok) parts.push(...reply.parts)
  parts.sort((a, b) => a.index - b.index)
  return { parts: parts.map((p) => p.part), skipped: parts.flatMap((p) => p.fileSkipped) }
}

/** In a worker: audit the chunks it claims and post the parts back. */
export async function workerMain(audit: (job: WorkerJob, claim: Claim) => Promise<WorkerReply>): Promise<boolean> {
  if (isMainThread || !workerData || (workerData as WorkerJob).kind !== 'release-gate-audit') return false
  const job = workerData as WorkerJob
  parentPort!.postMessage(await audit(job, claimer(job)))
  return true
}
