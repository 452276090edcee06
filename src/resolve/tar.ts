/**
 * Reading the gzipped tarballs GitHub serves (`GET /repos/{o}/{r}/tarball/{sha}`): ustar and pax
 * headers, the top folder stripped — what the runner extracts. Bounded in entries and bytes.
 */
import { gunzipSync } from 'node:zlib'

export interface TarFile {
  path: string
  data: Buffer
  /** symlink target, for type 2 entries */
  link?: string
  mode: number
}

export const TAR_LIMITS = { entries: 50_000, bytes: 512 * 1024 * 1024 }

function str(b: Buffer, off: number, len: number): string {
  const s = b.subarray(off, off + len)
  const z = s.indexOf(0)
  return s.subarray(0, z < 0 ? len : z).toString('utf8')
}

function octal(b: Buffer, off: number, len: number): number {
  const s = str(b, off, len).trim()
  return s ? parseInt(s, 8) : 0
}

export function readTarGz(gz: Buffer): TarFile[] {
  const buf = gunzipSync(gz, { maxOutputLength: TAR_LIMITS.bytes })
  const out: TarFile[] = []
  let p = 0
  let paxPath: string | undefined
  let paxLink: string | undefined
  let longName: string | undefined
  while (p + 512 <= buf.length) {
    const h = buf.subarray(p, p + 512)
    if (h.every((x) => x === 0)) break
    const size = octal(h, 124, 12)
    const type = String.fromCharCode(h[156] || 0x30)
    const body = buf.subarray(p + 512, p + 512 + size)
    p += 512 + Math.ceil(size / 512) * 512
    if (type === 'g') continue // pax global header (GitHub puts the commit id there)
    if (type === 'x') {
      const text = body.toString('utf8')
      for (const rec of text.split('\n')) {
        const m = /^\d+ (path|linkpath)=(.*)$/.exec(rec)
        if (m?.[1] === 'path') paxPath = m[2]
        if (m?.[1] === 'linkpath') paxLink = m[2]
      }
      continue
    }
    if (type === 'L') {
      longName = str(body, 0, body.length)
      continue
    }
    const prefix = str(h, 345, 155)
    const name = paxPath ?? longName ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100))
    const link = paxLink ?? str(h, 157, 100)
    paxPath = paxLink = longName = undefined
    if (out.length >= TAR_LIMITS.entries) throw new Error(`the tarball has more than ${TAR_LIMITS.entries} entries`)
    // strip the top folder (owner-repo-sha/)
    const rel = name.split('/').slice(1).join('/')
    if (!rel || type === '5') continue
    if (rel.split('/').some((s) => s === '..')) throw new Error(`tarball entry '${name}' would leave the folder`)
    if (type === '0' || type === '\0' || type === '7') out.push({ path: rel, data: Buffer.from(body), mode: octal(h, 100, 8) })
    else if (type === '2') out.push({ path: rel, data: Buffer.from(link), link, mode: 0o120000 })
  }
  return out
}

/** The content h1 sees for a symlink: the file it points to inside the archive, if any. */
export function followLinks(files: TarFile[]): Array<{ path: string; data: Buffer }> {
  const by = new Map(files.map((f) => [f.path, f]))
  return files.flatMap((f) => {
    if (f.link === undefined) return [{ path: f.path, data: f.data }]
    let target: TarFile | undefined = f
    for (let i = 0; i < 16 && target?.link !== undefined; i++) {
      const base = target.path.split('/').slice(0, -1)
      const parts = (target.link.startsWith('/') ? [] : base).concat(target.link.split('/'))
      const norm: string[] = []
      for (const s of parts) {
        if (s === '..') norm.pop()
        else if (s && s !== '.') norm.push(s)
      }
      target = by.get(norm.join('/'))
    }
    // dirhash fails on a link it cannot open; the runner's copy would too
    return target && target.link === undefined ? [{ path: f.path, data: target.data }] : []
  })
}
