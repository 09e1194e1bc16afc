// The expression language (where filters, segment filters, formula KPIs): public entry point.

export * from './ast';
export * from './errors';
export * from './keywords';
export * from './tokenize';
export * from './parse';
export * from './children';
export * from './names';
export * from './dates';
export * from './functions';
export * from './decimal';
export * from './typecheck';
export * from './format';
