/**
 * Auditing many local files offline on every core: the files are split among worker threads
 * that run this same bundle, each parses and audits its share, and the parts come back in the
 * original order, so the report is the same as a sequential run's.
 */
import { availableParallelism } from 'node:os'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import type { Finding } from './audits/finding.js'
import type { EngineOptions, FileReport, Skipped } from './engine.js'

/** Below this many files a single thread is faster than starting workers. */
export const PARALLEL_MIN_FILES = 200

export interface Part {
  file: FileReport
  findings: Finding[]
  skipped: Skipped[]
}

export interface WorkerJob {
  kind: 'release-gate-audit'
  files: string[]
  requireLock: boolean
  offlineReason: string
  opts: EngineOptions
}

/** Each part with the file-level "not checked" entries its file produced, so they merge in file order. */
export type WorkerReply = { ok: true; parts: Array<{ index: number; part: Part; fileSkipped: Skipped[] }> } | { ok: false; error: string; usage: boolean }

/**
 * Workers pay off only with cores to spare: on 2 cores V8's own GC and compiler threads already
 * use the second one (bench: 528 workflows/s on one thread, 516/s with two workers). So they
 * start by themselves from 4 cores; `RELEASE_GATE_WORKERS` sets the number.
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  if (files < PARALLEL_MIN_FILES) return 1
  const asked = Number(env.RELEASE_GATE_WORKERS ?? '')
  if (Number.isInteger(asked) && asked > 0) return Math.min(asked, 8)
  const cores = availableParallelism()
  return cores >= 4 ? Math.min(cores, 8) : 1
}

/** Run `files` in `n` workers started from `entry` (the bundle's own URL). */
export async function auditInWorkers(entry: URL, files: string[], n: number, job: Omit<WorkerJob, 'kind' | 'files'>): Promise<{ parts: Part[]; skipped: Skipped[] }> {
  const chunks: Array<Array<{ index: number; file: string }>> = Array.from({ length: n }, () => [])
  files.forEach((file, index) => chunks[index % n].push({ index, file }))
  const replies = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<{ reply: WorkerReply; indices: number[] }>((resolve, reject) => {
          const w = new Worker(entry, { execArgv: [], workerData: { kind: 'release-gate-audit', files: chunk.map((c) => c.file), ...job } satisfies WorkerJob })
          w.once('message', (reply: WorkerReply) => resolve({ reply, indices: chunk.map((c) => c.index) }))
          w.once('error', reject)
          w.once('exit', (code) => code !== 0 && reject(new Error(`a worker exited with ${code}`)))
        }),
    ),
  )
  const parts: Array<{ index: number; part: Part; fileSkipped: Skipped[] }> = []
  for (const { reply, indices } of replies) {
    if (!reply.ok) throw Object.assign(new Error(reply.error), { usage: reply.usage })
    for (const p of reply.parts) parts.push({ ...p, index: indices[p.index] })
  }
  parts.sort((a, b) => a.index - b.index)
  return { parts: parts.map((p) => p.part), skipped: parts.flatMap((p) => p.fileSkipped) }
}

/** In a worker: audit the files handed over and post the parts back. */
export async function workerMain(audit: (job: WorkerJob) => Promise<WorkerReply>): Promise<boolean> {
  if (isMainThread || !workerData || (workerData as WorkerJob).kind !== 'release-gate-audit') return false
  parentPort!.postMessage(await audit(workerData as WorkerJob))
  return true
}
