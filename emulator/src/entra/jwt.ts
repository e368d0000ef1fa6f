/** Minimal RS256 JSON Web Tokens on Node's crypto: sign, decode, verify the signature. */
import { createPublicKey, createSign, createVerify, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
  x5t?: string;
}

export type JwtPayload = Record<string, unknown> & {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
};

export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  signingInput: string;
  signature: Buffer;
}

export function signJwt(payload: JwtPayload, privateKey: KeyObject, kid: string): string {
  const header: JwtHeader = { typ: 'JWT', alg: 'RS256', kid, x5t: kid };
  const signingInput = `${encodePart(header)}.${encodePart(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Parses a compact JWT without checking anything; undefined when it is not a well-formed JWT. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as JwtHeader;
    const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as JwtPayload;
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null) {
      return undefined;
    }
    return {
      header,
      payload,
      signingInput: `${headerPart}.${payloadPart}`,
      signature: Buffer.from(signaturePart, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

export function verifyJwtSignature(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  if (jwt.header.alg !== 'RS256') return false;
  return createVerify('RSA-SHA256').update(jwt.signingInput).verify(publicKey, jwt.signature);
}

/** A public key from a JSON Web Key (RSA). */
export function publicKeyFromJwk(jwk: JsonWebKey): KeyObject {
  return createPublicKey({ key: jwk, format: 'jwk' });
}

export function audiences(payload: JwtPayload): string[] {
  if (Array.isArray(payload.aud)) return payload.aud.filter((a): a is string => typeof a === 'string');
  return typeof payload.aud === 'string' ? [payload.aud] : [];
}

function encodePart(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
