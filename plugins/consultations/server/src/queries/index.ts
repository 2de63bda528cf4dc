export * from './consultations';
export * from './contributions';
export * from './results';
export * from './workbench';
