import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const playwrightOnly = {
  name: '@playwright/test',
  message: 'Only src/playwright, specs and tests may use Playwright.',
};
const layer = (patterns, message) => ({ group: patterns, message });

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'reports/',
      'test-results/',
      'test-results-project/',
      'playwright-report/',
      'blob-report/',
      'scratch/',
      'bench/tmp/',
      'build/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  // Plain JavaScript that runs before tsx (src/cli/prestart.mjs): tsc checks its names (// @ts-check), as in .ts.
  { files: ['**/*.mjs'], rules: { 'no-undef': 'off' } },
  // The same for the CommonJS preloaded into Playwright's runner (src/cli/runner-preload.cjs): `--require` takes
  // CommonJS, so `require` is how it imports.
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { 'no-undef': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  // No import circle anywhere in src/: a layer you can name has a direction (ARCHITECTURE.md).
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // The layers (ARCHITECTURE.md): each folder lists what it must not import.
  {
    files: ['src/contract/**', 'src/cases/**', 'src/fuzz/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [playwrightOnly],
          patterns: [
            layer(
              ['**/playwright/**', '**/tenant/**', '**/client/**', '**/config/**'],
              'The contract core is pure: spec, schemas, cases, checks.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/report/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [playwrightOnly],
          patterns: [
            layer(
              ['**/playwright/**', '**/tenant/**', '**/client/**', '**/config/**', '**/cli/**'],
              'The report layer is pure: verdict, model and renderers over plain data; the Playwright reporter and the CLI call it.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/safety/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [playwrightOnly],
          patterns: [
            layer(
              [
                '**/playwright/**',
                '**/tenant/**',
                '**/client/**',
                '**/config/**',
                '**/contract/**',
                '**/cases/**',
              ],
              'The output exit is pure: it knows the credentials it is given, nothing else.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/tenant/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            playwrightOnly,
            {
              name: 'ajv',
              message: "The reference tenant validates on its own, never with the suite's validator.",
            },
          ],
          patterns: [
            layer(
              ['**/contract/**', '**/cases/**', '**/playwright/**', '**/client/**', '**/config/**'],
              'The reference tenant is a separate program.',
            ),
          ],
        },
      ],
    },
  },
  // Everything handed to Playwright passes the output exit: annotations and attachments only through
  // src/playwright/handoff.ts (its reporters write what they are given, tenant text included).
  {
    files: ['src/**', 'specs/**'],
    ignores: ['src/playwright/handoff.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(push|unshift)$/][callee.object.property.name=/^(annotations|attachments)$/]',
          message: 'Through src/playwright/handoff.ts (annotate, attachJson): it passes the output exit.',
        },
        {
          selector: "CallExpression[callee.property.name='attach']",
          message: 'Through src/playwright/handoff.ts (attachJson): it passes the output exit.',
        },
      ],
    },
  },
  {
    files: ['src/client/**', 'src/config/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [playwrightOnly],
          patterns: [layer(['**/playwright/**'], 'Client and config know nothing of Playwright.')],
        },
      ],
    },
  },
);
