import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import { parseConfig } from '../../src/context/config.js'
import { parseAllowLine } from '../../src/context/allow.js'

const F = 'workflows/suppress/inline.yml'

describe('suppression', () => {
  it('honours `# release-gate: ignore[...] -- reason` on the offending line', () => {
    const f = ofRule(audit(F), 'unpinned-uses').find((x) => x.line === 14)!
    expect(f.ignored).toEqual({ by: 'comment', reason: 'pinned by the org ruleset' })
    expect(f.blocking).toBe(false)
  })

  it('honours zizmor\'s comment form on the line above', () => {
    const f = ofRule(audit(F), 'unpinned-uses').find((x) => x.line === 18)!
    expect(f.ignored).toEqual({ by: 'comment', reason: "Docker's own setup action, tracked by Renovate" })
  })

  it('honours an ignore above a job-level reusable workflow call', () => {
    const f = ofRule(audit(F), 'unpinned-uses').find((x) => x.job === 'provenance')!
    expect(f.ignored?.reason).toBe('the SLSA generator verifies its own ref and must be called by tag')
  })

  it('suppresses without a reason but reports the missing reason as a warning', () => {
    const r = audit(F)
    expect(ofRule(r, 'unpinned-uses').find((x) => x.line === 19)!.ignored).toEqual({ by: 'comment', reason: '(no reason given)' })
    const w = ofRule(r, 'ignore-without-reason')
    expect(w).toHaveLength(1)
    expect(w[0]).toMatchObject({ severity: 'warning', line: 19, blocking: false })
  })

  it('leaves findings without a comment blocking, and keeps ignored ones in the report', () => {
    const r = audit(F)
    const fs = ofRule(r, 'unpinned-uses')
    expect(fs.filter((f) => f.blocking).map((f) => f.line)).toEqual([20])
    expect(fs.filter((f) => f.ignored)).toHaveLength(4)
    expect(r.verdict).toBe('fail')
  })

  it('does not let a comment for another rule suppress', () => {
    const wf = parseWorkflow(
      'on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4 # release-gate: ignore[unpinned-images] -- not this rule\n',
      'p.yml',
    )
    const f = ofRule(auditWorkflow(wf), 'unpinned-uses')[0]
    expect(f.ignored).toBeUndefined()
    expect(f.blocking).toBe(true)
  })

  it('does not take an ignore-looking line inside a script or a quoted string as a comment', () => {
    const wf = parseWorkflow(
      [
        'on: push',
        'jobs:',
        '  p:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: |',
        '          echo "x" # release-gate: ignore[unpinned-uses] -- inside the script',
        "      - uses: 'actions/checkout@v4 # release-gate: ignore[unpinned-uses] -- inside a string'",
        '      - uses: actions/setup-node@v4',
        '',
      ].join('\n'),
      'p.yml',
    )
    const fs = ofRule(auditWorkflow(wf), 'unpinned-uses')
    expect(fs.some((f) => f.ignored)).toBe(false)
  })

  it('does not reach further than the line below the comment', () => {
    const wf = parseWorkflow(
      'on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      # release-gate: ignore[unpinned-uses] -- only the next line\n      - run: echo\n      - uses: actions/checkout@v4\n',
      'p.yml',
    )
    expect(ofRule(auditWorkflow(wf), 'unpinned-uses')[0].ignored).toBeUndefined()
  })

  it('honours config ignores by path:line and by path', () => {
    const byLine = audit('workflows/unpinned-uses/positive.yml', {
      config: parseConfig('rules:\n  unpinned-uses:\n    ignore: ["unpinned-uses/positive.yml:19"]\n', 'c.yml'),
    })
    expect(ofRule(byLine, 'unpinned-uses').map((f) => [f.line, f.ignored?.by ?? null])).toEqual([
      [23, null],
      [29, null],
      [19, 'config'],
    ])
    const byFile = audit('workflows/unpinned-uses/positive.yml', {
      config: parseConfig('rules:\n  unpinned-uses:\n    ignore: [positive.yml]\n', 'c.yml'),
    })
    expect(byFile.verdict).toBe('pass')
    expect(byFile.counts.ignored).toBe(3)
  })

  it('turns a rule off by config or by input', () => {
    const cfg = audit('workflows/unpinned-uses/positive.yml', { config: parseConfig('rules:\n  unpinned-uses:\n    disable: true\n', 'c.yml') })
    expect(ofRule(cfg, 'unpinned-uses')).toEqual([])
    expect(cfg.disabled).toEqual(['unpinned-uses'])
    const inp = audit('workflows/unpinned-uses/positive.yml', { disabled: ['unpinned-uses'] })
    expect(inp.verdict).toBe('pass')
  })

  it('re-grades a rule by config severity', () => {
    const r = audit('workflows/unpinned-uses/positive.yml', { config: parseConfig('rules:\n  unpinned-uses:\n    severity: warning\n', 'c.yml') })
    expect(ofRule(r, 'unpinned-uses').every((f) => f.severity === 'warning' && !f.blocking)).toBe(true)
    expect(r.verdict).toBe('pass')
    const strict = audit('workflows/unpinned-uses/positive.yml', { config: parseConfig('rules:\n  unpinned-uses:\n    severity: warning\n', 'c.yml'), failOn: 'warning' })
    expect(strict.verdict).toBe('fail')
  })

  it('lets allow-listed dependencies stay unpinned and lists the allowance', () => {
    const r = audit('workflows/unpinned-uses/positive.yml', {
      allow: [parseAllowLine('pypa/gh-action-pypi-publish -- built as a Docker action at run time', 'input')],
    })
    const f = ofRule(r, 'unpinned-uses').find((x) => x.line === 29)!
    expect(f.ignored).toMatchObject({ by: 'allow', pattern: 'pypa/gh-action-pypi-publish' })
    expect(r.allowances).toEqual([
      { pattern: 'pypa/gh-action-pypi-publish', reason: 'built as a Docker action at run time', source: 'input', used: ['pypa/gh-action-pypi-publish@release/v1'] },
    ])
  })
})

describe('allow entries', () => {
  it('require a reason', () => {
    expect(() => parseAllowLine('slsa-framework/*', 'input')).toThrow(/has no reason/)
    expect(parseAllowLine('slsa-framework/slsa-github-generator/* -- must be referenced by tag', 'input')).toEqual({
      pattern: 'slsa-framework/slsa-github-generator/*',
      reason: 'must be referenced by tag',
      source: 'input',
    })
  })
})
