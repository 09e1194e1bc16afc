// Thins a macOS universal ("fat") binary to one architecture, as `lipo -thin` does: DuckDB's
// libduckdb.dylib holds both x86_64 and arm64 (117 MB), twice what one platform VSIX needs.
// Each slice is a complete Mach-O file with its own code signature, so a slice copied out
// unchanged stays valid. A file that is not fat is returned as is.

const FAT_MAGIC = 0xcafebabe;
const FAT_MAGIC_64 = 0xcafebabf;

/** Mach-O CPU types (mach/machine.h): CPU_ARCH_ABI64 | CPU_TYPE_X86 and | CPU_TYPE_ARM. */
export const CPU_TYPES = { x64: 0x01000007, arm64: 0x0100000c } as const;
export type MacArch = keyof typeof CPU_TYPES;

export interface FatSlice {
  cpuType: number;
  offset: number;
  size: number;
}

/** The slices of a fat binary (big-endian header), or undefined when it is not one. */
export function fatSlices(file: Buffer): FatSlice[] | undefined {
  if (file.length < 8) return undefined;
  const magic = file.readUInt32BE(0);
  if (magic !== FAT_MAGIC && magic !== FAT_MAGIC_64) return undefined;
  const wide = magic === FAT_MAGIC_64;
  const count = file.readUInt32BE(4);
  const entrySize = wide ? 32 : 20;
  const slices: FatSlice[] = [];
  for (let i = 0; i < count; i++) {
    const at = 8 + i * entrySize;
    if (at + entrySize > file.length)
      throw new Error(`corrupt universal binary: header of slice ${i + 1} of ${count} is past the end`);
    const cpuType = file.readUInt32BE(at);
    const offset = wide ? Number(file.readBigUInt64BE(at + 8)) : file.readUInt32BE(at + 8);
    const size = wide ? Number(file.readBigUInt64BE(at + 16)) : file.readUInt32BE(at + 12);
    if (offset + size > file.length)
      throw new Error(`corrupt universal binary: slice ${i + 1} ends past the end of the file`);
    slices.push({ cpuType, offset, size });
  }
  return slices;
}

/** The slice of `arch` of a fat binary; the file itself when it is not fat; an error when the arch is absent. */
export function thinUniversal(file: Buffer, arch: MacArch): Buffer {
  const slices = fatSlices(file);
  if (!slices) return file;
  const slice = slices.find((s) => s.cpuType === CPU_TYPES[arch]);
  if (!slice)
    throw new Error(
      `the universal binary has no ${arch} slice (cpu types: ${slices.map((s) => `0x${s.cpuType.toString(16)}`).join(', ')})`,
    );
  return file.subarray(slice.offset, slice.offset + slice.size);
}
