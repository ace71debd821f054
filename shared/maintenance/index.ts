export { MaintenanceService, type MaintenanceJobSpec, type JobResult, type PassResult, type MaintenanceDeps } from './service.ts';
export { DEFAULT_SETTINGS, type MaintenanceSettings } from './settings.ts';
export type { MaintenanceReport, GcReport } from './report.ts';
export { segmentKey } from './segment-key.ts';
export { DATA_PREFIXES, PENDING_KEY } from './gc.ts';
