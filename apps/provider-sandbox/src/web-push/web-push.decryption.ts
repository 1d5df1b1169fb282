import { createDecipheriv, hkdfSync } from 'node:crypto';
import type { WebPushUserAgentKeys } from './web-push.subscriptions';

const saltBytes = 16;
const tagBytes = 16;
const uncompressedPointBytes = 65;

/** Why a push message could not be decrypted; the push service still took it, as a real one would. */
export class WebPushDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebPushDecryptionError';
  }
}

function nonceFor(baseNonce: Buffer, sequence: number): Buffer {
  const nonce = Buffer.from(baseNonce);
  // RFC 8188 §2.3: the record sequence number XORed into the nonce's low bytes (JavaScript's ^ is 32-bit, and
  // a push message never has 2^32 records).
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ sequence) >>> 0, 8);
  return nonce;
}

function withoutPadding(record: Buffer, last: boolean): Buffer {
  let end = record.length - 1;
  while (end >= 0 && record[end] === 0) end -= 1;
  const delimiter = record[end];
  if (delimiter !== (last ? 2 : 1))
    throw new WebPushDecryptionError('a record has the wrong padding delimiter');
  return record.subarray(0, end);
}

/**
 * Decrypts a push message the way the browser holding `keys` would: the aes128gcm content coding (RFC 8188)
 * with the Web Push key derivation (RFC 8291 §3.4), the sender's public key in the header's key id.
 */
export function decryptAes128gcm(body: Buffer, keys: WebPushUserAgentKeys): Buffer {
  if (body.length < saltBytes + 5)
    throw new WebPushDecryptionError('the body is shorter than an aes128gcm header');
  const salt = body.subarray(0, saltBytes);
  const recordSize = body.readUInt32BE(saltBytes);
  const keyIdLength = body.readUInt8(saltBytes + 4);
  const headerBytes = saltBytes + 5 + keyIdLength;
  if (recordSize < 18) throw new WebPushDecryptionError(`the record size ${recordSize} is below 18`);
  if (keyIdLength !== uncompressedPointBytes || body.length < headerBytes) {
    throw new WebPushDecryptionError('the header key id is not the sender’s 65-byte uncompressed P-256 key');
  }
  const senderPublicKey = body.subarray(saltBytes + 5, headerBytes);

  let sharedSecret: Buffer;
  try {
    sharedSecret = keys.ecdh.computeSecret(senderPublicKey);
  } catch {
    throw new WebPushDecryptionError('the header key id is not a point on P-256');
  }
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), keys.publicKey, senderPublicKey]);
  const inputKey = Buffer.from(hkdfSync('sha256', sharedSecret, keys.authSecret, keyInfo, 32));
  const contentKey = Buffer.from(hkdfSync('sha256', inputKey, salt, 'Content-Encoding: aes128gcm\0', 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', inputKey, salt, 'Content-Encoding: nonce\0', 12));

  const ciphertext = body.subarray(headerBytes);
  if (ciphertext.length <= tagBytes) throw new WebPushDecryptionError('the body holds no record');
  const plaintext: Buffer[] = [];
  for (let offset = 0, sequence = 0; offset < ciphertext.length; offset += recordSize, sequence += 1) {
    const record = ciphertext.subarray(offset, offset + recordSize);
    const last = offset + recordSize >= ciphertext.length;
    if (record.length <= tagBytes) throw new WebPushDecryptionError('a record is shorter than its tag');
    const decipher = createDecipheriv('aes-128-gcm', contentKey, nonceFor(baseNonce, sequence));
    decipher.setAuthTag(record.subarray(record.length - tagBytes));
    let padded: Buffer;
    try {
      padded = Buffer.concat([
        decipher.update(record.subarray(0, record.length - tagBytes)),
        decipher.final(),
      ]);
    } catch {
      throw new WebPushDecryptionError(
        'a record does not decrypt with the subscription’s keys (wrong p256dh or auth?)',
      );
    }
    plaintext.push(withoutPadding(padded, last));
  }
  return Buffer.concat(plaintext);
}
