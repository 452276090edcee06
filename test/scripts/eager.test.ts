/**
 * scripts/eager.mjs rewrites the bundle's module factories so V8 compiles them in its first pass:
 * the rewritten code must do exactly what the original did, and factories whose meaning would
 * change (own `this`, `arguments`, `new.target`) must be left as they are.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Script, createContext } from 'node:vm'
import { eagerFactories, inspectFactories } from '../../scripts/eager.mjs'

/** A small bundle in ncc's shape: a table of factories and a require that calls them. */
function bundle(factories: string[]): string {
  const table = factories.map((f, i) => `${i + 1}:${f}`).join(',')
  return `var m={${table}},c={};function r(i){if(c[i])return c[i].exports;var o=c[i]={exports:{}};m[i].call(o.exports,o,o.exports,r);return o.exports}globalThis.out=[${factories.map((_, i) => `r(${i + 1})`).join(',')}];`
}

const run = (code: string): unknown => {
  const ctx = createContext({})
  new Script(code.replace(/^var m=/, 'var m=')).runInContext(ctx)
  return JSON.parse(JSON.stringify((ctx as { out: unknown }).out))
}

const plain = Array.from({ length: 12 }, (_, i) => `(e,t,n)=>{t.v=${i};t.f=x=>x*${i};const s=n(${i === 0 ? 2 : 1});t.s=typeof s}`)

describe('eager module factories', () => {
  it('rewrites arrow factories as parenthesised functions that do the same', () => {
    // module scripts need `sourceType: module`, but the shape is what matters here
    const src = bundle(plain)
    const r = eagerFactories(src)
    expect(r).toMatchObject({ converted: 12, factories: 12 })
    expect(r.code).toContain('1:(function(e,t,n){t.v=0;')
    expect(r.code).not.toMatch(/\d:\(e,t,n\)=>/)
    expect(run(r.code)).toEqual(run(src))
  })

  it('leaves alone a factory whose own this, arguments or new.target an arrow binds differently', () => {
    const own = ['(e,t)=>{t.v=this}', '(e,t)=>{t.v=arguments.length}', '(e,t)=>{t.v=()=>this}']
    const nested = '(e,t)=>{t.v=function(){return this}.call(7)}'
    const r = eagerFactories(bundle([...plain.slice(0, 10), ...own, nested]))
    expect(r).toMatchObject({ converted: 11, factories: 14 })
    for (const f of own) expect(r.code).toContain(f)
    expect(r.code).toContain('(function(e,t){t.v=function(){return this}.call(7)})')
  })

  it('refuses a file without a module table rather than pass it through', () => {
    expect(() => eagerFactories('export const a = 1\n')).toThrow(/cannot find the module table/)
  })

  it.each(['index.js', 'cli.js'])('the committed dist/%s has every factory it can in eager form', (file) => {
    const t = inspectFactories(readFileSync(join(process.cwd(), 'dist', file), 'utf8'))
    // built with the rewrite: the table is there, and nothing in it is left to convert
    expect(t.factories).toBeGreaterThan(50)
    expect(t.convertible).toBe(0)
  })
})
