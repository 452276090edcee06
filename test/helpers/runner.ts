/** Run dist/index.js the way the runner does: INPUT_*, GITHUB_*, summary and output files. */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const ACTION_DEFAULTS: Record<string, string> = {
  token: '',
  'fail-on': 'error',
  config: '.github/release-gate.yml',
  disable: '',
  allow: '',
  offline: 'false',
}

export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  summary: string
  outputs: Record<string, string>
  /** Every file the action wrote under RUNNER_TEMP, by name. */
  files: Record<string, string>
  all: string
}

export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const m of text.matchAll(re)) out[m[1]] = m[3]
  return out
}

export async function runAction(inputs: Record<string, string>, env: Record<string, string>): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'rg-e2e-'))
  const workspace = env.GITHUB_WORKSPACE ?? join(dir, 'workspace')
  const { mkdirSync } = await import('node:fs')
  mkdirSync(workspace, { recursive: true })
  const temp = join(dir, 'runner-temp')
  mkdirSync(temp)
  const summaryFile = join(dir, 'summary.md')
  const outputFile = join(dir, 'output.txt')
  // The runner creates both files empty before the step starts.
  writeFileSync(summaryFile, '')
  writeFileSync(outputFile, '')
  const full: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_ENVIRONMENT: 'github-hosted',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_ACTION_REPOSITORY: 'octo-org/release-gate',
    GITHUB_ACTION_REF: 'v1.0.0',
    GITHUB_SERVER_URL: 'https://github.com',
    ...env,
  }
  for (const [k, v] of Object.entries({ ...ACTION_DEFAULTS, ...inputs })) full[`INPUT_${k.toUpperCase()}`] = v
  let code = 0
  let stdout = ''
  let stderr = ''
  try {
    const r = await run(process.execPath, [join(process.cwd(), 'dist', 'index.js')], { env: full, timeout: 60_000 })
    stdout = r.stdout
    stderr = r.stderr
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string }
    code = typeof x.code === 'number' ? x.code : -1
    stdout = x.stdout ?? ''
    stderr = x.stderr ?? ''
  }
  const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : ''
  const outputs = existsSync(outputFile) ? parseOutputs(readFileSync(outputFile, 'utf8')) : {}
  const files: Record<string, string> = {}
  const rgDir = join(temp, 'release-gate')
  if (existsSync(rgDir)) for (const f of readdirSync(rgDir)) files[f] = readFileSync(join(rgDir, f), 'utf8')
  // `::add-mask::` lines are consumed by the runner and never shown; everything else is.
  const shown = stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n')
  const all = [shown, stderr, summary, JSON.stringify(outputs), ...Object.values(files)].join('\n')
  return { code, stdout, stderr, summary, outputs, files, all }
}
