/**
 * Reading the ZIP archives GitHub serves artifacts as: stored and deflated entries, from the
 * central directory. Bounded against bombs and escapes: entry count, total size, ratio, and
 * paths that would leave the destination are refused.
 */
import { inflateRawSync } from 'node:zlib'

export const ZIP_LIMITS = { entries: 10_000, totalBytes: 2 * 1024 * 1024 * 1024, ratio: 200 }

export interface ZipEntry {
  name: string
  data: Buffer
}

export function readZip(buf: Buffer): ZipEntry[] {
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a ZIP archive (no end of central directory)')
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  if (count > ZIP_LIMITS.entries) throw new Error(`the archive has ${count} entries, more than ${ZIP_LIMITS.entries}`)
  const out: ZipEntry[] = []
  let total = 0
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt ZIP central directory')
    const method = buf.readUInt16LE(p + 10)
    const csize = buf.readUInt32LE(p + 20)
    const usize = buf.readUInt32LE(p + 24)
    const nlen = buf.readUInt16LE(p + 28)
    const xlen = buf.readUInt16LE(p + 30)
    const clen = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nlen)
    p += 46 + nlen + xlen + clen
    if (name.endsWith('/')) continue
    if (name.startsWith('/') || name.includes('\\') || name.split('/').some((s) => s === '..' || s === '')) throw new Error(`the archive entry '${name}' would leave the destination`)
    total += usize
    if (total > ZIP_LIMITS.totalBytes || (csize > 0 && usize / csize > ZIP_LIMITS.ratio)) throw new Error(`the archive expands beyond the limits (entry '${name}')`)
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error('corrupt ZIP local header')
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const raw = buf.subarray(start, start + csize)
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw, { maxOutputLength: usize + 1 }) : undefined
    if (!data) throw new Error(`the archive entry '${name}' uses compression method ${method}`)
    if (data.length !== usize) throw new Error(`the archive entry '${name}' is not the size it claims`)
    out.push({ name, data })
  }
  return out
}
