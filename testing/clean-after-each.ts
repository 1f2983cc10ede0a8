import { afterEach } from 'vitest';

/**
 * Registers what a test makes (a scratch repository, anything with `cleanup()`) to be removed after each test of
 * the file: `const track = cleanAfterEach<GitRepo>(); const repo = track(createGitRepo());`.
 */
export function cleanAfterEach<T extends { cleanup(): void }>(): (made: T) => T {
  const made: T[] = [];
  afterEach(() => {
    for (const item of made.splice(0)) item.cleanup();
  });
  return (item) => {
    made.push(item);
    return item;
  };
}
