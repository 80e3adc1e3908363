import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** The TCP peer's address, for per-address limits (no proxy is trusted). */
    clientAddress?: string;
  }
}

export {};
