// fontkit ships no types; pdfkit accepts its font objects (anything with a `layout` method).
declare module "fontkit" {
  export function create(buffer: Uint8Array, postscriptName?: string): { layout: (...args: unknown[]) => unknown };
}
