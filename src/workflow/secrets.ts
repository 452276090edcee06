/**
 * Where a secret's value is, as a step sees it: `${{ secrets.X }}` written in the step, an
 * environment variable bound to one at workflow, job, calling step or step level, or a
 * composite action's `inputs.*` that its caller gave one (`with: { token: ${{ secrets.X }} }`).
 * `secrets.GITHUB_TOKEN` is left aside: it expires with the job.
 */
import { findExpressions } from './expr.js'
import type { Pos, YNode } from './yaml.js'

/** A secret a value carries, and the names it went through (`inputs.token`, `env.TOKEN`), outermost last. */
export interface SecretRef {
  secret: string
  via: string[]
}

/** An environment variable bound to a secret: where the binding is written. */
export interface SecretBinding {
  ref: SecretRef
  pos: Pos
  file: string
}

/** What names carry secrets where a step's expressions are written. */
export interface SecretScope {
  /** `inputs.*` of a composite action as its caller bound them (lower-case names). */
  inputs?: Map<string, SecretRef[]>
  /** Environment variables the step's process sees, by name. */
  env: Map<string, SecretBinding>
}

/** `${{ secrets.NAME }}` names in a text, GITHUB_TOKEN aside (it expires with the job). */
export function secretNames(text: string): string[] {
  const out: string[] = []
  for (const e of findExpressions(text)) {
    for (const m of e.inner.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/gi)) {
      const n = m[1] ?? m[2]
      if (n.toUpperCase() !== 'GITHUB_TOKEN') out.push(n)
    }
  }
  return out
}

/** Look an environment variable up as the `env` context does (case-insensitively). */
function envGet(env: Map<string, SecretBinding>, name: string): SecretBinding | undefined {
  const exact = env.get(name)
  if (exact) return exact
  const low = name.toLowerCase()
  for (const [k, v] of env) if (k.toLowerCase() === low) return v
  return undefined
}

/** The secrets a text's `${{ }}` expressions read: directly, through `inputs.*` or through `env.*`. */
export function secretsIn(text: string, sc: SecretScope | undefined): SecretRef[] {
  const out: SecretRef[] = []
  if (!text.includes('${{')) return out
  for (const e of findExpressions(text)) {
    for (const m of e.inner.matchAll(/\b(secrets|inputs|env)\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/gi)) {
      const ctx = m[1].toLowerCase()
      const n = m[2] ?? m[3]
      if (ctx === 'secrets') {
        if (n.toUpperCase() !== 'GITHUB_TOKEN') out.push({ secret: n, via: [] })
      } else if (ctx === 'inputs') {
        for (const r of sc?.inputs?.get(n.toLowerCase()) ?? []) out.push({ secret: r.secret, via: [...r.via, `inputs.${n}`] })
      } else if (sc) {
        const b = envGet(sc.env, n)
        if (b) out.push({ secret: b.ref.secret, via: [...b.ref.via, `env.${n}`] })
      }
    }
  }
  return out
}

/** The env a level adds to the one above it: each value read with the levels above. */
export function bindEnv(above: Map<string, SecretBinding>, env: Map<string, YNode>, file: string, inputs?: Map<string, SecretRef[]>): Map<string, SecretBinding> {
  if (env.size === 0) return above
  const out = new Map(above)
  for (const [k, v] of env) {
    const text = v.kind === 'scalar' && v.value !== null ? String(v.value) : ''
    const ref = secretsIn(text, { ...(inputs ? { inputs } : {}), env: above })[0]
    if (ref) out.set(k, { ref, pos: v.pos, file })
    // a level that sets the variable to something else hides the secret above it
    else out.delete(k)
  }
  return out
}

/** How a secret is named in messages: `secrets.X`, or `inputs.token (secrets.X)`. */
export function secretLabel(r: SecretRef): string {
  return r.via.length ? `${r.via[r.via.length - 1]} (secrets.${r.secret})` : `secrets.${r.secret}`
}

/**
 * Variables a script hands to the job's later steps through `$GITHUB_ENV`
 * (`echo "TWINE_PASSWORD=${{ inputs.token }}" >> "$GITHUB_ENV"`) that carry a secret.
 */
export function exportedSecrets(script: string, sc: SecretScope): Array<{ name: string; ref: SecretRef }> {
  const out: Array<{ name: string; ref: SecretRef }> = []
  if (!script.includes('GITHUB_ENV')) return out
  for (const line of script.split(/\r?\n/)) {
    if (!/GITHUB_ENV\b/.test(line) || !/>>|\btee\b/.test(line)) continue
    const m = /\b(?:echo|printf)\s+(?:-\w+\s+)*["']?([A-Za-z_]\w*)=([^"'>|]*)/.exec(line)
    if (!m) continue
    const ref =
      secretsIn(m[2], sc)[0] ??
      [...m[2].matchAll(/\$\{?([A-Za-z_]\w*)\}?/g)].map((v) => sc.env.get(v[1])).find((b) => b !== undefined)?.ref
    if (ref) out.push({ name: m[1], ref: { secret: ref.secret, via: [...ref.via, '$GITHUB_ENV'] } })
  }
  return out
}
