/**
 * The choice-sequence arbitrary random mode runs: arrays of naturals in [0, choiceMax], one
 * choice per step of a walk.
 *
 * fast-check draws array lengths roughly uniformly in [0, maxLength], so half of a plain
 * `fc.array`'s walks would stop before `maxSteps` for nothing (a longer walk only adds states to
 * the one its prefix visits). This arbitrary draws every sequence at full length and shrinks it
 * like a plain `fc.array` (shorter arrays first, then smaller choices), so the counterexample still
 * loses the moves it does not need.
 */
import fc from 'fast-check';

/** Options of `choiceSequence`. */
export interface ChoiceSequenceOptions {
  /** Choices per sequence: the longest walk. */
  readonly length: number;
  /** Largest choice. */
  readonly choiceMax: number;
  /** Draw every sequence at full length (default) rather than at a random length. */
  readonly fullLength?: boolean;
}

/** An arbitrary of choice sequences. */
export function choiceSequence(options: ChoiceSequenceOptions): fc.Arbitrary<number[]> {
  const choice = fc.nat({ max: options.choiceMax });
  const shrinker = fc.array(choice, { minLength: 0, maxLength: options.length, size: 'max' });
  if (options.fullLength === false) return shrinker;
  const generator = fc.array(choice, { minLength: options.length, maxLength: options.length });
  return new FullLengthArbitrary(generator, shrinker);
}

/** Generates with `generator`, shrinks (without context) with `shrinker`. */
class FullLengthArbitrary extends fc.Arbitrary<number[]> {
  constructor(
    private readonly generator: fc.Arbitrary<number[]>,
    private readonly shrinker: fc.Arbitrary<number[]>,
  ) {
    super();
  }

  override generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<number[]> {
    return new fc.Value(this.generator.generate(mrng, biasFactor).value, undefined);
  }

  override canShrinkWithoutContext(value: unknown): value is number[] {
    return this.shrinker.canShrinkWithoutContext(value);
  }

  override shrink(value: number[], context: unknown): fc.Stream<fc.Value<number[]>> {
    return this.shrinker.shrink(value, context);
  }
}
