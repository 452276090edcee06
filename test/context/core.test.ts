/**
 * src/context/core.ts speaks the workflow commands through @actions/core's own modules without
 * its entry point. Each function must write exactly what `@actions/core`'s does: the same
 * stdout, the same `$GITHUB_OUTPUT` lines, the same exit code, the same job summary.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as real from '@actions/core'
import * as ours from '../../src/context/core.js'

type Core = typeof ours

let dir: string
let out: string[]
const write = process.stdout.write.bind(process.stdout)
const saved = { ...process.env }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rg-core-'))
  out = []
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  }) as typeof process.stdout.write
})
afterEach(() => {
  process.stdout.write = write
  process.env = { ...saved }
  process.exitCode = undefined
  rmSync(dir, { recursive: true, force: true })
})

/** Run `f` against one implementation; what it printed, wrote to $GITHUB_OUTPUT and the exit code. */
function capture(impl: Core, f: (c: Core) => void, withOutputFile = true): { stdout: string; output: string; exitCode: unknown } {
  out = []
  process.exitCode = undefined
  const file = join(dir, `output-${Math.random()}`)
  if (withOutputFile) {
    writeFileSync(file, '')
    process.env.GITHUB_OUTPUT = file
  } else delete process.env.GITHUB_OUTPUT
  f(impl)
  const output = withOutputFile ? readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X') : ''
  const exitCode = process.exitCode
  process.exitCode = undefined
  return { stdout: out.join(''), output, exitCode }
}

const hostile = 'a%b\r\nc:d,e::f\n::error::x'
const props = { title: 'ti:tle,%', file: '.github/workflows/release.yml', startLine: 12, startColumn: 7 }

describe('workflow commands without the entry point of @actions/core', () => {
  it.each<[string, (c: Core) => void, boolean?]>([
    ['info', (c) => c.info(hostile)],
    ['groups', (c) => (c.startGroup(`release-gate: ${hostile}`), c.endGroup())],
    ['error with properties', (c) => c.error(hostile, props)],
    ['warning with properties', (c) => c.warning(hostile, props)],
    ['notice without properties', (c) => c.notice(hostile)],
    ['setSecret', (c) => c.setSecret('ghp_secret%value\n')],
    ['setFailed', (c) => c.setFailed(`release-gate blocked the release: ${hostile}`)],
    ['setOutput through $GITHUB_OUTPUT', (c) => (c.setOutput('verdict', 'fail'), c.setOutput('report', `/tmp/x\n${hostile}`))],
    ['setOutput without $GITHUB_OUTPUT', (c) => c.setOutput('verdict', hostile), false],
  ])('%s writes what @actions/core writes', (_name, f, withFile = true) => {
    const expected = capture(real as unknown as Core, f, withFile)
    const actual = capture(ours, f, withFile)
    expect(actual).toEqual(expected)
    expect(actual.stdout + actual.output).not.toBe('')
  })

  it('getInput reads and trims INPUT_* as @actions/core does', () => {
    process.env['INPUT_FAIL-ON'] = '  warning \n'
    process.env.INPUT_SUBJECT_PATH = 'dist/*'
    for (const name of ['fail-on', 'Fail-On', 'subject path', 'missing']) expect(ours.getInput(name)).toBe(real.getInput(name))
    expect(ours.getInput('fail-on')).toBe('warning')
  })

  it('the job summary is @actions/core summary', async () => {
    const file = join(dir, 'summary.md')
    writeFileSync(file, '')
    process.env.GITHUB_STEP_SUMMARY = file
    await ours.summary.addRaw('## release-gate\n').write()
    expect(readFileSync(file, 'utf8')).toBe('## release-gate\n')
  })
})
