/**
 * The job summary leads with what to do: blocking findings by risk, one row per rule with its
 * locations linked to their lines, code that wraps, environment fixes linked to the settings,
 * how to suppress, chains only where there are chains, checks that could not run apart.
 */
import { describe, expect, it } from '@jest/globals'
import { auditTarget, buildReport } from '../../src/engine.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import { renderSummary } from '../../src/report/summary.js'
import type { SummaryContext } from '../../src/report/summary.js'
import { wrappingCode } from '../../src/report/markdown.js'
import { RISK_ORDER } from '../../src/report/order.js'
import { RULE_IDS } from '../../src/audits/index.js'
import { options, readFixture } from '../helpers/audit.js'
import type { CheckFailure } from '../../src/audits/rule.js'

const GEM = 'corpus/workflows/actions__starter-workflows__gem-push.yml'
const KONG = 'corpus/workflows/Kong__kubernetes-ingress-controller__checks__4168dd0e.yaml'
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const LINKS: SummaryContext['links'] = { server: 'https://github.com', repo: 'octo/demo', sha: SHA, environments: 'octo/demo' }

function report(rel: string, file: string, failures: CheckFailure[] = [], failOn: 'error' | 'warning' | 'never' = 'error') {
  const opts = options({ failOn })
  return buildReport([auditTarget({ file, workflow: parseWorkflow(readFixture(rel), file), source: 'api', failures }, opts)], [], opts)
}

/** The rule of each row of the first table, in order. */
function rows(s: string, heading = '### What to do'): string[] {
  const part = s.slice(s.indexOf(heading))
  const table = part.slice(part.indexOf('| --- |')).split('\n\n')[0]
  return table
    .split('\n')
    .slice(1)
    .filter((l) => l.startsWith('| ['))
    .map((l) => /^\| \[([a-z-]+)\]/.exec(l)![1])
}

