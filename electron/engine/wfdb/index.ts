export * from './aami-map';
export * from './annotations';
export * from './header';
export * from './record';
export * from './records';
export * from './signal-format';
export * from './writer';
