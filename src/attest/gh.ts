/**
 * Running `gh`: its version, and `gh attestation verify` with the flags that make the
 * verification mean something. gh before 2.67.0 exited 0 when no attestation matched the
 * predicate type (cli/cli#10418, GO-2025-3467), so older versions are refused.
 */
import { getExecOutput } from '@actions/exec'

export const MIN_GH = '2.67.0'

export interface ExecResult {
  /** The exit code; `missing` when there is no such command on PATH. */
  code: number | 'missing'
  stdout: string
  stderr: string
}

export type Exec = (cmd: string, args: string[], env: NodeJS.ProcessEnv) => Promise<ExecResult>

/** The exit code the watchdog reports when it stopped the command (timeout, output over the cap). */
export const STOPPED = 124

/**
 * The watchdog @actions/exec runs (`node -e`), which runs the command: @actions/exec has no
 * time limit and does not hand out the child process, so the bound lives one process down,
 * where the child can be reached. It passes stdout and stderr through, ends the command
 * (SIGTERM, then SIGKILL) when it runs past the time limit or writes more than the output cap,
 * and says so on its last stderr line; a command not on PATH is exit 127 with `missing`.
 */
const WATCHDOG = [
  "const { spawn } = require('child_process')",
  'const [ms, max, cmd, ...args] = process.argv.slice(1)',
  "let out = 0, why = '', failed = false",
  "const say = (m) => process.stderr.write('\\nrelease-gate-exec: ' + m + '\\n')",
  "const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })",
  "const stop = (w) => { if (why) return; why = w; c.kill('SIGTERM'); setTimeout(() => c.kill('SIGKILL'), 2000).unref() }",
  "const pass = (from, to) => from.on('data', (d) => { out += d.length; if (out > Number(max)) return stop('its output passed ' + max + ' bytes'); to.write(d) })",
  'pass(c.stdout, process.stdout)',
  'pass(c.stderr, process.stderr)',
  "const t = setTimeout(() => stop('it did not finish within ' + ms + ' ms'), Number(ms))",
  "c.on('error', (e) => { failed = true; clearTimeout(t); say(e.code === 'ENOENT' ? 'missing' : 'could not start: ' + e.message); process.exitCode = e.code === 'ENOENT' ? 127 : 126 })",
  "c.on('exit', (code) => { clearTimeout(t); if (why) { say('stopped: ' + why); process.exit(" + STOPPED + ') } })',
  "c.on('close', (code) => { if (!why && !failed) process.exitCode = code === null ? 1 : code })",
].join('\n')

/**
 * Run `cmd` through @actions/exec (`getExecOutput`, silent, any exit code), bounded in time
 * and output by the watchdog above; a missing binary is `code: 'missing'`, a stopped one exits
 * STOPPED with an `Error:` line saying why.
 */
export function execWith(limits: { timeoutMs: number; maxOutput: number }): Exec {
  return async (cmd, args, env) => {
    const clean: Record<string, string> = {}
    for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v
    const r = await getExecOutput(process.execPath, ['-e', WATCHDOG, String(limits.timeoutMs), String(limits.maxOutput), cmd, ...args], {
      env: clean,
      silent: true,
      ignoreReturnCode: true,
    })
    const lines = r.stderr.split('\n')
    const last = lines.map((l) => /^release-gate-exec: (.*)$/.exec(l)?.[1]).filter(Boolean).pop()
    const stderr = lines.filter((l) => !l.startsWith('release-gate-exec: ')).join('\n').replace(/\n+$/, '\n')
    if (r.exitCode === 127 && last === 'missing') return { code: 'missing', stdout: '', stderr: '' }
    if (r.exitCode === STOPPED && last?.startsWith('stopped: ')) return { code: STOPPED, stdout: r.stdout, stderr: `${stderr}Error: ${cmd} was stopped: ${last.slice('stopped: '.length)}\n` }
    if (r.exitCode === 126 && last) return { code: 126, stdout: r.stdout, stderr: `${stderr}Error: ${last}\n` }
    return { code: r.exitCode, stdout: r.stdout, stderr }
  }
}

/** `gh`, bounded: two minutes, 64 MiB of output. */
export const exec: Exec = execWith({ timeoutMs: 120_000, maxOutput: 64 * 1024 * 1024 })

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
