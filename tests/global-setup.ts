import { emptyTestFolders } from './support/test-folder';

/** Before the project's tests: the folders the last run's tests left for a look (tests/support/test-folder.ts). */
export default function globalSetup(): void {
  emptyTestFolders();
}
