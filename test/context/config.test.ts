import { describe, expect, it } from '@jest/globals'
import { parseConfig } from '../../src/context/config.js'
import { parseSize, readSettings } from '../../src/context/inputs.js'

describe('config file', () => {
  it('reads rules and allow entries', () => {
    const c = parseConfig(
      [
        'rules:',
        '  unpinned-uses:',
        '    severity: warning',
        '    ignore:',
        '      - .github/workflows/release.yml:12',
        '  unpinned-images:',
        '    disable: true',
        'allow:',
        '  - uses: slsa-framework/slsa-github-generator/*',
        '    reason: must be referenced by tag',
        '  - pypa/gh-action-pypi-publish -- builds a Docker image at run time',
        '',
      ].join('\n'),
      '.github/release-gate.yml',
    )
    expect(c.rules['unpinned-uses']).toEqual({ severity: 'warning', ignore: ['.github/workflows/release.yml:12'] })
    expect(c.rules['unpinned-images']).toEqual({ disable: true })
    expect(c.allow.map((a) => a.pattern)).toEqual(['slsa-framework/slsa-github-generator/*', 'pypa/gh-action-pypi-publish'])
  })

  it.each([
    ['rules:\n  unpinned-usse:\n    disable: true\n', /2:3: unknown rule 'unpinned-usse'; known rules: .*unpinned-uses/],
    ['rulez: {}\n', /unknown key 'rulez'/],
    ['rules:\n  unpinned-uses:\n    severity: high\n', /severity must be one of error, warning, note/],
    ['rules:\n  unpinned-uses:\n    disable: yes\n', /disable must be true or false/],
    ['allow:\n  - uses: foo/*\n', /needs a `reason:`/],
    ['rules: [\n', /invalid YAML/],
  ])('rejects %j', (text, re) => {
    expect(() => parseConfig(text, '.github/release-gate.yml')).toThrow(re)
  })
})

describe('inputs', () => {
  const src = (v: Record<string, string>) => ({ get: (n: string) => v[n] ?? '' })

  it('has safe defaults', () => {
    expect(readSettings(src({}))).toEqual({
      token: '',
      failOn: 'error',
      configPath: '.github/release-gate.yml',
      disabled: [],
      allow: [],
      offline: false,
      attest: { mode: 'off', subjectPath: [], artifactPath: 'dist', predicateType: 'https://slsa.dev/provenance/v1' },
      requireLock: false,
      summary: 'full',
    })
  })

  it('reads lists from commas and new lines', () => {
    const s = readSettings(src({ disable: 'unpinned-images,\n unpinned-uses\n', allow: 'a/b -- one\n# comment\nc/* -- two\n' }))
    expect(s.disabled).toEqual(['unpinned-images', 'unpinned-uses'])
    expect(s.allow.map((a) => a.pattern)).toEqual(['a/b', 'c/*'])
  })

  it.each([
    [{ 'fail-on': 'high' }, /Input 'fail-on' is 'high'; expected one of error, warning, never/],
    [{ offline: 'yes' }, /Input 'offline' is 'yes'; expected true or false/],
    [{ disable: 'no-such-rule' }, /Input 'disable' names 'no-such-rule'/],
    [{ allow: 'foo/bar' }, /has no reason/],
  ])('rejects %j', (v, re) => {
    expect(() => readSettings(src(v as Record<string, string>))).toThrow(re)
  })
})

describe('artifact-max-size', () => {
  it.each([
    ['', undefined],
    ['2GiB', 2 * 1024 ** 3],
    ['500 MB', 500e6],
    ['1048576', 1048576],
    ['1.5gib', 1.5 * 1024 ** 3],
  ])('reads %j as %p bytes', (v, n) => {
    expect(parseSize('artifact-max-size', v)).toBe(n)
  })

  it.each(['0', '-1', 'big', '2 GiBs', '1e9'])('refuses %j', (v) => {
    expect(() => parseSize('artifact-max-size', v)).toThrow(/Input 'artifact-max-size' is .*expected a size/)
  })
})
