import { ConfigError } from '@/lib/platform/config/env';
import { describeServiceError } from './services';

/**
 * Runs a script's main function and turns the failures an operator can fix (configuration,
 * services not running) into one readable line instead of a stack trace.
 */
export function runScript(main: () => Promise<void | number>): void {
  main().then(
    // A main that set process.exitCode (a bench whose checks failed, after printing its figures) keeps it.
    (code) => process.exit(typeof code === 'number' ? code : Number(process.exitCode ?? 0)),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        console.error(error.message);
        process.exit(2);
      }
      const service = describeServiceError(error);
      if (service) {
        console.error(service);
        process.exit(3);
      }
      console.error(error);
      process.exit(1);
    },
  );
}
