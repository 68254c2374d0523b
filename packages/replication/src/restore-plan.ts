// Which generation of each component a restore takes, from the bucket alone.
//   latest-cut: the newest complete SaveAll manifest whose every listed generation is present
//   cut:        that SaveAll (by cut id)
//   time:       per component, the newest generation saved at or before `at`, plus the
//               Q-table delta records on top of it saved at or before `at`
//   seq:        that component at that seq; the others as of its savedAt
// Every candidate is downloaded and verified (digest, HMAC, full decode) before it is chosen;
// a damaged one makes the plan fall back (older cut, older generation) and says so.

import type { AnyComponentCodec, Keyring, ManifestState } from '@quantum/persistence-core';
import { QuantumStateError, decodeGeneration, manifestCodec } from '@quantum/persistence-core';
import type { Bucket } from './bucket.js';
import { RestoreRefusedError, StoreError } from './errors.js';
import type { KeyScope } from './object-keys.js';
import { checkDownloaded } from './remote-check.js';
import type { CheckedObject } from './remote-check.js';
import type { RemoteCatalog, RemoteGeneration } from './remote-catalog.js';
import { deltasUpTo } from './restore-deltas.js';
import type { RestoredDeltas } from './restore-deltas.js';

export type RestorePoint = { kind: 'latest-cut' } | { kind: 'cut'; cutId: number } | { kind: 'time'; at: number } | { kind: 'seq'; component: string; seq: number };

export interface ChosenGeneration {
  codec: AnyComponentCodec;
  object: CheckedObject;
  /** Point-in-time restores: the Q-table delta records saved after the generation, up to that time. */
  deltas?: RestoredDeltas;
}

export interface RestorePlan {
  chosen: ChosenGeneration[];
  cut?: { cutId: number; completedAt: number };
  warnings: string[];
}

export interface PlanContext {
  bucket: Bucket;
  catalog: RemoteCatalog;
  scope: KeyScope;
  keyring: Keyring;
  codecs: readonly AnyComponentCodec[];
}

export async function planRestore(context: PlanContext, point: RestorePoint): Promise<RestorePlan> {
  const listed = new Map<string, RemoteGeneration[]>();
  for (const codec of [...context.codecs, manifestCodec]) listed.set(codec.name, await context.catalog.generations(codec.name, point.kind === 'time' || point.kind === 'seq'));
  if ([...listed.values()].every((objects) => objects.length === 0)) {
    throw new RestoreRefusedError(`the bucket holds no generations for installation ${context.scope.installation} under prefix "${context.scope.prefix}"`);
  }
  if (point.kind === 'latest-cut' || point.kind === 'cut') return planCut(context, listed, point);
  let at: number;
  const pinned = new Map<string, number>();
  if (point.kind === 'seq') {
    const object = listed.get(point.component)?.find((candidate) => candidate.seq === point.seq);
    if (object?.savedAt === undefined) throw new RestoreRefusedError(`${point.component} seq ${point.seq} is not in the bucket (or has no saved-at metadata)`);
    at = object.savedAt;
    pinned.set(point.component, point.seq);
  } else {
    at = point.at;
  }
  const plan: RestorePlan = { chosen: [], warnings: [] };
  for (const codec of context.codecs) {
    const candidates = (listed.get(codec.name) ?? []).filter((object) => (pinned.has(codec.name) ? object.seq === pinned.get(codec.name) : object.savedAt !== undefined && object.savedAt <= at));
    const chosen = await newestValid(context, codec, candidates, plan.warnings);
    if (chosen !== undefined && point.kind === 'time') {
      const deltas = await deltasUpTo(context.bucket, context.scope, context.keyring, codec, chosen.object.header.seq, at, plan.warnings);
      if (deltas !== undefined) chosen.deltas = deltas;
    }
    if (chosen !== undefined) plan.chosen.push(chosen);
    else if (pinned.has(codec.name)) throw new RestoreRefusedError(`${codec.name} seq ${pinned.get(codec.name)} failed verification: ${plan.warnings.join('; ')}`);
    else if (candidates.length > 0 || (listed.get(codec.name) ?? []).length > 0) plan.warnings.push(`${codec.name}: no verified generation saved at or before ${new Date(at).toISOString()}; left out`);
  }
  if (plan.chosen.length === 0) throw new RestoreRefusedError(`no verified generation saved at or before ${new Date(at).toISOString()}: ${plan.warnings.join('; ')}`);
  return plan;
}

async function planCut(context: PlanContext, listed: Map<string, RemoteGeneration[]>, point: Extract<RestorePoint, { kind: 'cut' | 'latest-cut' }>): Promise<RestorePlan> {
  const warnings: string[] = [];
  const manifests = [...(listed.get(manifestCodec.name) ?? [])].reverse();
  for (const object of manifests) {
    const checked = await download(context, manifestCodec, object, warnings);
    if (checked === undefined) continue;
    const manifest = decodeGeneration(manifestCodec, checked.bytes, context.keyring, object.key).state as ManifestState;
    if (!manifest.complete || (point.kind === 'cut' && manifest.cutId !== point.cutId)) continue;
    const chosen: ChosenGeneration[] = [{ codec: manifestCodec, object: checked }];
    let usable = true;
    for (const entry of manifest.components) {
      const codec = context.codecs.find((candidate) => candidate.name === entry.component);
      const member = listed.get(entry.component)?.find((candidate) => candidate.seq === entry.seq);
      const verified = codec === undefined || member === undefined ? undefined : await download(context, codec, member, warnings);
      if (codec === undefined) warnings.push(`cut #${manifest.cutId}: component ${entry.component} is not known to this build; left out`);
      else if (verified === undefined) {
        warnings.push(`cut #${manifest.cutId}: ${entry.component} seq ${entry.seq} is ${member === undefined ? 'not in the bucket' : 'damaged'}; trying an older cut`);
        usable = false;
        break;
      } else chosen.push({ codec, object: verified });
    }
    if (!usable) continue;
    for (const skipped of manifest.skipped) warnings.push(`cut #${manifest.cutId} skipped ${skipped.component} (${skipped.reason}); it is not restored`);
    return { chosen, cut: { cutId: manifest.cutId, completedAt: manifest.completedAt }, warnings };
  }
  const what = point.kind === 'cut' ? `SaveAll cut #${point.cutId}` : 'complete SaveAll cut';
  throw new RestoreRefusedError(`no ${what} with every generation present and verified in the bucket${warnings.length > 0 ? `: ${warnings.join('; ')}` : ''}`);
}

/** Newest candidate that downloads, verifies and decodes; each failure becomes a warning. */
async function newestValid(context: PlanContext, codec: AnyComponentCodec, candidates: readonly RemoteGeneration[], warnings: string[]): Promise<ChosenGeneration | undefined> {
  for (const object of [...candidates].reverse()) {
    const checked = await download(context, codec, object, warnings);
    if (checked !== undefined) return { codec, object: checked };
  }
  return undefined;
}

async function download(context: PlanContext, codec: AnyComponentCodec, object: RemoteGeneration, warnings: string[]): Promise<CheckedObject | undefined> {
  try {
    const checked = checkDownloaded(object.key, await context.bucket.get(object.key), context.keyring, { kind: codec.kind, seq: object.seq });
    decodeGeneration(codec, checked.bytes, context.keyring, object.key);
    return checked;
  } catch (error) {
    if (error instanceof StoreError || !(error instanceof QuantumStateError)) throw error;
    warnings.push(`${object.key}: ${error.message}`);
    return undefined;
  }
}
