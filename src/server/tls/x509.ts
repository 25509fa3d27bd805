/** @peculiar/x509, loaded after the Reflect metadata it needs. Import it from here only. */
import './reflect-metadata-shim.js';

export * as x509 from '@peculiar/x509';
