export { registerBackupRoutes } from './backup.routes.js';
export { type BackupDeps, type RestoreReport, restoreBackup, takeBackup } from './backup.service.js';
export { installBackupMetrics, runScheduledBackup, startBackupSchedule } from './backup-schedule.js';
