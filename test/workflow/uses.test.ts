import { describe, expect, it } from '@jest/globals'
import { classifyRef, imagePinned, parseImage, parseUses } from '../../src/workflow/uses.js'

const SHA = 'de0fac2e4500dabe0009e67214ff5f5447ce83dd'

describe('parseUses', () => {
  it('reads owner/repo@sha as a pinned repository action', () => {
    expect(parseUses(`actions/checkout@${SHA}`)).toMatchObject({ kind: 'repo', owner: 'actions', repo: 'checkout', path: '', ref: SHA, refKind: 'sha', reusableWorkflow: false })
  })

  it('reads an action in a subdirectory', () => {
    expect(parseUses('github/codeql-action/upload-sarif@v3')).toMatchObject({ kind: 'repo', owner: 'github', repo: 'codeql-action', path: 'upload-sarif', ref: 'v3', refKind: 'tag' })
  })

  it('recognises a reusable workflow', () => {
    expect(parseUses('slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0')).toMatchObject({
      kind: 'repo',
      path: '.github/workflows/generator_generic_slsa3.yml',
      reusableWorkflow: true,
      refKind: 'tag',
    })
  })

  it('reads local and self-repository forms', () => {
    expect(parseUses('./.github/actions/setup')).toMatchObject({ kind: 'local', form: './', path: '.github/actions/setup', reusableWorkflow: false })
    expect(parseUses('./.github/workflows/publish.yml')).toMatchObject({ kind: 'local', reusableWorkflow: true })
    expect(parseUses('$/.github/actions/build')).toMatchObject({ kind: 'local', form: '$/', path: '.github/actions/build' })
  })

  it('splits docker:// images into name, tag and digest', () => {
    const d = 'sha256:' + 'a'.repeat(64)
    expect(parseUses(`docker://ghcr.io/astral-sh/uv:0.9@${d}`)).toMatchObject({ kind: 'docker', image: 'ghcr.io/astral-sh/uv', tag: '0.9', digest: d })
    expect(parseUses('docker://alpine')).toMatchObject({ kind: 'docker', image: 'alpine' })
    expect(parseUses('docker://localhost:5000/img:1')).toMatchObject({ image: 'localhost:5000/img', tag: '1' })
  })

  it.each([
    [SHA, 'sha'],
    [SHA.toUpperCase(), 'sha'],
    ['a'.repeat(64), 'sha'],
    ['de0fac2', 'short-sha'],
    ['de0fac2e4500dabe', 'short-sha'],
    ['v4', 'tag'],
    ['v4.2.2', 'tag'],
    ['1.0', 'tag'],
    ['v1.0.0-beta.1', 'tag'],
    ['refs/tags/v1', 'tag'],
    ['main', 'branch'],
    ['release/v1', 'branch'],
    ['refs/heads/main', 'branch'],
    ['stable', 'branch'],
    ['${{ inputs.ref }}', 'expression'],
    ['latest-release', 'symbolic'],
  ])('classifies ref %s as %s', (ref, kind) => {
    expect(classifyRef(ref)).toBe(kind)
  })

  it.each([
    ['', 'empty value'],
    ['actions/checkout', 'no @ref'],
    ['actions/checkout@', 'empty ref'],
    ['actions/checkout@v4 extra', 'white space'],
    [' actions/checkout@v4', 'white space'],
    ['actions@v4', 'owner/repo'],
    ['actions/checkout/../evil@v4', "'..'"],
    ['actions/checkout//x@v4', 'empty'],
    ['аctions/checkout@v4', 'U+0430'],
    ['${{ matrix.action }}@v1', 'expression'],
    ['actions/checkout@v4@v5', 'more than one @'],
    ['-bad/checkout@v4', 'not a valid GitHub owner'],
    ['docker://', 'no image'],
    ['docker://alpine latest', 'white space'],
  ])('rejects %j (%s)', (raw, reason) => {
    const u = parseUses(raw)
    expect(u.kind).toBe('invalid')
    expect(u.kind === 'invalid' && u.reason).toContain(reason)
  })
})

describe('images', () => {
  it('treats only a well-formed sha256 digest as pinned', () => {
    expect(imagePinned(parseImage('python:3.12@sha256:' + 'b'.repeat(64)))).toBe(true)
    expect(imagePinned(parseImage('python:3.12@sha256:abc'))).toBe(false)
    expect(imagePinned(parseImage('python:3.12'))).toBe(false)
  })
})
