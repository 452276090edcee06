/**
 * gha.sum exactly as ghasum reads and writes it. The vectors are re-typed from ghasum's own
 * test data (chains-project/ghasum at 20071fe):
 * - testdata/init/success.txtar: the action folders under `.cache/` and the `gha.sum` that
 *   `ghasum init` must write for them (`.want/gha.sum`);
 * - testdata/verify/error.txtar: the sumfiles `ghasum verify` refuses, and its messages;
 * - internal/sumfile/sumfile_test.go and version1_test.go: decode/encode cases.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { tmpdir } from 'node:os'
import { ghasumSum, hashDir } from '../../src/resolve/dirhash.js'
import { encodeGhaSum, parseGhaSum } from '../../src/resolve/ghasum.js'
import { checkGhaSum } from '../../src/resolve/integrity.js'
import { InputError } from '../../src/workflow/yaml.js'
import { GHASUM_INIT_WANT, GHASUM_VECTORS } from '../helpers/ghasum-vectors.js'
import { FakeGitHub } from '../helpers/fake-github.js'
import { CodeHost } from '../helpers/codehost.js'
import { runCli } from '../../src/cli.js'

function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rg-ghasum-'))
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true })
    writeFileSync(join(dir, p), c)
  }
  return dir
}

describe("ghasum's checksums (dirhash h1, bare base64)", () => {
  it.each(GHASUM_VECTORS.map((v) => [v.id, v] as const))('%s: in memory and on disk', async (_id, v) => {
    expect(ghasumSum(Object.entries(v.files).map(([path, d]) => ({ path, data: Buffer.from(d) })))).toBe(v.sum)
    expect(await hashDir(writeTree(v.files))).toBe(v.sum)
  })

  it('verifies a folder against the recorded sum, and catches one changed byte', async () => {
    const v = GHASUM_VECTORS[0]
    expect(await checkGhaSum(v.id, writeTree(v.files), v.sum)).toMatchObject({ ok: true, actual: v.sum })
    const bad = await checkGhaSum(v.id, writeTree({ 'action.yml': 'name: actions/checkout@main \n' }), v.sum)
    expect(bad).toMatchObject({ ok: false, expected: v.sum })
    expect(bad.actual).not.toBe(v.sum)
  })

  it("orders file names by UTF-8 bytes, as Go's sort.Strings does", () => {
    // U+FF5E is before U+1F600 in UTF-8 bytes (EF BD 9E < F0 9F 98 80), after it in UTF-16 units (FF5E > D83D)
    const a = { path: '\u{1F600}', data: Buffer.from('a') }
    const b = { path: '\uFF5E', data: Buffer.from('b') }
    const line = (f: { path: string; data: Buffer }) => `${createHash('sha256').update(f.data).digest('hex')}  ${f.path}\n`
    const goOrder = createHash('sha256').update(line(b) + line(a)).digest('base64')
    expect(ghasumSum([a, b])).toBe(goOrder)
    expect(ghasumSum([b, a])).toBe(goOrder)
  })
})

describe('gha.sum, written as ghasum init writes it', () => {
  it('is byte-identical to ghasum init for the same actions, in any input order', () => {
    const entries = new Map(GHASUM_VECTORS.map((v) => [v.id, v.sum] as [string, string]).reverse())
    expect(encodeGhaSum(entries)).toBe(GHASUM_INIT_WANT)
  })

  it('writes no entries as `version 1` and a blank line (sumfile_test.go TestNoChecksums)', () => {
    expect(encodeGhaSum(new Map())).toBe('version 1\n\n')
  })

  it.each([
    // version1_test.go TestEncodeV1 invalid examples
    ['anything@v1', 'Hello\nworld!'],
    ['anything@v1', 'Hello\rworld!'],
    ['anything@v1', 'Hello world!'],
    ['Hello\nworld!@v1', 'anything'],
    ['Hello\rworld!@v1', 'anything'],
    ['a/b@', 'anything'],
  ])('refuses to write %j %j', (id, sum) => {
    expect(() => encodeGhaSum(new Map([[id, sum]]))).toThrow(/cannot write/)
  })
})

describe('gha.sum, read as ghasum reads it', () => {
  it("reads ghasum init's output back", () => {
    const s = parseGhaSum(GHASUM_INIT_WANT)
    expect([...s.entries].map(([k, v]) => [k, v.sum, v.line])).toEqual(GHASUM_VECTORS.map((v, i) => [v.id, v.sum, i + 3]))
  })

  it.each([
    // sumfile_test.go TestDecode
    ['basic example', 'version 1\n\nactions/checkout@v4.2.0 e6ng7MJDyAPkTZ/6d/plZK2YhZRzJZvxhYAPUPpNAzc=\n'],
    ['windows newlines', 'version 1\r\n\r\nactions/checkout@v4.2.0 e6ng7MJDyAPkTZ/6d/plZK2YhZRzJZvxhYAPUPpNAzc=\r\n'],
    ['an unknown extra header', 'version 1\nfoo bar\n\nactions/checkout@v4.2.0 e6ng7MJDyAPkTZ/6d/plZK2YhZRzJZvxhYAPUPpNAzc=\n'],
  ])('accepts %s', (_name, text) => {
    const s = parseGhaSum(text)
    expect(s.entries.get('actions/checkout@v4.2.0')?.sum).toBe('e6ng7MJDyAPkTZ/6d/plZK2YhZRzJZvxhYAPUPpNAzc=')
  })

  it('accepts a file without entries (sumfile_test.go TestNoChecksums)', () => {
    expect(parseGhaSum('version 1\n').entries.size).toBe(0)
  })

  it.each([
    // verify/error.txtar: sumfile-syntax-headers, -syntax-entries, -duplicate-headers, -duplicate-entries
    ['version 1\nfoobar\n', 2, /sumfile headers are invalid: invalid header on line 2/],
    ['version 1\n\nthis-action/is-missing@a-checksum\n', 3, /syntax error/],
    ['version 1\nfoo bar\nfoo bar\n', 3, /sumfile headers are invalid: duplicate header 'foo'/],
    ['version 1\n\nactions/checkout@v4 rfcqiYqRAnhqMjwnw/oJp2lqI5zRjHTtu2vQ9/ss4x0=\nactions/checkout@v4 oJp2lqI5zRjHTtu2vQ9/rfcqiYqRAnhqMjwnw/ss4x0=\n', 4, /checksums are corrupted: duplicate entry/],
    // sumfile_test.go TestDecodeCorruptFile and TestUnknownVersion
    ['', 1, /version error/],
    [' ', 1, /version error/],
    ['version', 1, /invalid header on line 1/],
    ['version ', 1, /version error: version '' is not a number/],
    ['not a version', 1, /version error/],
    ['version 1', 1, /missing final newline/],
    ['version 0\n', 1, /unknown version 0/],
    ['version 1\nversion 1\n', 2, /duplicate header 'version'/],
    ['version 1\nversion 2\n', 2, /duplicate header 'version'/],
    ['version 1\nexample-header foo\nexample-header bar\n', 3, /duplicate header/],
    ['version 1\n\nexample@checksum foobar\nexample@checksum foobar\n', 4, /duplicate entry/],
    ['version 1\n\nentry checksum', 3, /missing final newline/],
    // version1_test.go TestDecodeV1 invalid examples (lines counted from the file's start)
    ['version 1\n\nfoobar\n', 3, /syntax error/],
    ['version 1\n\nfoobar \n', 3, /syntax error/],
    ['version 1\n\n foobar\n', 3, /syntax error/],
    ['version 1\n\na/b@v1 bar\nsyntax-error\n', 4, /syntax error/],
    // validate.go: an empty ID part; version1.go: a space inside the checksum
    ['version 1\n\na/b@ sum\n', 3, /missing id or checksum/],
    ['version 1\n\n@v1 sum\n', 3, /missing id or checksum/],
    ['version 1\n\na/b@v1 su m\n', 3, /syntax error: the checksum holds a space/],
    // ghasum's verify indexes ID[0]@ID[1]: a one-part ID crashes it
    ['version 1\n\nactions-checkout sum=\n', 3, /is not owner\/repo@ref/],
    // duplicates are found on the parts joined without a separator (validate.go hasDuplicates)
    ['version 1\n\na/b@cd x=\na/bc@d y=\n', 4, /duplicate entry 'a\/bc@d' \(first on line 3\)/],
  ])('rejects %j on line %d', (text, line, re) => {
    let err: unknown
    try {
      parseGhaSum(text)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).message).toMatch(re)
    expect((err as InputError).line).toBe(line)
  })

  it('refuses an h1:-prefixed checksum, which no tool writes and ghasum reports as a mismatch', () => {
    expect(() => parseGhaSum('version 1\n\nactions/checkout@main h1:JHipZi1UCvybC3fwi9RFLTK8vpI/gURTga/ColyHI4k=\n')).toThrow(/starts with 'h1:': ghasum writes bare base64/)
  })
})

describe('release-gate lock, on the actions of ghasum init/success.txtar', () => {
  // target/.github/workflows/workflow.yml and its local action, re-typed from the test data
  const WORKFLOW = [
    'name: Example workflow',
    'on: [push]',
    '',
    'jobs:',
    '  example-1:',
    '    name: example',
    '    runs-on: ubuntu-22.04',
    '    steps:',
    '    - name: Checkout repository',
    '      uses: actions/checkout@main',
    '    - name: Install Go',
    '      uses: actions/setup-go@v5.0.0',
    '      with:',
    '        go-version-file: go.mod',
    '    - name: golangci-lint',
    '      uses: golangci/golangci-lint-action@3a91952',
    '    - name: This step uses transitive actions',
    '      uses: actions/composite@v1',
    '    - name: This step uses a local action',
    '      uses: ./.github/actions/hello-world-action',
    '    - name: This step uses a Docker Hub action',
    '      uses: docker://alpine:3.8',
    '    - name: This step does not use an action',
    "      run: Echo 'hello world!'",
    '  example-2:',
    '    uses: actions/reusable/.github/workflows/workflow.yml@v2',
    '',
  ].join('\n')
  const LOCAL_ACTION = "name: Hello world action\ndescription: Says 'Hello world!'\n\nruns:\n  using: composite\n  steps:\n  - name: Say hello world\n    uses: actions/github-script@v8.0.0\n    with:\n      script: console.log(\"Hello world!\");\n"

  let gh: FakeGitHub
  afterEach(async () => gh?.stop())

  it('writes the gha.sum ghasum init writes, byte for byte', async () => {
    gh = new FakeGitHub()
    const host = new CodeHost(gh)
    for (const [i, v] of GHASUM_VECTORS.entries()) {
      const [name, ref] = v.id.split('@')
      const [owner, repo] = name.split('/')
      // the short-SHA ref names a commit starting with it; the others are a branch or a tag
      const sha = /^[0-9a-f]{7}$/.test(ref) ? `${ref}${String(i).repeat(33)}` : String(i + 1).repeat(40)
      gh.addRepo(name, { branches: { main: [sha] }, tags: ref === 'main' || ref === sha.slice(0, 7) ? {} : { [ref]: sha } })
      host.add(owner, repo, sha, v.files)
    }
    await gh.start()
    const root = mkdtempSync(join(tmpdir(), 'rg-ghasum-init-'))
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true })
    mkdirSync(join(root, '.github', 'actions', 'hello-world-action'), { recursive: true })
    writeFileSync(join(root, '.github', 'workflows', 'workflow.yml'), WORKFLOW)
    writeFileSync(join(root, '.github', 'actions', 'hello-world-action', 'action.yml'), LOCAL_ACTION)
    const r = await runCli(['lock', root], { GH_TOKEN: gh.token, GITHUB_API_URL: gh.url })
    expect([r.code, r.stderr]).toEqual([0, ''])
    // One deliberate difference: the test data's actions/composite@v1 has `runs.steps` but no
    // `runs.using: composite`, so the runner refuses it and never runs its nested
    // actions/setup-node@v4.4.0; ghasum follows `steps` regardless, release-gate follows what runs.
    expect(readFileSync(join(root, '.github', 'workflows', 'gha.sum'), 'utf8')).toBe(GHASUM_INIT_WANT.replace(/^actions\/setup-node@v4\.4\.0 .*\n/m, ''))
  })

  it('writes the same bytes as ghasum for a composite that declares `using: composite`', async () => {
    gh = new FakeGitHub()
    const host = new CodeHost(gh)
    const C = 'c0'.repeat(20)
    const N = 'd0'.repeat(20)
    const composite = { 'action.yml': 'name: c\ndescription: c\nruns:\n  using: composite\n  steps:\n  - uses: actions/setup-node@v4.4.0\n' }
    gh.addRepo('org/composite', { branches: { main: [C] }, tags: { v1: C } })
    gh.addRepo('actions/setup-node', { branches: { main: [N] }, tags: { 'v4.4.0': N } })
    host.add('org', 'composite', C, composite).add('actions', 'setup-node', N, GHASUM_VECTORS.find((v) => v.id === 'actions/setup-node@v4.4.0')!.files)
    await gh.start()
    const root = mkdtempSync(join(tmpdir(), 'rg-ghasum-init-'))
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true })
    writeFileSync(join(root, '.github', 'workflows', 'w.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: org/composite@v1\n')
    const r = await runCli(['lock', root], { GH_TOKEN: gh.token, GITHUB_API_URL: gh.url })
    expect([r.code, r.stderr]).toEqual([0, ''])
    const composite1 = createHash('sha256').update(`${createHash('sha256').update(composite['action.yml']).digest('hex')}  action.yml\n`).digest('base64')
    expect(readFileSync(join(root, '.github', 'workflows', 'gha.sum'), 'utf8')).toBe(`version 1\n\nactions/setup-node@v4.4.0 Gdoys4h+gIN02lzrWZW0uxjBQ8Rk5YSE6+q1SOrw/+o=\norg/composite@v1 ${composite1}\n`)
  })
})
