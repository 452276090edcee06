/**
 * ghasum's `.github/workflows/gha.sum`: a header block (`version 1`), a blank line, then one
 * `owner/repo@ref <checksum>` line per action, sorted, with a final newline. Checksums are Go's
 * dirhash "h1" over the action's files.
 */
import { InputError } from '../workflow/yaml.js'

export const GHA_SUM_PATH = '.github/workflows/gha.sum'

export interface GhaSum {
  file: string
  /** `owner/repo@ref` (as written) -> checksum, with the line it is on */
  entries: Map<string, { sum: string; line: number }>
}

export function parseGhaSum(text: string, file = GHA_SUM_PATH): GhaSum {
  const lines = text.includes('\r') ? text.split('\r\n') : text.split('\n')
  const headers = new Map<string, string>()
  let i = 0
  for (; i < lines.length && lines[i] !== ''; i++) {
    const sp = lines[i].indexOf(' ')
    if (sp < 0) throw new InputError('invalid header', file, i + 1)
    const k = lines[i].slice(0, sp)
    if (headers.has(k)) throw new InputError(`duplicate header '${k}'`, file, i + 1)
    headers.set(k, lines[i].slice(sp + 1))
  }
  const version = headers.get('version')
  if (version === undefined) throw new InputError('no `version` header', file, 1)
  if (version !== '1') throw new InputError(`gha.sum version ${version} is not supported (release-gate reads version 1)`, file, 1)
  if (lines[lines.length - 1] !== '') throw new InputError('missing final newline', file, lines.length)
  const entries = new Map<string, { sum: string; line: number }>()
  for (let n = i + 1; n < lines.length - 1; n++) {
    const l = lines[n]
    const sp = l.indexOf(' ')
    if (sp <= 0 || sp >= l.length - 1 || /[\r\n ]/.test(l.slice(sp + 1))) throw new InputError('expected `owner/repo@ref checksum`', file, n + 1)
    const id = l.slice(0, sp)
    if (!/^[^@\s]+@[^@\s]+$/.test(id) && !/^[^@\s]+(@[^@\s]+)+$/.test(id)) throw new InputError(`'${id}' is not owner/repo@ref`, file, n + 1)
    if (entries.has(id)) throw new InputError(`duplicate entry '${id}'`, file, n + 1)
    entries.set(id, { sum: l.slice(sp + 1), line: n + 1 })
  }
  return { file, entries }
}

export function encodeGhaSum(entries: Map<string, string>): string {
  const lines = [...entries].map(([id, sum]) => `${id} ${sum}\n`).sort()
  return `version 1\n\n${lines.join('')}`
}
