export * from './enums';
export * from './org';
export * from './customers';
export * from './plans';
export * from './visits';
export * from './imports';
export * from './audit';
export * from './policy';
