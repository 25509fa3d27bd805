/** @peculiar/x509, loaded after the Reflect metadata polyfill its dependency injection needs. Import it from here only. */
import { createRequire } from 'node:module';
import type * as X509 from '@peculiar/x509';

const require = createRequire(import.meta.url);
require('reflect-metadata');

export const x509: typeof X509 = require('@peculiar/x509');
export type { X509 };
