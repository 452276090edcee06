/**
 * `subject-path` read as actions/attest reads it with @actions/glob. The expected lists are what
 * @actions/glob 0.7.0 (`glob.create(pattern).glob()`, files only, as actions/attest filters)
 * returned for the same tree, recorded by hand; braces are the one documented extension.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { expandBraces, expandGlobs, parseSubjectPaths } from '../../src/attest/glob.js'

function tree(): string {
  const ws = mkdtempSync(join(tmpdir(), 'rg-glob-'))
  for (const d of ['dist/sub', 'dist/.cache', 'other']) mkdirSync(join(ws, d), { recursive: true })
  for (const f of ['dist/a.whl', 'dist/b.tar.gz', 'dist/sub/c.whl', 'dist/.hidden.whl', 'dist/.cache/x.whl', 'dist/[x].whl', 'other/o.whl']) writeFileSync(join(ws, f), f)
  symlinkSync('../other', join(ws, 'dist', 'link'))
  symlinkSync('nowhere', join(ws, 'dist', 'broken'))
  return ws
}

const ALL = ['dist/.cache/x.whl', 'dist/.hidden.whl', 'dist/[x].whl', 'dist/a.whl', 'dist/b.tar.gz', 'dist/link/o.whl', 'dist/sub/c.whl']

describe('subject-path globs, as @actions/glob reads them', () => {
  it.each([
    ['dist/*', ALL], // a matched directory brings everything under it; dot files too
    ['dist', ALL],
    ['dist/', ALL],
    ['dist/**/*.whl', ALL.filter((f) => f.endsWith('.whl'))],
    ['dist/*\n!dist/b.tar.gz', ALL.filter((f) => f !== 'dist/b.tar.gz')],
    ['dist/**\n!dist/sub\ndist/sub/c.whl', ALL], // a later line adds back what an earlier one excluded
    ['**/*.tar.gz', ['dist/b.tar.gz']],
    ['dist/?.whl', ['dist/a.whl']],
    ['dist/[ab].*', ['dist/a.whl', 'dist/b.tar.gz']],
    ['dist/[!a].*', ['dist/b.tar.gz']],
    ['dist/\\[x\\].whl', ['dist/[x].whl']],
    ['# comment\ndist/a.whl', ['dist/a.whl']],
    ['./dist/a.whl', ['dist/a.whl']],
    ['dist/sub/', ['dist/sub/c.whl']],
    ['!dist/a.whl\ndist/*.whl', ['dist/.hidden.whl', 'dist/[x].whl', 'dist/a.whl']], // order matters
    ['dist/link/*', ['dist/link/o.whl']], // symbolic links are followed
  ])('%j', async (pattern, want) => {
    const r = await expandGlobs(tree(), pattern.split('\n'))
    expect(r.files).toEqual(want)
  })

  it('expands braces (the one extension; @actions/glob sets nobrace)', async () => {
    expect((await expandGlobs(tree(), ['dist/*.{whl,tar.gz}'])).files).toEqual(['dist/.hidden.whl', 'dist/[x].whl', 'dist/a.whl', 'dist/b.tar.gz'])
    expect(expandBraces('a/{b,c{d,e}}/*.{x,y}')).toEqual(['a/b/*.x', 'a/b/*.y', 'a/cd/*.x', 'a/cd/*.y', 'a/ce/*.x', 'a/ce/*.y'])
    expect(expandBraces('a{b}c')).toEqual(['a{b}c'])
  })

  it('splits a list as actions/attest does (lines, and commas outside quotes), but not inside braces', () => {
    expect(parseSubjectPaths(['dist/a.whl, dist/b.tar.gz', '"dist/c,d.whl"', '', 'dist/*.{whl,tar.gz}'])).toEqual(['dist/a.whl', 'dist/b.tar.gz', 'dist/c,d.whl', 'dist/*.{whl,tar.gz}'])
  })

  it('refuses patterns that leave the workspace', async () => {
    await expect(expandGlobs(tree(), ['../*'])).rejects.toThrow(/leaves the workspace/)
    await expect(expandGlobs(tree(), ['/etc/*'])).rejects.toThrow(/leaves the workspace/)
  })
})
