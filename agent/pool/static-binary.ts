// Whether a host binary can run in any container: an executable ELF file with
// no program interpreter (PT_INTERP), so it needs no library from the image.
import { open } from 'node:fs/promises';

const ELF_MAGIC = 0x7f454c46;
const ELF_CLASS_64 = 2;
const ELF_LITTLE_ENDIAN = 1;
/** The 64-bit ELF header: e_phoff at 32, e_phentsize at 54, e_phnum at 56. */
const HEADER_BYTES = 64;
const PHOFF_OFFSET = 32;
const PHENTSIZE_OFFSET = 54;
const PHNUM_OFFSET = 56;
const PT_INTERP = 3;
/** More program headers than any real executable has: the file is not what it claims. */
const MAX_PROGRAM_HEADERS = 256;

/** True when `path` is a 64-bit little-endian ELF executable without an interpreter. */
export async function isStaticElf(path: string): Promise<boolean> {
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await file.read(header, 0, HEADER_BYTES, 0);
    if (bytesRead < HEADER_BYTES || header.readUInt32BE(0) !== ELF_MAGIC) return false;
    if (header[4] !== ELF_CLASS_64 || header[5] !== ELF_LITTLE_ENDIAN) return false;
    const phoff = Number(header.readBigUInt64LE(PHOFF_OFFSET));
    const phentsize = header.readUInt16LE(PHENTSIZE_OFFSET);
    const phnum = header.readUInt16LE(PHNUM_OFFSET);
    if (phnum === 0 || phnum > MAX_PROGRAM_HEADERS || phentsize < 4) return false;
    const table = Buffer.alloc(phentsize * phnum);
    const read = await file.read(table, 0, table.length, phoff);
    if (read.bytesRead < table.length) return false;
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === PT_INTERP) return false;
    return true;
  } finally {
    await file.close();
  }
}
