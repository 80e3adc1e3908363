// Lint (npm run lint, part of npm test): typescript-eslint's recommended rules, plus the
// type-aware promise rules the async data port relies on: a promise that is neither awaited nor
// handled, or an async function where a synchronous callback is expected, is an error.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", ".tmp/**", "data/**", "test-results/**", "playwright-report/**", "**/*.js", "**/*.cjs", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  // Remix's own type references.
  { files: ["remix.env.d.ts"], rules: { "@typescript-eslint/triple-slash-reference": "off" } },
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      // `_name` marks a deliberately unused binding (a destructured field left out, a port argument).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
);
