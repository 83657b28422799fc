/**
 * A tiny compensating-steps runner (the shape of Medusa's workflow steps, without an engine): each
 * step's `invoke` result is kept; when a later step throws, the compensations of the steps that
 * completed run in reverse order, each undoing only its own effect, and the original error is
 * rethrown. A compensation that fails is reported through `onCompensationError` and does not mask it.
 */
export interface Step<Ctx> {
  name: string;
  invoke: (ctx: Ctx) => Promise<void>;
  compensate?: (ctx: Ctx) => Promise<void>;
}

export const runSteps = async <Ctx>(
  ctx: Ctx,
  steps: Step<Ctx>[],
  options: { onCompensationError?: (step: string, error: unknown) => void } = {}
): Promise<Ctx> => {
  const done: Step<Ctx>[] = [];
  try {
    for (const step of steps) {
      await step.invoke(ctx);
      done.push(step);
    }
    return ctx;
  } catch (error) {
    for (const step of done.reverse()) {
      if (!step.compensate) continue;
      try {
        await step.compensate(ctx);
      } catch (compensationError) {
        options.onCompensationError?.(step.name, compensationError);
      }
    }
    throw error;
  }
};
