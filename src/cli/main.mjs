// @ts-check
/**
 * `npm run conformance`'s script: the CLI (src/cli/conformance.ts) from its built form, or from source through
 * tsx when none can be built (src/cli/cli-build.mjs).
 */
import { builtModule, importModule } from './cli-build.mjs';

await importModule(await builtModule());
