/**
 * Hostile input: every file gets a finding or a clear input error naming the file (and the
 * line where there is one) — no stack trace, no hang. Each test has a 5 s bound; the bench
 * measures the real times.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runCli } from '../src/cli.js'
import { fixturePath } from './helpers/audit.js'
import { parseWorkflow } from '../src/workflow/model.js'
import { InputError } from '../src/workflow/yaml.js'

const H = (f: string) => fixturePath(`hostile/${f}`)

async function json(file: string) {
  const r = await runCli(['audit', file, '--format', 'json'], {})
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : undefined }
}

describe('hostile workflow files', () => {
  it.each([
    ['alias-bomb.yml', /alias-bomb\.yml: aliases expand to more than 10000 nodes \(an alias bomb\?\)/],
    ['deep-nesting.yml', /deep-nesting\.yml:5: nesting deeper than 64 levels/],
    ['not-utf8.yml', /not-utf8\.yml:7: file is not valid UTF-8/],
    ['utf16.yml', /utf16\.yml:1: file is UTF-16, not UTF-8/],
    ['multi-document.yml', /multi-document\.yml:4:1: file holds 2 YAML documents/],
  ])('%s is a clear input error (exit 2)', async (f, re) => {
    const r = await runCli(['audit', H(f)], {})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(re)
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
  }, 5000)

  it('a 50 MB file is refused by size before it is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-huge-'))
    const f = join(dir, 'huge.yml')
    const fd = openSync(f, 'w')
    const chunk = Buffer.from('      - run: echo ' + 'x'.repeat(1000) + '\n')
    writeSync(fd, 'on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n')
    for (let i = 0; i < 50_000; i++) writeSync(fd, chunk)
    closeSync(fd)
    const r = await runCli(['audit', f], {})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/huge\.yml: file is 5\d{7} bytes; release-gate reads YAML files of at most 1048576 bytes/)
  }, 5000)

  it('keys of the wrong type everywhere are findings at their lines, not a crash', async () => {
    const { code, doc } = await json(H('wrong-types.yml'))
    expect(code).toBe(1)
    const lines = doc.findings.filter((f: { rule: string }) => f.rule === 'invalid-workflow').map((f: { line: number }) => f.line)
    expect(lines).toEqual(expect.arrayContaining([2, 3, 4, 5, 9, 10, 11, 12, 17, 18, 19, 21, 22]))
  }, 5000)

  it('odd uses: strings are each reported as not a valid reference', async () => {
    const { code, doc } = await json(H('odd-uses.yml'))
    expect(code).toBe(1)
    const msgs = doc.findings.filter((f: { rule: string }) => f.rule === 'unpinned-uses' || f.rule === 'unpinned-images' || f.rule === 'invalid-workflow').map((f: { line: number; message: string }) => `${f.line} ${f.message}`)
    for (const [line, re] of [
      [14, /white space/],
      [15, /'\.\.' component/],
      [16, /U\+0430/],
      [17, /an expression/],
      [18, /the repository is an expression/],
      [19, /empty ref/],
      [20, /empty value/],
      [21, /docker:\/\/ with no image/],
      [22, /leaves the repository/],
      [23, /more than one @/],
      [24, /U\+0009/],
      [25, /empty value/],
    ] as Array<[number, RegExp]>) {
      expect(msgs.filter((m: string) => m.startsWith(`${line} `)).join('\n')).toMatch(re)
    }
  }, 5000)

  it('never lets a parser exception escape as anything but an InputError', () => {
    for (const src of ['\t\tjobs:', 'on: [', ': : :', '&a *a', '!!binary x', '%YAML 9.9\n---\na: 1', '{{{{', 'a: !!python/object:os.system x']) {
      try {
        parseWorkflow(src, 'x.yml')
      } catch (e) {
        expect(e).toBeInstanceOf(InputError)
      }
    }
  })
})

describe('hostile action.yml from a third party', () => {
  it('an action with a recursive alias is an input error, not a hang', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-act-'))
    const f = join(dir, 'action.yml')
    writeFileSync(f, 'name: x\nruns: &r\n  using: composite\n  steps:\n    - *r\n')
    const r = await runCli(['audit', f], {})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/recursive alias|alias/)
  }, 5000)
})
