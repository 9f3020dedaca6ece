/**
 * This copy of the SDK's version, kept equal to package.json's (a test checks): a warning about
 * two copies on one page names theirs, and a host can log it beside its own.
 */
export const LIFELINE_VERSION = '0.1.0';
