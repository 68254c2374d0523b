// write-file-atomic ships no types; the one call the benchmark makes.
declare module 'write-file-atomic' {
  export default function writeFileAtomic(path: string, data: string | Uint8Array, options?: { fsync?: boolean }): Promise<void>;
}
