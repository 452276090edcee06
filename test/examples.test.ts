/**
 * The examples users copy, and this repository's own workflows, pass the gate with no finding;
 * a copy of each with one rule broken fails with that rule's id.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { auditWorkflow } from './helpers/audit.js'
import { parseWorkflow } from '../src/workflow/model.js'
import { parse } from 'yaml'

const ROOT = process.cwd()
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8')
const audit = (text: string, file: string) => auditWorkflow(parseWorkflow(text, file))

/** The release workflows; org-sweep.yml publishes nothing and is checked on its own below. */
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yml') && f !== 'org-sweep.yml')

/** One rule broken in each example, and the rule that must catch it. */
const BREAK: Record<string, { rule: string; edit: (t: string) => string }> = {
  'pypi.yml': { rule: 'missing-environment', edit: (t) => t.replace(/ {4}environment:\n {6}name: pypi\n {6}url: .*\n/, '') },
  'npm.yml': { rule: 'use-trusted-publishing', edit: (t) => t.replace('      - run: npm publish --provenance --access public pkg/*.tgz', '      - run: npm publish --provenance --access public pkg/*.tgz\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}') },
  'crates.yml': { rule: 'unpinned-uses', edit: (t) => t.replace(/dtolnay\/rust-toolchain@[0-9a-f]{40} # v1/, 'dtolnay/rust-toolchain@stable') },
  'rubygems.yml': { rule: 'cache-poisoning', edit: (t) => t.replace('bundler-cache: false # a release build restores no cache', 'bundler-cache: true') },
  'container.yml': { rule: 'dangerous-triggers', edit: (t) => t.replace("on:\n  push:\n    tags: ['v*']", "on:\n  push:\n    tags: ['v*']\n  pull_request_target:") },
  'github-release.yml': { rule: 'excessive-permissions', edit: (t) => t.replace('permissions: {}', 'permissions: write-all') },
}

describe('examples', () => {
  it('cover every ecosystem the README promises', () => {
    expect(EXAMPLES.sort()).toEqual(['container.yml', 'crates.yml', 'github-release.yml', 'npm.yml', 'pypi.yml', 'rubygems.yml'])
  })

  it.each(EXAMPLES.map((f) => [f]))('%s passes with no finding, and starts its publishing job with release-gate', (f) => {
    const r = audit(read(`examples/${f}`), `examples/${f}`)
    expect(r.findings.map((x) => `${x.rule} ${x.line}: ${x.message}`)).toEqual([])
    expect(r.verdict).toBe('pass')
    const wf = parseWorkflow(read(`examples/${f}`), f)
    const targets = r.files[0].targets.map((id) => wf.jobs.find((j) => j.id === id)!)
    expect(targets.length).toBeGreaterThan(0)
    for (const j of targets) expect(j.steps[0].uses?.value).toMatch(/^release-gate\/release-gate@[0-9a-f]{40}$/)
  })

  it.each(Object.entries(BREAK).map(([f, b]) => [f, b.rule, b]))('%s with one rule broken fails with %s', (f, rule, b) => {
    const text = (b as (typeof BREAK)[string]).edit(read(`examples/${f}`))
    expect(text).not.toBe(read(`examples/${f}`))
    const r = audit(text, `examples/${f}`)
    expect(r.verdict).toBe('fail')
    expect(r.findings.filter((x) => x.blocking).map((x) => x.rule)).toContain(rule)
  })
})

describe('examples/org-sweep.yml', () => {
  const text = read('examples/org-sweep.yml')
  const wf = parseWorkflow(text, 'examples/org-sweep.yml')

  it('passes the gate, every action pinned to a full SHA with its version', () => {
    expect(audit(text, 'examples/org-sweep.yml').findings.map((x) => `${x.rule} ${x.line}: ${x.message}`)).toEqual([])
    const uses = text.split('\n').filter((l) => /^\s*- uses: /.test(l))
    expect(uses.length).toBeGreaterThanOrEqual(4)
    for (const l of uses) expect(l).toMatch(/^\s*- uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/)
    expect(text).toContain('actions/upload-artifact@043fb46d1a93c77aae656e7c1c64a875d1fc6a0a # v7.0.1')
    expect(text).toContain('actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1')
  })

  it('runs a matrix of shards that each upload a report, and one job that merges them', () => {
    const doc = parse(text) as { jobs: Record<string, { needs?: string[]; strategy?: { matrix: { shard: number[] } }; steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }> }> }
    const shards = doc.jobs.audit.strategy!.matrix.shard
    expect(shards).toEqual([1, 2, 3, 4])
    const run = doc.jobs.audit.steps.find((st) => st.run?.includes('audit --org'))!.run!
    expect(run).toContain(`--shard "$SHARD/${shards.length}"`)
    expect(run).toContain('--format json')
    expect(doc.jobs.audit.steps.some((st) => st.uses?.startsWith('actions/upload-artifact@'))).toBe(true)
    expect(doc.jobs.merge.needs).toEqual(['audit'])
    expect(doc.jobs.merge.steps.find((st) => st.uses?.startsWith('actions/download-artifact@'))!.with).toMatchObject({ pattern: 'release-gate-report-*', 'merge-multiple': true })
    expect(doc.jobs.merge.steps.some((st) => /merge reports\/\*\.json --summary "\$GITHUB_STEP_SUMMARY"/.test(st.run ?? ''))).toBe(true)
    expect(wf.jobs.map((j) => j.id)).toEqual(['audit', 'merge'])
  })
})

describe("this repository's own workflows", () => {
  it('release.yml passes with no finding: tags only, read-only top level, pinned, environment, attestation, the gate first', () => {
    const text = read('.github/workflows/release.yml')
    const r = audit(text, '.github/workflows/release.yml')
    expect(r.findings.map((x) => `${x.rule} ${x.line}: ${x.message}`)).toEqual([])
    const wf = parseWorkflow(text, 'release.yml')
    const publish = wf.jobs.find((j) => j.id === 'publish')!
    expect(publish.steps[0].uses?.value).toBe('$/')
    expect(publish.environment?.name).toBe('release')
    expect(wf.jobs.find((j) => j.id === 'build')!.steps.some((s) => s.uses?.value.startsWith('actions/attest-build-provenance@'))).toBe(true)
    for (const j of wf.jobs) for (const s of j.steps) if (s.uses?.parsed.kind === 'repo') expect(s.uses.value).toMatch(/@[0-9a-f]{40}$/)
  })

  it('ci.yml passes; its one exception is ignored with a reason', () => {
    const r = audit(read('.github/workflows/ci.yml'), '.github/workflows/ci.yml')
    expect(r.verdict).toBe('pass')
    expect(r.findings.filter((x) => !x.ignored)).toEqual([])
    expect(r.findings.map((x) => [x.rule, x.ignored?.reason])).toEqual([['gate-order', 'a local action needs the checkout before it; this job publishes nothing']])
  })

  it('release.yml checks the version, attests the bundle and the npm package, publishes both after the gate, and moves the major tag', () => {
    const doc = parse(read('.github/workflows/release.yml')) as { on: { push: { tags: string[] } }; jobs: Record<string, { needs?: string[]; environment?: { name: string }; permissions?: Record<string, string>; steps: Array<{ run?: string; uses?: string; with?: Record<string, string> }> }> }
    expect(doc.on.push.tags).toEqual(['v*.*.*'])
    const build = doc.jobs.build.steps
    expect(build.some((st) => st.run?.includes('require("./package.json").version') && st.run.includes('CHANGELOG.md'))).toBe(true)
    expect(build.find((st) => st.uses?.startsWith('actions/attest-build-provenance@'))!.with!['subject-path']).toContain('release/*.tgz')
    for (const id of ['publish', 'npm', 'major-tag']) {
      expect(doc.jobs[id].steps[0].uses).toBe('$/')
      expect(doc.jobs[id].environment?.name).toBeDefined()
    }
    expect(doc.jobs.npm.steps.at(-1)!.run).toBe('npm publish --provenance --access public release/*.tgz')
    expect(doc.jobs.npm.permissions!['id-token']).toBe('write')
    expect(doc.jobs['major-tag'].needs).toEqual(['publish', 'npm'])
    expect(doc.jobs['major-tag'].steps[1].run).toContain('major="${GITHUB_REF_NAME%%.*}"')
  })

  it('release.yml with one rule broken fails with that rule', () => {
    const broken = read('.github/workflows/release.yml').replace("    tags: ['v*.*.*']", "    tags: ['v*.*.*']\n    branches: [main]")
    expect(audit(broken, 'release.yml').findings.map((x) => x.rule)).toContain('unintentional-trigger')
  })

  it('Dependabot keeps actions and npm current, grouped', () => {
    const d = parse(read('.github/dependabot.yml')) as { version: number; updates: Array<{ 'package-ecosystem': string; groups?: Record<string, unknown> }> }
    expect(d.version).toBe(2)
    const ecosystems = d.updates.filter((u) => u.groups && Object.keys(u.groups).length > 0).map((u) => u['package-ecosystem'])
    expect(ecosystems.sort()).toEqual(['github-actions', 'npm'])
  })
})

describe('README', () => {
  it('the quick start snippet is the publishing job of examples/pypi.yml, word for word', () => {
    const readme = read('README.md')
    const section = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1))
    const snippet = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    expect(snippet.startsWith('jobs:\n  publish:\n')).toBe(true)
    const example = read('examples/pypi.yml')
    expect(example).toContain(snippet.slice('jobs:\n'.length))
    expect(example.endsWith(snippet.slice('jobs:\n'.length))).toBe(true)
  })

  it('names every example in examples/README.md', () => {
    const index = read('examples/README.md')
    for (const f of EXAMPLES) expect(index).toContain(`\`${f}\``)
  })
})
