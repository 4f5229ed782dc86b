/**
 * Makes an upload safe to store and show: its type is told by its content (never by its
 * name or declared content type), only photos and PDFs pass, and images are decoded and
 * re-encoded so that nothing but pixels survives (EXIF with GPS position and camera serial,
 * XMP, IPTC, ICC profiles, PNG text chunks, comments, trailing data).
 *
 * Limitations:
 * - PDFs are stored as uploaded: their metadata (author, producer, XMP) is NOT stripped,
 *   and they are checked only for a PDF header and end-of-file marker. They are served with
 *   `nosniff` under their own media type, never as anything a browser would run.
 * - HEIC/HEIF photos are refused: the prebuilt libvips of sharp decodes only AVIF in the
 *   HEIF container (HEVC is patent-encumbered and left out), so they could not be cleaned.
 * - Animated WebP keeps only its first frame.
 */
import { fileTypeFromBuffer } from 'file-type';
import type SharpModule from 'sharp';
import { ValidationError } from '../../domain/errors.ts';

/** Media types an attachment may have, with the extension each is stored and named with. */
export const ATTACHMENT_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
} as const;

export type AttachmentMediaType = keyof typeof ATTACHMENT_TYPES;

/** Largest image accepted, in pixels: a decoded 40 MP photo already takes 120–160 MB. */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** Upper bound of a cleaned file name, in characters. */
const MAX_FILE_NAME = 120;

/** JPEG quality of re-encoded photos: evidence must stay legible, size matters less. */
const JPEG_QUALITY = 90;
const WEBP_QUALITY = 90;

/** An upload that passed: bytes to store, their media type and the matching extension. */
export interface SanitizedUpload {
  buffer: Buffer;
  mediaType: AttachmentMediaType;
  extension: string;
  /** The declared name cleaned for display, with the true extension; null when unusable. */
  fileName: string | null;
}

const ALLOWED_LIST = 'JPEG, PNG, WebP or PDF';

function invalid(message: string): ValidationError {
  return new ValidationError(message, [{ field: '/file', message }]);
}

function isAttachmentType(mime: string): mime is AttachmentMediaType {
  return Object.hasOwn(ATTACHMENT_TYPES, mime);
}

/**
 * The declared name reduced to something safe to show: last path segment, no control or
 * bidirectional-override characters, bounded, ending in the extension of the real type.
 */
export function cleanFileName(
  declared: string | null | undefined,
  extension: string,
): string | null {
  if (!declared) return null;
  const lastSegment = declared.split(/[/\\]/).pop() ?? '';
  const printable = lastSegment
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  const stem = printable
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/^\.+/, '')
    .slice(0, MAX_FILE_NAME - extension.length - 1)
    .trim();
  return stem ? `${stem}.${extension}` : null;
}

let loadedSharp: Promise<typeof SharpModule> | null = null;

/**
 * sharp, loaded at the first image: libvips stays out of the memory of a server that is
 * sent no photo. Its operation cache is off: each upload is decoded once, and the cache
 * (50 MB by default) would only keep the pixels of past uploads in the server's memory.
 */
function loadSharp(): Promise<typeof SharpModule> {
  loadedSharp ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return loadedSharp;
}

async function reencodeImage(buffer: Uint8Array, mediaType: AttachmentMediaType): Promise<Buffer> {
  const sharp = await loadSharp();
  let width: number | undefined;
  let height: number | undefined;
  try {
    // Only the header is read here, so the size can be refused with a clear message.
    ({ width, height } = await sharp(buffer, { limitInputPixels: false }).metadata());
  } catch {
    throw invalid('The image cannot be decoded: it is damaged or truncated.');
  }
  if (!width || !height) throw invalid('The image cannot be decoded: it has no size.');
  if (width * height > MAX_IMAGE_PIXELS) {
    throw invalid(
      `The image is too large: ${width}×${height} pixels exceeds ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`,
    );
  }
  // failOn 'error' refuses truncated and corrupt data but tolerates the harmless warnings
  // many phone cameras produce; the pixel limit stays as a guard against decompression
  // bombs. rotate() applies the EXIF orientation to the pixels before the EXIF block is
  // dropped: sharp writes no metadata at all unless asked to (no withMetadata here).
  const pipeline = sharp(buffer, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS }).rotate();
  if (mediaType === 'image/jpeg') pipeline.jpeg({ quality: JPEG_QUALITY });
  else if (mediaType === 'image/png') pipeline.png();
  else pipeline.webp({ quality: WEBP_QUALITY });
  try {
    return await pipeline.toBuffer();
  } catch {
    throw invalid('The image cannot be decoded: it is damaged or truncated.');
  }
}

/** A PDF must start with its header (checked by type detection) and end with `%%EOF`. */
function checkPdf(buffer: Uint8Array): void {
  // Readers accept the marker anywhere in the last 1024 bytes (trailing junk is common).
  const tail = Buffer.from(buffer.subarray(Math.max(0, buffer.length - 1024))).toString('latin1');
  if (!tail.includes('%%EOF')) throw invalid('The PDF is truncated: it has no end-of-file marker.');
}

/**
 * Checks an upload by its content and returns the bytes to store: images re-encoded in
 * their own format without any metadata and upright, PDFs unchanged.
 * @throws ValidationError (field `/file`) for an empty file, a type other than JPEG, PNG,
 *   WebP or PDF, an image that does not decode or exceeds 40 megapixels, a truncated PDF.
 */
export async function sanitizeUpload(
  buffer: Uint8Array,
  declaredName: string | null | undefined,
): Promise<SanitizedUpload> {
  if (buffer.length === 0) throw invalid('The file is empty.');
  const detected = await fileTypeFromBuffer(buffer);
  if (!detected) {
    throw invalid(`unsupported file type: the content is not recognised; send ${ALLOWED_LIST}.`);
  }
  if (!isAttachmentType(detected.mime)) {
    throw invalid(`unsupported file type: ${detected.mime}; send ${ALLOWED_LIST}.`);
  }
  const mediaType = detected.mime;
  const extension = ATTACHMENT_TYPES[mediaType];
  let out: Buffer;
  if (mediaType === 'application/pdf') {
    checkPdf(buffer);
    out = Buffer.from(buffer);
  } else {
    out = await reencodeImage(buffer, mediaType);
  }
  return { buffer: out, mediaType, extension, fileName: cleanFileName(declaredName, extension) };
}
