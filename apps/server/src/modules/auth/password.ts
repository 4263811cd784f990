import argon2 from 'argon2';

// OWASP Password Storage Cheat Sheet (2023): argon2id, m=19 MiB, t=2, p=1 as the minimum.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (plain: string) => argon2.hash(plain, OPTIONS);

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

// Verifying against a fixed hash when the user does not exist keeps response times equal.
let dummyHash: Promise<string> | null = null;
export async function burnVerify(plain: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password');
  await verifyPassword(await dummyHash, plain);
}
