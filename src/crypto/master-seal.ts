import type { KeyMaterial } from '../config/keys';
import { open, seal } from './envelope';

/*
 * Values sealed directly under a master key (not under a subject's data key): webhook
 * signing secrets and stored idempotent answers. Each is bound to its context (what it is
 * and whose), and names the master key it is under, so a rotation can move it (reseal.ts).
 */

export interface MasterSealed {
  masterKeyId: string;
  sealed: string;
}

/** `plaintext` sealed under the current master key (MASTER_KEY_ID). */
export function sealUnderMaster(
  keys: KeyMaterial,
  context: string,
  plaintext: Buffer,
): MasterSealed {
  const masterKeyId = keys.currentMasterKeyId;
  return { masterKeyId, sealed: seal(keys.masterKeys.get(masterKeyId)!, context, plaintext) };
}

/** The plaintext, or null when this instance lacks the key or the key does not open it. */
export function openUnderMaster(
  keys: KeyMaterial,
  { masterKeyId, sealed }: MasterSealed,
  context: string,
): Buffer | null {
  const master = keys.masterKeys.get(masterKeyId);
  if (!master) return null;
  try {
    return open(master, context, sealed);
  } catch {
    return null;
  }
}
