import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultSandboxStateDir } from '../config';

/** The files the APNs stand-in keeps in a state directory; the push worker's APNS_* settings point at them. */
export interface ApnsStateFiles {
  /** The sandbox CA's certificate (PEM): APNS_CA_FILE, the only CA the push worker should trust for it. */
  readonly caCertificate: string;
  /** The CA's private key and certificate together; the sandbox's alone (mode 0600). */
  readonly caKey: string;
  /** The ES256 (P-256) token-signing key, PKCS#8 PEM like Apple's .p8: APNS_KEY_FILE. */
  readonly authKey: string;
  /** `{ key_id, team_id, topic }`: APNS_KEY_ID, APNS_TEAM_ID, APNS_TOPIC. */
  readonly keyInfo: string;
}

/** The APNs files in a state directory. */
export function apnsStateFilesIn(stateDir: string): ApnsStateFiles {
  return Object.freeze({
    caCertificate: path.join(stateDir, 'apns-ca.pem'),
    caKey: path.join(stateDir, 'apns-ca.key'),
    authKey: path.join(stateDir, 'apns-auth-key.p8'),
    keyInfo: path.join(stateDir, 'apns-key.json'),
  });
}

/** The APNs files of a laptop run, in the default state directory. */
export const defaultApnsStateFiles = apnsStateFilesIn(defaultSandboxStateDir);

function temporaryNameFor(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Creates the state directory, readable by its owner only. */
export async function ensureStateDir(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
}

/**
 * The file's content, made by `create` only when the file does not exist yet. The file appears whole or not
 * at all, and when two sandboxes start at once both end up reading the one that was linked first.
 */
export async function readOrCreateFile(
  file: string,
  create: () => Promise<string>,
  mode: number,
): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = temporaryNameFor(file);
  await writeFile(temporary, await create(), { mode });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  return readFile(file, 'utf8');
}

/** Writes a file whole (readers never see half of it), replacing what was there. */
export async function replaceFile(file: string, content: string, mode: number): Promise<void> {
  const temporary = temporaryNameFor(file);
  await writeFile(temporary, content, { mode });
  await rename(temporary, file);
}
