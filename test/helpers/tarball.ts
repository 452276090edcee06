/** Tarballs shaped like GitHub's: a pax global header with the commit, then `owner-repo-sha/…`. */
import { gzipSync } from 'node:zlib'

function header(name: string, size: number, type: string, mode = 0o644, link = ''): Buffer {
  const h = Buffer.alloc(512)
  h.write(name, 0, 100)
  h.write(mode.toString(8).padStart(7, '0') + '\0', 100)
  h.write('0000000\0', 108)
  h.write('0000000\0', 116)
  h.write(size.toString(8).padStart(11, '0') + '\0', 124)
  h.write('14712345670\0', 136)
  h.write('        ', 148)
  h.write(type, 156)
  h.write(link, 157, 100)
  h.write('ustar\0', 257)
  h.write('00', 263)
  let sum = 0
  for (const b of h) sum += b
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
  return h
}

function pad(b: Buffer): Buffer {
  return Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)])
}

export function makeTarball(top: string, commit: string, files: Record<string, string | { link: string } | { data: string; mode: number }>): Buffer {
  const parts: Buffer[] = []
  const pax = Buffer.from(`52 comment=${commit}\n`)
  parts.push(header('pax_global_header', pax.length, 'g'), pad(pax))
  parts.push(header(`${top}/`, 0, '5', 0o755))
  const dirs = new Set<string>()
  for (const p of Object.keys(files).sort()) {
    const segs = p.split('/')
    for (let i = 1; i < segs.length; i++) {
      const d = segs.slice(0, i).join('/')
      if (dirs.has(d)) continue
      parts.push(header(`${top}/${d}/`, 0, '5', 0o755))
      dirs.add(d)
    }
    const f = files[p]
    if (typeof f === 'object' && 'link' in f) parts.push(header(`${top}/${p}`, 0, '2', 0o777, f.link))
    else {
      const data = Buffer.from(typeof f === 'string' ? f : f.data)
      parts.push(header(`${top}/${p}`, data.length, '0', typeof f === 'string' ? 0o644 : f.mode), pad(data))
    }
  }
  parts.push(Buffer.alloc(1024))
  return gzipSync(Buffer.concat(parts))
}
