import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, notOkLines, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'

describe('gate-order', () => {
  it('blocks when a step before release-gate runs code, naming what runs before it', () => {
    const P = 'workflows/gate-order/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'gate-order')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toBe(
      "release-gate is step 3 of job `publish`; `actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8`, `run` run before it has decided; `run` runs code that can rewrite the gate's own files under `_actions` or its environment",
    )
    expect(fs[0].severity).toBe('error')
  })

  it('only warns when the steps before it are read-only (checkout, harden-runner)', () => {
    const wf = parseWorkflow(
      'on: release\npermissions: {}\njobs:\n  p:\n    runs-on: ubuntu-latest\n    environment: x\n    steps:\n      - uses: step-security/harden-runner@ec9f2d5744a09debf3a187a3f4f675c53b671911 # v2.13.0\n      - uses: octo-org/release-gate@6b3083bc1b9d8b1c8bbb2a4e3c5a1f0d2b7e9a41\n      - run: npm publish\n',
      'r.yml',
    )
    const fs = ofRule(auditWorkflow(wf, { job: 'p' }), 'gate-order')
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
  })

  it('accepts the gate as the first step', () => {
    expect(ofRule(audit('workflows/gate-order/near-miss.yml', { job: 'publish' }), 'gate-order')).toEqual([])
  })

  it('recognises itself at run time by GITHUB_ACTION_REPOSITORY, and `uses: ./` in this repository', () => {
    const mk = (uses: string) =>
      parseWorkflow(`on: release\npermissions: {}\njobs:\n  p:\n    runs-on: ubuntu-latest\n    environment: x\n    steps:\n      - run: echo hi\n      - uses: ${uses}\n      - run: npm publish\n`, 'r.yml')
    expect(ofRule(auditWorkflow(mk('acme/gatekeeper@0123456789abcdef0123456789abcdef01234567'), { job: 'p', runtime: { gateRepository: 'acme/gatekeeper' } }), 'gate-order')).toHaveLength(1)
    expect(ofRule(auditWorkflow(mk('./\n        with:\n          fail-on: error'), { job: 'p' }), 'gate-order')).toHaveLength(1)
  })

  it("does not take another repository's own `uses: ./` for the gate (cibuildwheel testing itself)", () => {
    const wf = parseWorkflow(
      `on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0\n      - run: pipx install nox\n      - uses: ./\n        with:\n          package-dir: sample_proj\n`,
      'test.yml',
    )
    expect(ofRule(auditWorkflow(wf), 'gate-order')).toEqual([])
  })
})
