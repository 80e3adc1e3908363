// The CLIs' one way to read the configuration: a bad value stops the process with the one line
// that names it (exit 1 unless the command documents another code), never a stack trace.
import { ConfigError, parseEnv, type Env } from "../app/env.server";

export function envOrExit(code = 1): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(code);
  }
}
