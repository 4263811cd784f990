/** Background parts of the imaging module: the job worker, the demo loader, the PACS sync. */
import type { ImagingDemo } from './demo.service.ts';
import type { JobWorker } from './jobs.ts';

export interface ImagingRuntime {
  worker?: JobWorker;
  demo?: ImagingDemo;
  stopSync?: () => Promise<void>;
  /** Model registration, then the demo loader, started in the background at onReady. */
  startup?: Promise<void>;
  /** Set when the app closes, so the background start-up does not begin new work. */
  closing?: boolean;
}
