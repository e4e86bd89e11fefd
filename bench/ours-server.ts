/**
 * The service as the bench runs it: exactly `npm start`'s entry point (src/main.ts), configured by the
 * environment the bench passes. A separate file so the bench's API processes have their own command line.
 */
import '../src/main';
