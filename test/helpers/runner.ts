/**
 * Run an action of this repository the way the runner does: read its `action.yml` (the root
 * action, `audit/` or `verify/`), check `runs.using`, resolve `runs.main` against the action's
 * folder, set `INPUT_*` from `with:` over the declared defaults (and only for declared inputs
 * or given ones, as the runner does), GITHUB_*, and the summary and output files.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { promisify } from 'node:util'
import { parse } from 'yaml'

const run = promisify(execFile)

export interface ActionMeta {
  dir: string
  name: string
  description: string
  using: string
  main: string
  /** Declared inputs and their defaults ('' when none). */
  defaults: Record<string, string>
  outputs: string[]
}

/** `''` is the root action; `audit` and `verify` the sub-actions. */
export function readAction(action = ''): ActionMeta {
  const dir = resolve(process.cwd(), action)
  const meta = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as { name: string; description: string; inputs?: Record<string, { default?: unknown }>; outputs?: Record<string, unknown>; runs: { using: string; main: string } }
  const defaults: Record<string, string> = {}
  for (const [k, v] of Object.entries(meta.inputs ?? {})) {
    const d = v?.default === undefined ? '' : String(v.default)
    // the runner evaluates `${{ github.token }}`; tests pass the token they mean explicitly
    defaults[k] = d.includes('${{') ? '' : d
  }
  return { dir, name: meta.name, description: meta.description, using: meta.runs.using, main: resolve(dir, meta.runs.main), defaults, outputs: Object.keys(meta.outputs ?? {}) }
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

export async function runAction(inputs: Record<string, string>, env: Record<string, string>, action = ''): Promise<ActionRun> {
  const meta = readAction(action)
  if (meta.using !== 'node24') throw new Error(`${action || 'the root action'} runs on ${meta.using}, not node24`)
  if (!existsSync(meta.main)) throw new Error(`${action || 'the root action'}: runs.main ${meta.main} does not exist (npm run build)`)
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
  for (const [k, v] of Object.entries({ ...meta.defaults, ...inputs })) full[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v
  let code = 0
  let stdout = ''
  let stderr = ''
  try {
    const r = await run(process.execPath, [meta.main], { env: full, timeout: 60_000 })
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
