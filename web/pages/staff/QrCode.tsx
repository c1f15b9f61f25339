import { useMemo } from "preact/hooks";
import { qrPath } from "./qr";

/** The quiet zone around a QR code, in modules (the standard asks for 4). */
const QUIET = 4;

/**
 * A QR code as inline SVG (no style attributes: the CSP forbids them), sharp at any print
 * size. `label` is its text alternative.
 */
export function QrCode({ text, label, class: className }: { text: string; label: string; class?: string }) {
  const { size, d } = useMemo(() => qrPath(text), [text]);
  const full = size + QUIET * 2;
  return (
    <svg
      class={className}
      viewBox={`0 0 ${full} ${full}`}
      role="img"
      aria-label={label}
      shape-rendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
      data-qr={text}
    >
      <rect width={full} height={full} fill="#fff" />
      <path d={d} fill="#000" transform={`translate(${QUIET} ${QUIET})`} />
    </svg>
  );
}
