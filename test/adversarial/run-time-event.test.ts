/**
 * Attack class: the event that really started the run. The static reading of `if:` can be
 * fooled (a condition on a field an outsider sets, a reusable workflow whose caller runs on
 * pull_request_target). Inside the job the gate knows the event; when an outsider can start
 * it and the job is about to publish, it blocks.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readRunContext } from '../../src/context/runner.js'
import { GATE, PYPI, RUNNER, blocking, both } from './helpers.js'

const wf = (on: string, cond = '') => `name: Release
on:
${on}permissions:
  contents: read
jobs:
  publish:
${cond}    runs-on: ubuntu-latest
    environment: pypi
    permissions:
      id-token: write
    steps:
      - uses: ${GATE}
      - uses: ${PYPI}
`

const ATTACKS: Array<[string, string, string, string, string?]> = [
  // the static reading thinks the job never runs on issue_comment: the title check looks like a maintainer's
  ['issue_comment, with an if: the author controls', '  release:\n    types: [published]\n  issue_comment:\n    types: [created]\n', "    if: github.event_name == 'release' || startsWith(github.event.comment.body, '/release')\n", 'issue_comment'],
  ['a reusable workflow called from pull_request_target', '  workflow_call:\n', '', 'pull_request_target'],
  ['workflow_run following a pull request', '  workflow_run:\n    workflows: [Build]\n    types: [completed]\n', "    if: github.event.workflow_run.conclusion == 'success'\n", 'workflow_run', 'pull_request'],
  ['workflow_run whose upstream event is unknown', '  workflow_run:\n    workflows: [Build]\n    types: [completed]\n', '', 'workflow_run'],
]

describe('the event that actually started the run', () => {
  it.each(ATTACKS.map(([what, on, cond, event, up]) => [what, { on, cond, event, up }] as const))('%s: blocked', (_what, { on, cond, event, up }) => {
    const { action } = both(wf(on, cond), 'publish', { ...RUNNER, eventName: event, ...(up ? { upstreamEvent: up } : {}) })
    expect(action.verdict).toBe('fail')
    const f = action.findings.filter((x) => x.rule === 'dangerous-triggers' && x.message.startsWith('this run was started by'))
    expect(f.map((x) => x.blocking)).toEqual([true])
  })

  it('near-misses: a release run, a workflow_dispatch run, and workflow_run after a push', () => {
    for (const [on, event, up] of [
      ['  release:\n    types: [published]\n', 'release', undefined],
      ['  workflow_dispatch:\n', 'workflow_dispatch', undefined],
      ['  workflow_call:\n', 'push', undefined],
    ] as Array<[string, string, string | undefined]>) {
      const { action } = both(wf(on), 'publish', { ...RUNNER, eventName: event, ...(up ? { upstreamEvent: up } : {}) })
      expect(blocking(action)).not.toContain('dangerous-triggers')
    }
    // after a push, workflow_run is still judged by its trigger, but not as an outsider's run
    const { action } = both(wf('  workflow_run:\n    workflows: [Build]\n    types: [completed]\n'), 'publish', { ...RUNNER, eventName: 'workflow_run', upstreamEvent: 'push' })
    expect(action.findings.filter((x) => x.message.startsWith('this run was started by'))).toEqual([])
  })
})

describe('the upstream event of workflow_run, from the payload', () => {
  it('is read from GITHUB_EVENT_PATH, and left unknown when the file cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-event-'))
    const p = join(dir, 'event.json')
    writeFileSync(p, JSON.stringify({ action: 'completed', workflow_run: { event: 'pull_request', conclusion: 'success' } }))
    expect(readRunContext({ GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: p }).upstreamEvent).toBe('pull_request')
    expect(readRunContext({ GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: join(dir, 'missing.json') }).upstreamEvent).toBeUndefined()
    expect(readRunContext({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: p }).upstreamEvent).toBeUndefined()
  })
})
