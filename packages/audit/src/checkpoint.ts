import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { BotError } from '@bot/core-types';
import { canonicalJson } from './canonicalJson.js';

/**
 * A signed statement "the trail's record `seq` has hash `hash`", made at clock time `time` (epoch ms).
 * Kept somewhere the trail's writer cannot rewrite (another machine, a WORM bucket, an e-mail), it makes cutting
 * off the newest records detectable: a verifier that finds the trail ending before a checkpoint's `seq`, or with
 * another hash at that `seq`, reports it.
 *
 * `signature` = Ed25519 over the UTF-8 bytes of {@link checkpointMessage}, base64.
 */
export interface Checkpoint {
  readonly seq: number;
  readonly hash: string;
  readonly time: number;
  readonly signature: string;
}

/** The exact bytes an Ed25519 checkpoint signature covers: `canonicalJson({hash, seq, time, v: 1})`. */
export function checkpointMessage(seq: number, hash: string, time: number): string {
  return canonicalJson({ hash, seq, time, v: 1 });
}

/** A private key from a PEM string or a KeyObject. @throws BotError `CONFIG` when it is not an Ed25519 private key. */
export function toSigningKey(key: KeyObject | string): KeyObject {
  const k = typeof key === 'string' ? createPrivateKey(key) : key;
  if (k.type !== 'private' || k.asymmetricKeyType !== 'ed25519') {
    throw new BotError('CONFIG', `checkpoint signing key must be an Ed25519 private key (got ${k.type} ${k.asymmetricKeyType ?? '?'})`);
  }
  return k;
}

/** A public key from a PEM string or a KeyObject (a private key yields its public half). */
export function toVerifyKey(key: KeyObject | string): KeyObject {
  const k = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  if (k.asymmetricKeyType !== 'ed25519') {
    throw new BotError('CONFIG', `checkpoint verification key must be an Ed25519 key (got ${k.asymmetricKeyType ?? '?'})`);
  }
  return k;
}

/**
 * Signs a checkpoint of the head `(seq, hash)` at `time` (epoch ms).
 * @example
 * ```ts
 * const { privateKey, publicKey } = generateKeyPairSync('ed25519');
 * const cp = signCheckpoint(sink.head.seq, sink.head.hash, clock.now(), privateKey);
 * verifyCheckpointSignature(cp, publicKey); // true
 * ```
 */
export function signCheckpoint(seq: number, hash: string, time: number, privateKey: KeyObject): Checkpoint {
  const signature = sign(null, Buffer.from(checkpointMessage(seq, hash, time), 'utf8'), privateKey).toString('base64');
  return { seq, hash, time, signature };
}

/** True when the checkpoint's signature is valid for `publicKey`. */
export function verifyCheckpointSignature(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      Buffer.from(checkpointMessage(checkpoint.seq, checkpoint.hash, checkpoint.time), 'utf8'),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** Appends a checkpoint as one JSON line to `file` and fsyncs it. */
export function appendCheckpoint(file: string, checkpoint: Checkpoint): void {
  appendFileSync(file, `${canonicalJson({ ...checkpoint })}\n`);
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a checkpoint file (one JSON checkpoint per line). A missing file yields `[]`.
 *
 * @throws BotError `VALIDATION`-coded message naming `file:line` for a malformed line.
 */
export function readCheckpoints(file: string): Checkpoint[] {
  if (!existsSync(file)) return [];
  const out: Checkpoint[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new BotError('VALIDATION', `${file}:${i + 1}: checkpoint line is not JSON`);
    }
    const r = raw as Record<string, unknown>;
    if (
      !Number.isSafeInteger(r['seq']) ||
      typeof r['hash'] !== 'string' ||
      typeof r['time'] !== 'number' ||
      typeof r['signature'] !== 'string'
    ) {
      throw new BotError('VALIDATION', `${file}:${i + 1}: checkpoint needs seq (integer), hash, time and signature`);
    }
    out.push({ seq: r['seq'] as number, hash: r['hash'], time: r['time'], signature: r['signature'] });
  });
  return out;
}
