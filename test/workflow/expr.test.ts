import { describe, expect, it } from '@jest/globals'
import { contextRefs, evaluateCondition, findExpressions, known, parseExpr, UNKNOWN } from '../../src/workflow/expr.js'
import type { AV } from '../../src/workflow/expr.js'

const ctx = (m: Record<string, AV>) => (p: string) => m[p] ?? UNKNOWN

describe('expression parser', () => {
  it('parses operators with GitHub precedence', () => {
    expect(parseExpr("github == 'x' && env || !vars")).toEqual({
      k: 'bin',
      op: '||',
      a: { k: 'bin', op: '&&', a: { k: 'bin', op: '==', a: { k: 'ctx', name: 'github' }, b: { k: 'lit', v: 'x' } }, b: { k: 'ctx', name: 'env' } },
      b: { k: 'not', e: { k: 'ctx', name: 'vars' } },
    })
  })

  it('reads context, property and function names case-insensitively, as GitHub does (env names keep their case)', () => {
    expect(contextRefs(parseExpr('GITHUB.EVENT.PULL_REQUEST.TITLE'))).toEqual(['github.event.pull_request.title'])
    expect(contextRefs(parseExpr('Secrets.Pypi_Token'))).toEqual(['secrets.pypi_token'])
    expect(contextRefs(parseExpr('ENV.My_Var'))).toEqual(['env.My_Var'])
    expect(parseExpr("StartsWith(github.ref, 'x')")).toMatchObject({ k: 'call', fn: 'startswith' })
  })

  it('rejects what GitHub rejects: unknown contexts and functions, wrong argument counts', () => {
    expect(() => parseExpr('foo.bar')).toThrow()
    expect(() => parseExpr("nosuch('x')")).toThrow()
    expect(() => parseExpr("startsWith('x')")).toThrow()
  })

  it('collects the context paths read', () => {
    expect(contextRefs(parseExpr("github.event.pull_request.title || format('{0}', inputs.name)"))).toEqual([
      'github.event.pull_request.title',
      'inputs.name',
    ])
    expect(contextRefs(parseExpr("secrets[format('{0}_TOKEN', matrix.env)]"))).toEqual(['secrets[]', 'matrix.env'])
    expect(contextRefs(parseExpr("github.event.commits.*.message"))).toEqual(['github.event.commits.*.message'])
    expect(contextRefs(parseExpr("github['head_ref']"))).toEqual(['github.head_ref'])
  })

  it('finds ${{ }} in text, with string literals containing }}', () => {
    expect(findExpressions("echo ${{ github.ref }} and ${{ format('}}{0}', x) }}").map((e) => e.inner)).toEqual(['github.ref', "format('}}{0}', x)"])
  })

  it.each(['a ==', "'unterminated", 'a b', '((a)', 'a[1'])('rejects %j', (s) => {
    expect(() => parseExpr(s)).toThrow()
  })
})

describe('three-valued evaluation', () => {
  const tagPush = ctx({ 'github.event_name': known('push'), 'github.ref': { t: 'prefix', p: 'refs/tags/' }, 'github.ref_type': known('tag') })
  const branchPush = ctx({ 'github.event_name': known('push'), 'github.ref': { t: 'prefix', p: 'refs/heads/' }, 'github.ref_type': known('branch') })
  const pr = ctx({ 'github.event_name': known('pull_request'), 'github.ref': { t: 'prefix', p: 'refs/pull/' } })

  it.each([
    ["github.event_name == 'push' && startsWith(github.ref, 'refs/tags/')", true, false, false],
    ["startsWith(github.ref, 'refs/tags/v')", 'unknown', false, false],
    ["github.ref_type == 'tag'", true, false, 'unknown'],
    ["${{ github.event_name != 'pull_request' }}", true, true, false],
    ["always() && startsWith(github.ref, 'refs/tags/v')", 'unknown', false, false],
    ["github.repository == 'pydantic/pydantic'", 'unknown', 'unknown', 'unknown'],
    ["contains(github.ref, 'refs/tags')", true, 'unknown', 'unknown'],
    ["github.event_name == 'PUSH'", true, true, false],
    ['success()', 'unknown', 'unknown', 'unknown'],
    ['', true, true, true],
  ])('%s -> tag %s, branch %s, pr %s', (cond, t, b, p) => {
    expect(evaluateCondition(cond, tagPush)).toBe(t)
    expect(evaluateCondition(cond, branchPush)).toBe(b)
    expect(evaluateCondition(cond, pr)).toBe(p)
  })

  it('treats text around ${{ }} as an always-true string', () => {
    expect(evaluateCondition("ref is ${{ github.ref == 'x' }}", branchPush)).toBe(true)
    // `if: ${{ a }} && b`: the part after }} is text, so the value is a non-empty string
    expect(evaluateCondition("${{ github.event_name == 'release' }} && github.ref_type == 'tag'", branchPush)).toBe(true)
    // `if: |` block scalar: the value ends in a newline, outside the expression
    expect(evaluateCondition("${{ github.event_name == 'release' }}\n", branchPush)).toBe(true)
    expect(evaluateCondition("${{ github.event_name == 'release' }}", branchPush)).toBe(false)
  })

  it("uses GitHub's coercions and functions on known values", () => {
    const none = ctx({})
    expect(evaluateCondition('null == false', none)).toBe(true)
    expect(evaluateCondition("'' == 0", none)).toBe(true)
    expect(evaluateCondition("'abc' == 'ABC'", none)).toBe(true)
    expect(evaluateCondition("contains(fromJSON('[\"push\",\"release\"]'), github.event_name)", tagPush)).toBe(true)
    expect(evaluateCondition("contains(fromJSON('[\"release\"]'), github.event_name)", tagPush)).toBe(false)
    expect(evaluateCondition("fromJSON('{\"On\": true}').on", none)).toBe(true)
    expect(evaluateCondition("format('{0}-{1}', 'a', 'b') == 'a-b'", none)).toBe(true)
    expect(evaluateCondition("fromJSON('not json')", none)).toBe('unknown')
    expect(evaluateCondition("1 < '2'", none)).toBe(true)
  })

  it('never takes a malformed condition as false', () => {
    expect(evaluateCondition("github.ref == 'a' &&", branchPush)).toBe('unknown')
  })
})
