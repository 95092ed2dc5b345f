// A link code as a QR code the kiosk's scanner reads: drawn as one SVG path from uqr's module
// matrix (no markup strings, no canvas), black on white whatever the theme, with a quiet zone.
import { useMemo } from 'preact/hooks';
import { encode } from 'uqr';

/** The path of the dark modules, one 1×1 square each, in module units. */
export function qrPath(matrix: readonly (readonly boolean[])[]): string {
  let d = '';
  matrix.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return d;
}

export function LinkQr({ text, label }: { text: string; label: string }) {
  // Medium error correction: a phone held at an angle, a smudged screen. A 4-module quiet zone, as the standard asks.
  const { size, path } = useMemo(() => {
    const qr = encode(text, { ecc: 'M', border: 4 });
    return { size: qr.size, path: qrPath(qr.data) };
  }, [text]);
  return (
    <svg
      class="link-qr"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      shape-rendering="crispEdges"
      data-qr-text={text}
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
