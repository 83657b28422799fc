import { open } from 'node:fs/promises';

/** Image types accepted as avatars, by their magic bytes (the client's declared type is never trusted). */
export type AvatarImageType =
  { mime: 'image/jpeg'; ext: '.jpg' } | { mime: 'image/png'; ext: '.png' } | { mime: 'image/webp'; ext: '.webp' };

const startsWith = (bytes: Buffer, signature: number[], offset = 0) => signature.every((byte, i) => bytes[offset + i] === byte);

export const imageTypeOfBytes = (bytes: Buffer): AvatarImageType | null => {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: '.png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: '.jpg' };
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return { mime: 'image/webp', ext: '.webp' };
  return null;
};

export const imageTypeOfFile = async (filepath: string): Promise<AvatarImageType | null> => {
  const handle = await open(filepath, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(12), 0, 12, 0);
    return imageTypeOfBytes(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
};
