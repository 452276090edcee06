/**
 * Attack class: hiding who can start the upstream of a `workflow_run`. The gate read only the
 * first 30 workflows of the repository and the first one with the matching name; a second
 * workflow named `Build`, started by pull requests and sorted late, went unseen.
 */
import { describe, expect, it } from '@jest/globals'
import { auditTarget, buildReport } from '../../src/engine.js'
import { loadLocal } from '../../src/context/local.js'
import type { RepoReader } from '../../src/context/local.js'
import { options } from '../helpers/audit.js'
import { GATE, PYPI, RUNNER, blocking } from './helpers.js'
import { accepted } from './github.js'

const RELEASE = `name: Publish
on:
  workflow_run:
    workflows: [Build]
    types: [completed]
permissions:
  contents: read
jobs:
  publish:
    if: github.event.workflow_run.conclusion == 'success'
    runs-on: ubuntu-latest
    environment: pypi
    permissions:
      id-token: write
    steps:
      - uses: ${GATE}
      - uses: ${PYPI}
`
const ci = (i: number) => `name: CI ${i}\non: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${i}\n`
const BUILD_PUSH = 'name: Build\non:\n  push:\n    branches: [main]\npermissions: {}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n'
const BUILD_PR = 'name: Build\non: pull_request\npermissions: {}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n'

function repo(files: Record<string, string>): RepoReader {
  return {
    where: 'the test repository',
    display: (p) => p,
    read: async (p) => files[p],
    listWorkflows: async () => Object.keys(files).sort(),
  }
}

describe('workflow_run: every workflow of the repository', () => {
  it('finds a pull-request workflow named like the upstream after 40 others and after a harmless namesake', async () => {
    const files: Record<string, string> = { '.github/workflows/a-build.yml': BUILD_PUSH, '.github/workflows/publish.yml': RELEASE }
    for (let i = 0; i < 40; i++) files[`.github/workflows/ci-${String(i).padStart(2, '0')}.yml`] = ci(i)
    files['.github/workflows/zz-build-pr.yml'] = BUILD_PR
    for (const t of Object.values(files)) accepted(t)
    const wf = accepted(RELEASE, '.github/workflows/publish.yml')
    const loaded = await loadLocal(wf, repo(files))
    expect(loaded.related.map((r) => r.file)).toContain('.github/workflows/zz-build-pr.yml')
    const opts = options({ runtime: RUNNER })
    const r = buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], jobId: 'publish', related: loaded.related, local: loaded.local }, opts)], [], opts)
    const f = r.findings.filter((x) => x.rule === 'dangerous-triggers')
    expect(f.map((x) => x.severity)).toContain('error')
    expect(f.map((x) => x.message).join('\n')).toContain('zz-build-pr.yml')
    expect(blocking(r)).toContain('dangerous-triggers')
  })
})
