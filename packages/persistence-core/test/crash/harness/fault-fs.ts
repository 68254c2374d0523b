// A FileSystem wrapper that fails one chosen call with ENOSPC or EIO, as a full or failing
// disk would, and records every call that could fail that way.

import type { FileHandle, FileSystem, OpenFlags, SpaceInfo } from '../../../src/fs/file-system.js';
import { errnoError } from './recording-fs.js';

export type FaultCode = 'ENOSPC' | 'EIO';
/** Calls a full or failing disk makes fail: everything that writes data or metadata. */
export type FaultableCall = 'create' | 'write' | 'sync' | 'datasync' | 'truncate' | 'rename' | 'link' | 'unlink' | 'mkdir' | 'syncDirectory';

export interface FaultPlan {
  /** 0-based index among the faultable calls made through this file system. */
  at: number;
  code: FaultCode;
}

export class FaultInjectingFileSystem implements FileSystem {
  readonly calls: { call: FaultableCall; path: string }[] = [];
  plan: FaultPlan | undefined;
  /** The call that was failed, once the plan fired. */
  failed: { call: FaultableCall; path: string; code: FaultCode } | undefined;
  /** Free space statfs reports, when the test simulates a nearly full disk. */
  freeBytes: number | undefined;

  constructor(
    readonly inner: FileSystem,
    plan?: FaultPlan,
  ) {
    this.plan = plan;
  }

  /** Counts the call, and throws if it is the one planned to fail. */
  check(call: FaultableCall, path: string): void {
    const index = this.calls.length;
    this.calls.push({ call, path });
    if (this.plan !== undefined && this.plan.at === index) {
      this.failed = { call, path, code: this.plan.code };
      throw errnoError(this.plan.code, call, path);
    }
  }

  async open(path: string, flags: OpenFlags, mode?: number): Promise<FileHandle> {
    if (flags === 'wx' || flags === 'wx+' || flags === 'a') this.check('create', path);
    return new FaultingHandle(this, await this.inner.open(path, flags, mode), path);
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.inner.readFile(path);
  }

  async rename(from: string, to: string): Promise<void> {
    this.check('rename', to);
    return this.inner.rename(from, to);
  }

  async link(existing: string, to: string): Promise<void> {
    this.check('link', to);
    return this.inner.link(existing, to);
  }

  async unlink(path: string): Promise<void> {
    this.check('unlink', path);
    return this.inner.unlink(path);
  }

  async mkdir(path: string, mode?: number): Promise<void> {
    this.check('mkdir', path);
    return this.inner.mkdir(path, mode);
  }

  readdir(path: string): Promise<string[]> {
    return this.inner.readdir(path);
  }

  stat(path: string): ReturnType<FileSystem['stat']> {
    return this.inner.stat(path);
  }

  async syncDirectory(path: string): Promise<void> {
    this.check('syncDirectory', path);
    return this.inner.syncDirectory(path);
  }

  async statfs(path: string): Promise<SpaceInfo> {
    const real = await this.inner.statfs(path);
    return this.freeBytes === undefined ? real : { totalBytes: real.totalBytes, freeBytes: this.freeBytes };
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.inner.chmod(path, mode);
  }
}

class FaultingHandle implements FileHandle {
  constructor(
    private readonly fs: FaultInjectingFileSystem,
    private readonly handle: FileHandle,
    private readonly path: string,
  ) {}

  async write(data: Uint8Array, position: number | null): Promise<number> {
    this.fs.check('write', this.path);
    return this.handle.write(data, position);
  }

  read(into: Uint8Array, position: number): Promise<number> {
    return this.handle.read(into, position);
  }

  async sync(): Promise<void> {
    this.fs.check('sync', this.path);
    return this.handle.sync();
  }

  async datasync(): Promise<void> {
    this.fs.check('datasync', this.path);
    return this.handle.datasync();
  }

  async truncate(length: number): Promise<void> {
    this.fs.check('truncate', this.path);
    return this.handle.truncate(length);
  }

  size(): Promise<number> {
    return this.handle.size();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
