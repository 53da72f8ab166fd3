/**
 * QR codes as the product draws them, everywhere: error correction level M (still read with a
 * crease, glare or a little dirt on a printed poster) and a two-module quiet zone. qrcode is
 * loaded at the first code: it costs every process that imports it about 0.1 s of CPU.
 */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** The code as an SVG document (shown in the console: two-factor enrolment, rotating codes). */
export async function qrSvg(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', ...OPTIONS });
}

/** The code as a PNG `width` pixels wide (printed posters). */
export async function qrPng(text: string, width: number): Promise<Buffer> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(text, { ...OPTIONS, width });
}
