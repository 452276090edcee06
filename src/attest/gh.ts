/**
 * Running `gh`: its version, and `gh attestation verify` with the flags that make the
 * verification mean something. gh before 2.67.0 exited 0 when no attestation matched the
 * predicate type (cli/cli#10418, GO-2025-3467), so older versions are refused.
 */
import { execFile } from 'node:child_process'

export const MIN_GH = '2.67.0'

export interface ExecResult {
  code: number | 'missing'
  stdout: string
  stderr: string
}

export type Exec = (cmd: string, args: string[], env: NodeJS.ProcessEnv) => Promise<ExecResult>

/** execFile, bounded in time and output; a missing binary is `code: 'missing'`. */
export const exec: Exec = (cmd, args, env) =>
  new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: unknown }) | null
      if (e && e.code === 'ENOENT') resolve({ code: 'missing', stdout: '', stderr: '' })
      else resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) })
    })
  })

export function parseGhVersion(out: string): string | undefined {
  return /gh version (\d+\.\d+\.\d+)/.exec(out)?.[1]
}

export function versionAtLeast(v: string, min: string): boolean {
  const a = v.split('.').map(Number)
  const b = min.split('.').map(Number)
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i]
  return true
}

/** The line of gh's stderr that says what went wrong. */
export function ghError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean)
  const err = lines.find((l) => /^Error:/.test(l))
  const cross = lines.filter((l) => l.startsWith('✗'))
  return [cross[cross.length - 1], err].filter(Boolean).join(' — ') || lines[lines.length - 1] || 'no output'
}

export interface VerifyArgs {
  file: string
  repo: string
  signerWorkflow: string
  sourceRef?: string
  sourceDigest?: string
  predicateType: string
  bundle?: string
  customTrustedRoot?: string
  hostname?: string
}

export function verifyArgs(a: VerifyArgs): string[] {
  return [
    'attestation',
    'verify',
    a.file,
    '--repo',
    a.repo,
    '--signer-workflow',
    a.signerWorkflow,
    ...(a.sourceRef ? ['--source-ref', a.sourceRef] : []),
    ...(a.sourceDigest ? ['--source-digest', a.sourceDigest] : []),
    '--deny-self-hosted-runners',
    '--predicate-type',
    a.predicateType,
    ...(a.bundle ? ['--bundle', a.bundle] : []),
    ...(a.customTrustedRoot ? ['--custom-trusted-root', a.customTrustedRoot] : []),
    ...(a.hostname ? ['--hostname', a.hostname] : []),
    '--format',
    'json',
  ]
}
