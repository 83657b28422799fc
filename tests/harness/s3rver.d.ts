// s3rver ships no types; this is the surface tests/harness/s3.ts uses.
declare module 's3rver' {
  class S3rver {
    constructor(options: Record<string, unknown>);
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  }
  export = S3rver;
}
