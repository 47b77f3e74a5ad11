export * from './inference-service';
export * from './load-manifest';
export * from './ensemble-math';
export * from './saliency';
export * from './map-saliency';
export * from './tta';
export * from './thread-plan';
