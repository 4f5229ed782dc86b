import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.ts';
import { cleanFileName, MAX_IMAGE_PIXELS, sanitizeUpload } from './sanitize.ts';

/** A noisy photo-like image (noise, so truncation cuts into the pixel data). */
function noise(width: number, height: number) {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });
}

/** A JPEG as a phone writes it: camera, owner and GPS position in EXIF, turned by a tag. */
async function phoneJpeg(): Promise<Buffer> {
  return noise(60, 40)
    .jpeg()
    .withExif({
      IFD0: { Make: 'SecretCam', Model: 'Model X', Copyright: 'Alice Resident' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '39/1 57/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '116/1 21/1 0/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .keepIccProfile()
    .toBuffer();
}

/** Inserts a PNG chunk right after IHDR (8-byte signature + 25-byte IHDR chunk). */
function withPngChunk(png: Buffer, type: string, data: Buffer): Buffer {
  const at = 33;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([png.subarray(0, at), length, typeAndData, crc, png.subarray(at)]);
}

/** A minimal valid one-page PDF, with a correct cross-reference table. */
function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    '<< /Title (Inspection report) /Author (Bob Handler) >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  const v = error as ValidationError;
  expect(v.fields[0]?.field).toBe('/file');
  return v;
}

describe('sanitizeUpload', () => {
  it('keeps no decoded image in memory after a photo (libvips operation cache off)', async () => {
    await sanitizeUpload(await phoneJpeg(), 'photo.jpg');
    const cache = sharp.cache();
    expect(cache.memory).toMatchObject({ current: 0, max: 0 });
    expect(cache.items).toEqual({ current: 0, max: 0 });
  });

  it('strips EXIF and GPS from a JPEG and turns it upright', async () => {
    const input = await phoneJpeg();
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);
    expect(input.includes('SecretCam')).toBe(true);

    const out = await sanitizeUpload(input, 'IMG_0001.JPG');
    expect(out.mediaType).toBe('image/jpeg');
    expect(out.extension).toBe('jpg');
    expect(out.fileName).toBe('IMG_0001.jpg');
    const after = await sharp(out.buffer).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    // Orientation 6 (90° clockwise) was applied to the pixels: 60×40 became 40×60.
    expect([after.width, after.height]).toEqual([40, 60]);
    for (const secret of ['Exif', 'SecretCam', 'Alice Resident', 'Model X'])
      expect(out.buffer.includes(secret)).toBe(false);
  });

  it('removes XMP and metadata written through withMetadata', async () => {
    const input = await noise(30, 30)
      .jpeg()
      .withMetadata({ density: 300 })
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="39,57.2N"/></rdf:RDF></x:xmpmeta>',
      )
      .toBuffer();
    expect((await sharp(input).metadata()).xmp).toBeDefined();
    const out = await sanitizeUpload(input, 'x.jpg');
    const after = await sharp(out.buffer).metadata();
    expect(after.xmp).toBeUndefined();
    expect(after.exif).toBeUndefined();
    expect(out.buffer.includes('GPSLatitude')).toBe(false);
  });

  it('drops the text chunks of a PNG and keeps it a PNG', async () => {
    const plain = await noise(20, 20)
      .png()
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><owner>Alice Resident</owner></x:xmpmeta>')
      .toBuffer();
    const input = withPngChunk(
      plain,
      'tEXt',
      Buffer.from('Comment\0taken at 39.9572N 116.35E by Alice', 'latin1'),
    );
    const before = await sharp(input).metadata();
    expect(before.comments?.[0]?.text).toMatch(/39\.9572N/);
    expect(before.xmp).toBeDefined();

    const out = await sanitizeUpload(input, 'shot.png');
    expect(out.mediaType).toBe('image/png');
    expect(out.extension).toBe('png');
    const after = await sharp(out.buffer).metadata();
    expect(after.format).toBe('png');
    expect(after.comments).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(out.buffer.includes('Alice Resident')).toBe(false);
    expect(out.buffer.includes('39.9572N')).toBe(false);
    expect(out.buffer.includes('tEXt')).toBe(false);
  });

  it('re-encodes a WebP without its EXIF', async () => {
    const input = await noise(20, 20)
      .webp()
      .withExif({ IFD0: { Make: 'SecretCam' } })
      .toBuffer();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = await sanitizeUpload(input, null);
    expect(out.mediaType).toBe('image/webp');
    expect(out.fileName).toBeNull();
    expect((await sharp(out.buffer).metadata()).exif).toBeUndefined();
    expect(out.buffer.includes('SecretCam')).toBe(false);
  });

  it('tells the type by content, not by the name', async () => {
    const png = await noise(10, 10).png().toBuffer();
    const out = await sanitizeUpload(png, 'holiday.jpg');
    expect(out.mediaType).toBe('image/png');
    expect(out.fileName).toBe('holiday.png');
  });

  it('refuses text named .jpg', async () => {
    const error = await rejection(
      sanitizeUpload(Buffer.from('<script>alert(1)</script> just text'), 'photo.jpg'),
    );
    expect(error.message).toMatch(/^unsupported file type/);
  });

  it('refuses a recognised but unsupported type, naming it', async () => {
    const gif = await noise(10, 10).gif().toBuffer();
    const error = await rejection(sanitizeUpload(gif, 'a.gif'));
    expect(error.message).toMatch(/^unsupported file type: image\/gif/);
    const tiff = await noise(10, 10).tiff().toBuffer();
    expect((await rejection(sanitizeUpload(tiff, 'a.jpg'))).message).toMatch(/image\/tiff/);
  });

  it('refuses an empty file', async () => {
    expect((await rejection(sanitizeUpload(Buffer.alloc(0), 'a.jpg'))).message).toMatch(/empty/);
  });

  it('refuses a truncated JPEG and a truncated PNG', async () => {
    const jpeg = await noise(300, 200).jpeg().toBuffer();
    const error = await rejection(sanitizeUpload(jpeg.subarray(0, jpeg.length * 0.6), 'a.jpg'));
    expect(error.message).toMatch(/cannot be decoded/);
    const png = await noise(300, 200).png().toBuffer();
    await rejection(sanitizeUpload(png.subarray(0, png.length * 0.6), 'a.png'));
  });

  it('refuses an image over 40 megapixels before decoding it', async () => {
    // 8000 × 5001 > 40 MP; one colour, so the PNG stays tiny.
    const big = await sharp({
      create: { width: 8000, height: 5001, channels: 3, background: '#808080' },
    })
      .png()
      .toBuffer();
    expect(8000 * 5001).toBeGreaterThan(MAX_IMAGE_PIXELS);
    const error = await rejection(sanitizeUpload(big, 'big.png'));
    expect(error.message).toMatch(/too large.*40 megapixels/);
  });

  it('accepts a PDF as it is', async () => {
    const pdf = minimalPdf();
    const out = await sanitizeUpload(pdf, 'report.PDF');
    expect(out.mediaType).toBe('application/pdf');
    expect(out.extension).toBe('pdf');
    expect(out.fileName).toBe('report.pdf');
    expect(out.buffer.equals(pdf)).toBe(true);
  });

  it('refuses a PDF without its end-of-file marker', async () => {
    const pdf = minimalPdf();
    const error = await rejection(sanitizeUpload(pdf.subarray(0, pdf.length - 20), 'r.pdf'));
    expect(error.message).toMatch(/truncated/);
  });
});

describe('cleanFileName', () => {
  it('keeps the last path segment and the true extension', () => {
    expect(cleanFileName('C:\\Users\\alice\\Desktop\\IMG 1.jpeg', 'jpg')).toBe('IMG 1.jpg');
    expect(cleanFileName('../../etc/passwd', 'png')).toBe('passwd.png');
    expect(cleanFileName('report.final.pdf.exe', 'pdf')).toBe('report.final.pdf.pdf');
  });

  it('removes control and direction-override characters', () => {
    expect(cleanFileName('photo\u202Egpj.exe', 'jpg')).toBe('photogpj.jpg');
    expect(cleanFileName('a\u0000b\nc.png', 'png')).toBe('abc.png');
  });

  it('gives null for nothing usable and bounds the length', () => {
    expect(cleanFileName('', 'jpg')).toBeNull();
    expect(cleanFileName('.jpg', 'jpg')).toBeNull();
    expect(cleanFileName('/', 'jpg')).toBeNull();
    expect(cleanFileName(null, 'jpg')).toBeNull();
    expect(cleanFileName(`${'x'.repeat(500)}.jpg`, 'jpg')?.length).toBeLessThanOrEqual(120);
  });
});
