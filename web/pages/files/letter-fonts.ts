import regularUrl from "@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf?url";
import italicUrl from "@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf?url";
import boldUrl from "@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf?url";
import type { LetterFonts } from "./apology-pdf";

/**
 * Tinos (SIL OFL 1.1, metric-compatible with Times New Roman, the typeface of Vietnamese
 * administrative documents), from the npm package @expo-google-fonts/tinos: served as hashed
 * assets by the app, so the print page and the PDF use the same glyphs, without any download
 * from elsewhere.
 */
export const LETTER_FONT_FAMILY = "Tinos";

let registered = false;

/** Makes the font available to the print page's CSS (`font-family: Tinos`). */
export function registerLetterFont(): void {
  if (registered || typeof FontFace === "undefined") return;
  registered = true;
  const faces = [
    new FontFace(LETTER_FONT_FAMILY, `url(${regularUrl})`, { weight: "400", style: "normal" }),
    new FontFace(LETTER_FONT_FAMILY, `url(${boldUrl})`, { weight: "700", style: "normal" }),
    new FontFace(LETTER_FONT_FAMILY, `url(${italicUrl})`, { weight: "400", style: "italic" }),
  ];
  for (const face of faces) document.fonts.add(face);
}

async function bytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`font ${url}: ${response.status}`);
  return response.arrayBuffer();
}

/** The font files, for the PDF. */
export async function letterFontBytes(): Promise<LetterFonts> {
  const [regular, bold, italic] = await Promise.all([bytes(regularUrl), bytes(boldUrl), bytes(italicUrl)]);
  return { regular, bold, italic };
}
