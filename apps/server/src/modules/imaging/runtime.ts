/** Background parts of the imaging module: the job worker, the demo loader, the PACS sync. */
import type { ImagingDemo } from './demo.service.ts';
import type { JobWorker } from './jobs.ts';

export interface ImagingRuntime {
  worker?: JobWorker;
  demo?: ImagingDemo;
  stopSync?: () => Promise<void>;
}