describe('job summary: what to do', () => {
  it('orders blocking findings by risk, not by line: a long-lived token before a missing environment before pins', () => {
    const r = report(GEM, '.github/workflows/gem-push.yml')
    const order = rows(renderSummary(r, { links: LINKS }))
    expect(order).toEqual([...order].sort((a, b) => RISK_ORDER.indexOf(a) - RISK_ORDER.indexOf(b)))
    expect(order.indexOf('use-trusted-publishing')).toBeLessThan(order.indexOf('missing-environment'))
    expect(order.indexOf('missing-environment')).toBeLessThan(order.indexOf('unpinned-uses'))
    // the line numbers say otherwise: the first finding in the file is not the first row
    const firstByLine = [...r.findings].filter((f) => f.blocking).sort((a, b) => a.line - b.line)[0]
    expect(order[0]).not.toBe(firstByLine.rule)
  })

  it('puts a dangerous trigger before secrets: inherit before pins, one row per rule with a count', () => {
    const r = report(KONG, '.github/workflows/checks.yml')
    const s = renderSummary(r, { links: LINKS })
    const order = rows(s)
    expect(order.slice(0, 1)).toEqual(['dangerous-triggers'])
    expect(order.indexOf('secrets-inherit')).toBeLessThan(order.indexOf('unpinned-uses'))
    expect(new Set(order).size).toBe(order.length)
    const inherit = s.split('\n').find((l) => l.startsWith('| [secrets-inherit]'))!
    const n = r.findings.filter((f) => f.rule === 'secrets-inherit' && f.blocking).length
    expect(n).toBeGreaterThan(1)
    expect(inherit).toContain(`<br>×${n} |`)
    // every location of the rule is in its row, each a link to its line at the workflow's commit
    for (const f of r.findings.filter((x) => x.rule === 'secrets-inherit')) {
      expect(inherit).toContain(`(https://github.com/octo/demo/blob/${SHA}/.github/workflows/checks.yml#L${f.line})`)
    }
    // the same fix is said once
    const fix = r.findings.find((x) => x.rule === 'secrets-inherit')!.fix
    expect(inherit.split('Pass only the secrets').length - 1).toBeLessThanOrEqual(1)
    expect(fix.length).toBeGreaterThan(0)
  })

  it('links a single finding to its line, and an environment fix to the environment settings', () => {
    const s = renderSummary(report(GEM, '.github/workflows/gem-push.yml'), { links: LINKS })
    const env = s.split('\n').find((l) => l.startsWith('| [missing-environment]'))!
    expect(env).toMatch(new RegExp(`\\| \\[\\.github/<wbr>workflows/<wbr>gem-push\\.yml:\\d+\\]\\(https://github\\.com/octo/demo/blob/${SHA}/\\.github/workflows/gem-push\\.yml#L\\d+\\)`))
    expect(env).toContain('[Open the environment settings](https://github.com/octo/demo/settings/environments) |')
    expect(s.split('\n').find((l) => l.startsWith('| [unpinned-uses]'))).not.toContain('settings/environments')
  })

  it('without a repository to link to, shows locations as code', () => {
    const s = renderSummary(report(GEM, '.github/workflows/gem-push.yml'))
    expect(s).not.toContain('/blob/')
    expect(s).toMatch(/<code>\.<wbr>github\/<wbr>workflows\/<wbr>gem-<wbr>push\.<wbr>yml:<wbr>\d+:<wbr>\d+<\/code>/)
  })

  it('says how to suppress a finding with a reason', () => {
    const s = renderSummary(report(GEM, '.github/workflows/gem-push.yml'), { links: LINKS })
    expect(s).toContain('`# release-gate: ignore[<rule>] -- <reason>`')
    expect(s.indexOf('release-gate: ignore[')).toBeGreaterThan(s.indexOf('### What to do'))
  })

  it('keeps checks that could not run apart from findings, and blocks on them', () => {
    const r = report(GEM, '.github/workflows/gem-push.yml', [{ check: 'resolve actions/checkout@v3', reason: 'the GitHub API answered 502 three times', fix: 'Re-run the job; if it repeats, check githubstatus.com.' }])
    const s = renderSummary(r, { links: LINKS })
    expect(s.split('\n')[0]).toMatch(/^## ❌ Release blocked: \d+ blocking findings \(.*\), 1 check not carried out$/)
    expect(rows(s)).not.toContain('check-failed')
    const could = s.slice(s.indexOf('### Could not check'))
    expect(could).toContain('| Where | What could not be checked | What to do |')
    expect(could).toContain('the GitHub API answered 502 three times')
    expect(s.indexOf('### Could not check')).toBeGreaterThan(s.indexOf('### What to do'))
  })

  it('shows Details only for chains', () => {
    const plain = renderSummary(report(GEM, '.github/workflows/gem-push.yml'))
    expect(plain).not.toContain('### Chains')
    expect(plain).not.toContain('### Details')
    const r = report(GEM, '.github/workflows/gem-push.yml')
    const f = r.findings.find((x) => x.rule === 'unpinned-uses')!
    f.chain = ['publish', 'octo/composite@v1', 'actions/checkout@v3']
    const s = renderSummary(r)
    expect(s).toContain('### Chains')
    expect(s.match(/<details><summary>unpinned-uses at /g)).toHaveLength(1)
    expect(s).toContain('- Chain: `publish` › `octo/composite@v1` › `actions/checkout@v3`')
  })

  it('wraps long values in table cells (the What-to-do column is not pushed off the page)', () => {
    expect(wrappingCode('actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd')).toBe('<code>actions/<wbr>checkout@<wbr>de0fac2e4500dabe0009<wbr>e67214ff5f5447ce83dd</code>')
    expect(wrappingCode('a|b*c_d<e>')).toBe('<code>a\\|b\\*c\\_d&lt;e&gt;</code>')
    // no URL or www. can form a link inside
    expect(wrappingCode('see https://evil.test and www.evil.test')).not.toMatch(/https:\/\/|www\.e/)
    const s = renderSummary(report(GEM, '.github/workflows/gem-push.yml'), { links: LINKS })
    for (const l of s.split('\n').filter((x) => x.startsWith('| ['))) {
      // no code span in a table row: every value is <code> with break opportunities
      expect(l.replace(/\\`/g, '')).not.toMatch(/`/)
    }
  })

  it('report mode says what would block, and how to enforce', () => {
    const s = renderSummary(report(GEM, '.github/workflows/gem-push.yml', [], 'never'))
    expect(s.split('\n')[0]).toMatch(/^## ✅ Release gate passed: \d+ findings below `fail-on: never`/)
    expect(s).toMatch(/Report mode \(`fail-on: never`\): \d+ findings would block with `fail-on: error`\. Fix them, then remove `fail-on: never` to enforce\./)
    // what would block reads like the blocking table: by risk, errors only; warnings after it
    const would = rows(s, '### What to do before enforcing')
    expect(would[0]).toBe('use-trusted-publishing')
    expect(would).toEqual(rows(renderSummary(report(GEM, '.github/workflows/gem-push.yml')), '### What to do'))
    expect(rows(s, '### Not blocking')).toEqual(expect.arrayContaining(['artipacked']))
    expect(rows(s, '### Not blocking')).not.toContain('unpinned-uses')
    expect(s.indexOf('release-gate: ignore[')).toBeGreaterThan(s.indexOf('### What to do before enforcing'))
  })

  it('summary: failures shows only what blocks; on a pass, the verdict alone', () => {
    const r = report(GEM, '.github/workflows/gem-push.yml')
    const s = renderSummary(r, { links: LINKS, mode: 'failures', tree: 'x', facts: ['GitHub API requests: 3'] })
    expect(s).toContain('### What to do')
    expect(s).not.toMatch(/### Not checked|Dependency tree|<summary>Context|### Not blocking|Audited /)
    const pass = report('workflows/unpinned-uses/near-miss.yml', '.github/workflows/release.yml')
    expect(renderSummary(pass, { mode: 'failures', tree: 'x' })).toBe('## ✅ Release gate passed: no findings\n')
  })

  it('ranks every rule', () => {
    for (const id of RULE_IDS.filter((x) => x !== 'check-failed')) expect(RISK_ORDER).toContain(id)
  })
})
