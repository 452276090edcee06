/**
 * GitHub's REST contract, from GitHub's published OpenAPI description (@octokit/openapi,
 * pinned in package.json; generated/api.github.com.json): which operation a request is, whether
 * its path and query parameters are documented, whether the status is one the operation
 * documents, and whether a JSON body validates against that operation's response schema.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv } from 'ajv'
import type { ValidateFunction } from 'ajv'

const require = createRequire(import.meta.url)

interface Param {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema?: { type?: string; enum?: string[] }
  'x-multi-segment'?: boolean
}
interface Operation {
  operationId: string
  parameters?: Array<Param | { $ref: string }>
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>
}
interface Spec {
  info: { version: string }
  paths: Record<string, Record<string, Operation>>
  components: { parameters: Record<string, Param> }
}

export interface Exchange {
  method: string
  /** path and query, as sent */
  path: string
  status: number
  contentType: string
  body: Buffer
}

/** Statuses GitHub may answer any request with (auth, rate limits, outages), documented or not. */
const ANYWHERE = new Set([401, 403, 404, 422, 429, 500, 502, 503, 504])

let spec: Spec | undefined
let ajv: Ajv | undefined
const validators = new Map<string, ValidateFunction>()
let routes: Array<{ template: string; re: RegExp; names: string[]; params: number }> | undefined

export function openapi(): Spec {
  if (!spec) {
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json')
    spec = JSON.parse(readFileSync(file, 'utf8')) as Spec
  }
  return spec
}

function param(p: Param | { $ref: string }): Param {
  return '$ref' in p ? openapi().components.parameters[p.$ref.split('/').pop()!] : p
}

/** The documented operation a request is, with its path parameters decoded. */
export function operationOf(method: string, pathAndQuery: string): { template: string; op: Operation; path: Record<string, string>; query: URLSearchParams } | undefined {
  const s = openapi()
  if (!routes) {
    routes = Object.keys(s.paths).map((template) => {
      const names: string[] = []
      const multi = new Set<string>()
      for (const ops of Object.values(s.paths[template])) for (const p of (ops.parameters ?? []).map(param)) if (p?.in === 'path' && p['x-multi-segment']) multi.add(p.name)
      const re = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, n: string) => {
        names.push(n)
        return multi.has(n) ? '(.+)' : '([^/]+)'
      })
      return { template, re: new RegExp(`^${re}$`), names, params: names.length }
    })
    // literal segments win over parameters (`/repos/{o}/{r}/tags` over `/repos/{o}/{r}/{x}`)
    routes.sort((a, b) => a.params - b.params)
  }
  const u = new URL(pathAndQuery, 'http://api.invalid')
  for (const r of routes) {
    const m = r.re.exec(u.pathname)
    const op = m && s.paths[r.template][method.toLowerCase()]
    if (!m || !op) continue
    return { template: r.template, op, path: Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])])), query: u.searchParams }
  }
  return undefined
}

function validatorFor(template: string, method: string, status: string): ValidateFunction | undefined {
  const key = `${method} ${template} ${status}`
  if (validators.has(key)) return validators.get(key)
  const res = openapi().paths[template][method].responses[status]
  const schema = res?.content?.['application/json']?.schema
  if (!schema) return undefined
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, unicodeRegExp: false })
    ajv.addFormat('uri', (v: string) => /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(v))
    ajv.addFormat('uri-template', true)
    ajv.addFormat('date-time', (v: string) => !Number.isNaN(Date.parse(v)))
    ajv.addFormat('date', (v: string) => /^\d{4}-\d\d-\d\d$/.test(v))
    ajv.addFormat('email', (v: string) => /^\S+@\S+$/.test(v))
    ajv.addFormat('hostname', true)
    ajv.addFormat('ipv4', true)
    ajv.addFormat('ipv6', true)
    ajv.addFormat('uuid', true)
    ajv.addFormat('int64', true)
    ajv.addFormat('int32', true)
    ajv.addFormat('repo.nwo', true)
    ajv.addFormat('binary', true)
    ajv.addSchema(nullable({ components: (openapi() as unknown as { components: unknown }).components }) as object, 'gh')
  }
  const v = ajv.compile(nullable(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"gh#/components/'))) as object)
  validators.set(key, v)
  return v
}

/** OpenAPI 3.0 `nullable: true` as JSON Schema: the type may also be null. */
function nullable(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(nullable)
  if (!x || typeof x !== 'object') return x
  const o: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(x)) o[k] = nullable(v)
  if (o.nullable === true) {
    delete o.nullable
    if (typeof o.type === 'string') o.type = [o.type, 'null']
    else if (o.enum) o.enum = [...(o.enum as unknown[]), null]
    else if (o.$ref || o.allOf || o.oneOf || o.anyOf) return { anyOf: [{ type: 'null' }, o] }
  }
  return o
}

/** What is wrong with one exchange against GitHub's description; [] when it conforms. */
export function contractErrors(x: Exchange): string[] {
  const at = `${x.method} ${x.path}`
  const found = operationOf(x.method, x.path)
  if (!found) return [`${at}: not an operation GitHub documents`]
  const errors: string[] = []
  const params = (found.op.parameters ?? []).map(param)
  for (const key of new Set(found.query.keys())) {
    if (!params.some((p) => p.in === 'query' && p.name === key)) errors.push(`${at}: query parameter '${key}' is not documented for ${found.op.operationId}`)
  }
  for (const p of params) {
    if (p.in === 'path' && p.schema?.enum && !p.schema.enum.includes(found.path[p.name])) errors.push(`${at}: '${found.path[p.name]}' is not one of ${p.schema.enum.join(', ')} for {${p.name}}`)
    if (p.in === 'query' && p.required && !found.query.has(p.name)) errors.push(`${at}: required query parameter '${p.name}' is missing`)
  }
  const documented = Object.keys(found.op.responses)
  const status = String(x.status)
  if (!documented.includes(status) && !ANYWHERE.has(x.status)) errors.push(`${at}: HTTP ${status} is not a response ${found.op.operationId} documents (${documented.join(', ')})`)
  if (documented.includes(status) && /^application\/json\b/.test(x.contentType) && x.status < 300) {
    const v = validatorFor(found.template, x.method.toLowerCase(), status)
    if (v) {
      let body: unknown
      try {
        body = JSON.parse(x.body.toString('utf8'))
      } catch {
        return [...errors, `${at}: the body is not JSON`]
      }
      if (!v(body)) errors.push(...(v.errors ?? []).slice(0, 5).map((e) => `${at} (${found.op.operationId} ${status}): ${e.instancePath || '/'} ${e.message}`))
    }
  }
  return errors
}
